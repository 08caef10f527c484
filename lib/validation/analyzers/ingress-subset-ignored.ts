import { qualify } from '../../private/analysis/hosts';
import { asString, findingFor, namespaceOf, ofKind, refOf, specOf } from '../../private/analysis/objects';
import { gatewaysOf, MESH_GATEWAY } from '../../private/analysis/virtual-services';
import { asRecord, at, field, items, NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'IST0140';

/**
 * IST0140: a VirtualService bound to a gateway routes to a host without a subset, while another VirtualService of that
 * host routes it by subsets: routing rules are not chained, so those subsets have no effect on the gateway's requests
 * (Istio 1.30.3's pkg/config/analysis/analyzers/virtualservice/destinationhosts.go analyzeSubset). Unlike istioctl,
 * hosts are compared fully qualified (each relative to its VirtualService's namespace) rather than as written, a
 * VirtualService bound only to `mesh` is not judged, nor compared with itself, and each route is reported once per
 * other VirtualService.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0140/
 */
export const ingressSubsetIgnored: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const virtualServices = ofKind(objects, NETWORKING, 'VirtualService');
    const subsetRouted = new Map<ManifestObject, Set<string>>();
    for (const vs of virtualServices) {
      const ns = namespaceOf(vs) ?? 'default';
      const own = new Set(items(specOf(vs), 'hosts').map((h) => qualify(String(h.value), ns)));
      const hosts = new Set(routeDestinations(vs).filter((d) => asString(d.subset) && own.has(qualify(d.host, ns))).map((d) => qualify(d.host, ns)));
      if (hosts.size > 0) subsetRouted.set(vs, hosts);
    }
    const findings: Finding[] = [];
    for (const vs of virtualServices) {
      if (gatewaysOf(vs).every((g) => g.ref === MESH_GATEWAY)) continue;
      const ns = namespaceOf(vs) ?? 'default';
      for (const d of routeDestinations(vs)) {
        if (asString(d.subset)) continue;
        const host = qualify(d.host, ns);
        for (const [other, hosts] of subsetRouted) {
          if (other === vs || !hosts.has(host)) continue;
          findings.push(findingFor(vs, CODE, Severity.WARNING, d.path,
            `route to "${d.host}" has no subset, so the subsets VirtualService ${refOf(other)} routes it by have no effect on this gateway's requests `
            + '(routing rules are not chained); set destination.subset here if the gateway\'s requests are meant to follow them'));
        }
      }
    }
    return findings;
  },
};

/** The http route destinations of a VirtualService with a host. */
function routeDestinations(vs: ManifestObject): { readonly host: string; readonly subset: unknown; readonly path: string }[] {
  return items(specOf(vs), 'http').flatMap((rule) => items(rule, 'route')).map((rd) => field(rd, 'destination'))
    .map((d) => ({ host: asString(asRecord(d.value).host) ?? '', subset: asRecord(d.value).subset, path: at(d.path, 'subset') }))
    .filter((d) => d.host !== '');
}
