import { hostsOverlap } from '../../private/analysis/hosts';
import { asString, findingFor, namespaceOf, ofKind, specOf } from '../../private/analysis/objects';
import { gatewayKey, gatewaysOf, isInternalGatewayReference, MESH_GATEWAY } from '../../private/analysis/virtual-services';
import { items, NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0132';

/** The hosts a Gateway's servers expose to VirtualServices of `vsNamespace` (`ns/host`, `./host` and `*` scopes handled). */
function hostsFor(gateway: ManifestObject, vsNamespace: string): string[] {
  const out: string[] = [];
  for (const server of items(specOf(gateway), 'servers')) {
    for (const h of items(server, 'hosts')) {
      const host = asString(h.value);
      if (!host) continue;
      const slash = host.indexOf('/');
      const scope = slash < 0 ? '*' : host.slice(0, slash);
      const scopeNs = scope === '.' ? namespaceOf(gateway) : scope;
      if (scopeNs === '*' || scopeNs === vsNamespace) out.push(host.slice(slash + 1));
    }
  }
  return out;
}

/**
 * IST0132: a VirtualService is bound to a Gateway none of whose servers expose any of the VirtualService's hosts, or
 * to a Gateway the set does not define (it exposes nothing; gateways declared external are not judged). As Istio
 * 1.30.3 pkg/config/analysis/analyzers/virtualservice/gateways.go vsHostInGateway (`spec.gateways` only).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0132/
 */
export const hostNotInGateway: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const externals = new Set(external.gateways ?? []);
    const gateways = new Map(ofKind(objects, NETWORKING, 'Gateway').map((gw) => [`${namespaceOf(gw)}/${gw.metadata?.name}`, gw]));
    const findings: Finding[] = [];
    for (const vs of ofKind(objects, NETWORKING, 'VirtualService')) {
      const ns = namespaceOf(vs) ?? 'default';
      const vsHosts = items(specOf(vs), 'hosts').map((h) => asString(h.value)).filter((h) => h !== undefined);
      for (const { ref, path } of gatewaysOf(vs)) {
        const key = gatewayKey(ref, ns);
        if (ref === MESH_GATEWAY || isInternalGatewayReference(ref) || externals.has(key)) continue;
        const gateway = gateways.get(key);
        const served = gateway ? hostsFor(gateway, ns) : [];
        if (vsHosts.some((vh) => served.some((gh) => hostsOverlap(gh, vh)))) continue;
        findings.push(findingFor(vs, CODE, Severity.WARNING, path,
          `none of the hosts [${vsHosts.join(', ')}] is served by gateway ${key} `
          + `(${gateway ? `its servers expose [${served.join(', ')}] to namespace ${ns}` : 'not defined in the manifests'}), so these routes are never used there; `
          + 'add the host to a server of the Gateway or fix spec.hosts'));
      }
    }
    return findings;
  },
};
