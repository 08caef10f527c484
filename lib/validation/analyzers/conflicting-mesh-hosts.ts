import { hostsOverlap, qualify } from '../../private/analysis/hosts';
import { asString, findingFor, namespaceOf, ofKind, refOf, specOf } from '../../private/analysis/objects';
import { gatewaysOf, MESH_GATEWAY } from '../../private/analysis/virtual-services';
import { exportToOf } from '../../private/model/mesh-index';
import { items, NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0109';

/** A host of a mesh VirtualService, qualified, with its path. */
interface MeshHost {
  readonly vs: ManifestObject;
  readonly path: string;
  readonly host: string;
}

/**
 * IST0109 (error): two VirtualServices bound to the mesh gateway declare the same host for the same namespaces, so
 * sidecars pick one arbitrarily. As Istio 1.30.3 pkg/config/analysis/analyzers/virtualservice/conflictingmeshgatewayhosts.go:
 * hosts are keyed by the namespaces the VirtualService is exported to (`*` when it is exported to all) and qualified
 * host; a host exported to given namespaces also conflicts with an overlapping host (wildcards included) exported to
 * all. Each VirtualService is reported once. `exportTo` is read as the mesh model reads it (the meshConfig default
 * included); a VirtualService exported nowhere (`~`) conflicts with none.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0109/
 */
export const conflictingMeshHosts: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const meshBound = ofKind(objects, NETWORKING, 'VirtualService').filter((vs) => gatewaysOf(vs).some((g) => g.ref === MESH_GATEWAY));
    if (meshBound.length < 2) return [];
    const defaults = modelOf(objects, external.hosts)._index.settings.defaultExportTo;
    const byScope = new Map<string, { readonly scope: string; readonly host: string; readonly hosts: MeshHost[] }>();
    for (const vs of meshBound) {
      const ns = namespaceOf(vs) ?? 'default';
      const exportTo = exportToOf(vs, defaults);
      const scopes = exportTo.includes('*') ? ['*'] : [...new Set(exportTo.filter((e) => e !== '~').map((e) => (e === '.' ? ns : e)))];
      for (const h of items(specOf(vs), 'hosts')) {
        const written = asString(h.value);
        if (!written) continue;
        const host = qualify(written, ns);
        for (const scope of scopes) {
          const key = `${scope}/${host}`;
          const entry = byScope.get(key) ?? { scope, host, hosts: [] };
          entry.hosts.push({ vs, path: h.path, host });
          byScope.set(key, entry);
        }
      }
    }
    const exportedToAll = [...byScope.values()].filter((e) => e.scope === '*');
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const { scope, host, hosts } of byScope.values()) {
      const all = scope === '*' ? hosts : [...hosts, ...exportedToAll.filter((e) => hostsOverlap(e.host, host)).flatMap((e) => e.hosts)];
      // By namespace/name: an object declared twice is CDKI2002's, not a conflict with itself.
      const owners = [...new Set(all.map((e) => refOf(e.vs)))];
      if (owners.length < 2) continue;
      for (const ref of owners) {
        if (reported.has(ref)) continue;
        reported.add(ref);
        const own = all.find((e) => refOf(e.vs) === ref)!;
        const others = owners.filter((o) => o !== ref).join(', ');
        findings.push(findingFor(own.vs, CODE, Severity.ERROR, own.path,
          `mesh host "${own.host}" ${scope === '*' ? '' : `(for the sidecars of namespace ${scope}) `}is also declared by VirtualService ${others}; `
          + 'sidecars pick one arbitrarily, so merge them into one VirtualService'));
      }
    }
    return findings;
  },
};
