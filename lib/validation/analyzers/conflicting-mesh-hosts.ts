import { qualify } from '../../private/analysis/hosts';
import { asString, findingFor, namespaceOf, ofKind, refOf, specOf } from '../../private/analysis/objects';
import { gatewaysOf, MESH_GATEWAY } from '../../private/analysis/virtual-services';
import { items, NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'IST0109';

/** Namespaces a VirtualService is visible in: `*` for all, else its `exportTo` with `.` resolved. */
function scopesOf(vs: ManifestObject, namespace: string): string[] {
  const exportTo = items(specOf(vs), 'exportTo').map((e) => String(e.value));
  if (exportTo.length === 0 || exportTo.includes('*')) return ['*'];
  return [...new Set(exportTo.map((e) => (e === '.' ? namespace : e)))];
}

/**
 * IST0109: two VirtualServices bound to the mesh gateway declare the same host for the same namespaces (undefined behaviour).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0109/
 */
export const conflictingMeshHosts: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const byHost = new Map<string, { vs: ManifestObject; path: string; host: string }[]>();
    for (const vs of ofKind(objects, NETWORKING, 'VirtualService')) {
      if (!gatewaysOf(vs).some((g) => g.ref === MESH_GATEWAY)) continue;
      const ns = namespaceOf(vs) ?? 'default';
      for (const h of items(specOf(vs), 'hosts')) {
        const host = asString(h.value);
        if (!host) continue;
        for (const scope of scopesOf(vs, ns)) {
          const key = `${scope}/${qualify(host, ns)}`;
          byHost.set(key, [...(byHost.get(key) ?? []), { vs, path: h.path, host: qualify(host, ns) }]);
        }
      }
    }
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const entries of byHost.values()) {
      const owners = [...new Set(entries.map((e) => e.vs))];
      if (owners.length < 2) continue;
      for (const e of entries) {
        if (reported.has(`${refOf(e.vs)} ${e.path}`)) continue;
        reported.add(`${refOf(e.vs)} ${e.path}`);
        const others = owners.filter((o) => o !== e.vs).map(refOf).join(', ');
        findings.push(findingFor(e.vs, CODE, Severity.ERROR, e.path,
          `mesh host "${e.host}" is also declared by VirtualService ${others}; sidecars pick one arbitrarily, so merge them into one VirtualService`));
      }
    }
    return findings;
  },
};
