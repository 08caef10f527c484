import { hostsOverlap } from '../../private/analysis/hosts';
import { asString, findingFor, namespaceOf, ofKind, specOf } from '../../private/analysis/objects';
import { gatewayKey, gatewaysOf, MESH_GATEWAY } from '../../private/analysis/virtual-services';
import { items, NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

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
 * IST0132: a VirtualService is bound to a Gateway none of whose servers expose any of the VirtualService's hosts.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0132/
 */
export const hostNotInGateway: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const gateways = new Map(ofKind(objects, NETWORKING, 'Gateway').map((gw) => [`${namespaceOf(gw)}/${gw.metadata?.name}`, gw]));
    const findings: Finding[] = [];
    for (const vs of ofKind(objects, NETWORKING, 'VirtualService')) {
      const ns = namespaceOf(vs) ?? 'default';
      const vsHosts = items(specOf(vs), 'hosts').map((h) => asString(h.value)).filter((h) => h !== undefined);
      for (const { ref, path } of gatewaysOf(vs)) {
        const gateway = gateways.get(gatewayKey(ref, ns));
        if (ref === MESH_GATEWAY || !gateway) continue;
        const served = hostsFor(gateway, ns);
        if (vsHosts.some((vh) => served.some((gh) => hostsOverlap(gh, vh)))) continue;
        findings.push(findingFor(vs, CODE, Severity.WARNING, path,
          `none of the hosts [${vsHosts.join(', ')}] is served by gateway ${gatewayKey(ref, ns)} `
          + `(its servers expose [${served.join(', ')}] to namespace ${ns}), so these routes are never used there; `
          + 'add the host to a server of the Gateway or fix spec.hosts'));
      }
    }
    return findings;
  },
};
