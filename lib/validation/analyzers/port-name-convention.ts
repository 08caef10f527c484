import { asString, findingFor, namespaceOf, ofKind, specOf, SYSTEM_NAMESPACES } from '../../private/analysis/objects';
import { asRecord, at, items } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'IST0118';
const PROTOCOLS = new Set(['http', 'http2', 'https', 'grpc', 'http_proxy', 'tcp', 'tls', 'udp', 'mongo', 'mysql', 'redis']);
/** Ports Istio treats as TCP whatever their name (SMTP, DNS, MySQL, MongoDB). */
const WELL_KNOWN_TCP = new Set([25, 53, 3306, 27017]);

/** True when Istio can tell the protocol of a Service port from its protocol, appProtocol, name or number. */
function classified(port: Readonly<Record<string, unknown>>): boolean {
  if (port.protocol === 'UDP' || asString(port.appProtocol)) return true;
  const name = (asString(port.name) ?? '').toLowerCase();
  return name.startsWith('grpc-web') || PROTOCOLS.has(name.split('-')[0]) || WELL_KNOWN_TCP.has(Number(port.port));
}

/**
 * IST0118: a Service port whose name is not `<protocol>[-<suffix>]` and has no `appProtocol`, so Istio falls back to protocol sniffing.
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export const portNameConvention: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const findings: Finding[] = [];
    for (const svc of ofKind(objects, '', 'Service')) {
      if (SYSTEM_NAMESPACES.has(namespaceOf(svc) ?? 'default')) continue;
      for (const p of items(specOf(svc), 'ports')) {
        const port = asRecord(p.value);
        if (classified(port)) continue;
        const name = asString(port.name);
        findings.push(findingFor(svc, CODE, Severity.INFO, name ? at(p.path, 'name') : p.path,
          `port ${String(port.port)} ${name ? `name "${name}" does not` : 'has no name, so it does not'} follow Istio's <protocol>[-<suffix>] naming `
          + `and its protocol is sniffed; name it e.g. "http-${name ?? 'web'}" or "tcp-${name ?? 'data'}", or set appProtocol`));
      }
    }
    return findings;
  },
};
