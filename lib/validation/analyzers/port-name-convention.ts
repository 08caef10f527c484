import { asLabels, asString, findingFor, namespaceOf, ofKind, specOf, SYSTEM_NAMESPACES } from '../../private/analysis/objects';
import { isIstioControlPlane, portProtocol } from '../../private/analysis/ports';
import { asRecord, At, at, items } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'IST0118';
/** The `gateway.istio.io/managed` values of the Services istiod deploys for Gateway API Gateways. */
const MANAGED = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

/**
 * The ports of the set's Services whose protocol Istio cannot tell, as Istio 1.30.3
 * pkg/config/analysis/analyzers/service/portname.go: control-plane Services (labels `istio:` or `release: istio`),
 * the Services istiod manages for Gateway API Gateways and those of the Kubernetes system namespaces are skipped;
 * of an ExternalName Service, a port named plain `tcp` too.
 */
export function unnamedPorts(objects: readonly ManifestObject[], externalName: boolean): { readonly svc: ManifestObject; readonly port: At }[] {
  const out: { svc: ManifestObject; port: At }[] = [];
  for (const svc of ofKind(objects, '', 'Service')) {
    const labels = asLabels(svc.metadata?.labels);
    if (SYSTEM_NAMESPACES.has(namespaceOf(svc) ?? 'default') || isIstioControlPlane(labels) || MANAGED.has(labels['gateway.istio.io/managed'])) continue;
    if ((specOf(svc).value.type === 'ExternalName') !== externalName) continue;
    for (const p of items(specOf(svc), 'ports')) {
      const port = asRecord(p.value);
      if (portProtocol(port) === undefined || (externalName && port.name === 'tcp')) out.push({ svc, port: p });
    }
  }
  return out;
}

/**
 * IST0118 (info): a Service port whose name is not `<protocol>[-<suffix>]` and whose `appProtocol` does not name a
 * protocol either, so Istio falls back to protocol sniffing. ExternalName Services are IST0150's.
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export const portNameConvention: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    return unnamedPorts(objects, false).map(({ svc, port: p }) => {
      const port = asRecord(p.value);
      const name = asString(port.name);
      return findingFor(svc, CODE, Severity.INFO, name ? at(p.path, 'name') : p.path,
        `port ${String(port.port)} ${name ? `name "${name}" does not` : 'has no name, so it does not'} follow Istio's <protocol>[-<suffix>] naming `
        + `and its protocol is sniffed; name it e.g. "http-${name ?? 'web'}" or "tcp-${name ?? 'data'}", or set appProtocol`);
    });
  },
};
