import { annotatedExternalHosts } from '../../private/external-hosts';
import { hostCovers } from '../../private/hosts';
import { isClusterLocal, isExternalHost, qualify } from '../../private/analysis/hosts';
import { asString, findingFor, namespaceOf, ofKind, specOf } from '../../private/analysis/objects';
import { exportToOf, MeshIndex, Obj } from '../../private/model/mesh-index';
import { asRecord, at, field, items, NETWORKING } from '../../private/rules/object';
import { allRoutes, destinations } from '../../private/rules/virtual-service';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0101';

/**
 * The namespaces whose view of the registry a VirtualService's destinations are looked up in, as Istio 1.30.3
 * pkg/config/analysis/analyzers/util/service_lookup.go GetDestinationHost: those of its explicit `exportTo` (`.` its
 * own; `*` meaning exported to all), else its own.
 */
function lookupScopes(vs: ManifestObject, namespace: string): string[] {
  const exportTo = items(specOf(vs), 'exportTo').map((e) => String(e.value));
  return exportTo.length === 0 ? [namespace] : exportTo.map((e) => (e === '.' ? namespace : e));
}

/**
 * The ports of the Service or ServiceEntries of host `fqdn` that one of `scopes` sees (`*`: exported to all), by the
 * mesh model's exportTo (object, Service annotation, mesh default); `undefined` when none does.
 */
function portsOf(index: MeshIndex, fqdn: string, scopes: readonly string[]): readonly number[] | undefined {
  const sees = (obj: Obj): boolean => scopes.some((s) => (s === '*' ? exportToOf(obj, index.settings.defaultExportTo).includes('*') : index.visible(obj, s)));
  const service = index.services.get(fqdn);
  if (service && sees(service.obj)) return service.ports.map((p) => p.port);
  const entries = index.entries.filter((e) => e.hosts.some((h) => hostCovers(h, fqdn)) && sees(e.obj));
  return entries.length > 0 ? entries.flatMap((e) => e.ports) : undefined;
}

/**
 * IST0101 (error): a VirtualService routes or mirrors to a host that no Service or ServiceEntry of the set declares
 * for the namespaces the VirtualService applies in (exportTo of both, the Service annotation
 * `networking.istio.io/exportTo` and the mesh defaults, as the mesh model reads them), or to a port that Service or
 * ServiceEntry does not expose; as Istio 1.30.3 pkg/config/analysis/analyzers/virtualservice/destinationhosts.go.
 * A route entry without a destination host is reported too, as Istio does. Hosts declared external, by option or by
 * the VirtualService's `validation.cdk8s-istio.io/external-hosts` annotation, are not judged.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0101/
 */
export const destinationHostNotFound: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const vss = ofKind(objects, NETWORKING, 'VirtualService');
    if (vss.length === 0) return [];
    const index = modelOf(objects, external.hosts)._index;
    const findings: Finding[] = [];
    for (const vs of vss) {
      const ns = namespaceOf(vs) ?? 'default';
      const scopes = lookupScopes(vs, ns);
      const declared = [...(external.hosts ?? []), ...annotatedExternalHosts(vs)];
      for (const route of allRoutes(specOf(vs)).flatMap((rule) => items(rule, 'route'))) {
        if (asString(asRecord(asRecord(route.value).destination).host)) continue;
        findings.push(findingFor(vs, CODE, Severity.ERROR, at(at(route.path, 'destination'), 'host'),
          'route destination names no host, so it sends nowhere; set destination.host to a Service or ServiceEntry host'));
      }
      for (const dest of destinations(specOf(vs))) {
        const host = asString(asRecord(dest.value).host);
        if (!host || isExternalHost(declared, host, ns)) continue;
        const fqdn = qualify(host, ns);
        const ports = portsOf(index, fqdn, scopes);
        if (!ports) {
          findings.push(findingFor(vs, CODE, Severity.ERROR, at(dest.path, 'host'), explain(host, fqdn, index, scopes)));
          continue;
        }
        const port = field(field(dest, 'port'), 'number');
        if (typeof port.value === 'number' && !ports.includes(port.value)) {
          findings.push(findingFor(vs, CODE, Severity.ERROR, port.path,
            `destination port ${port.value} is not a port of ${fqdn} (${ports.join(', ') || 'none'}), so the route has no cluster to send to; use one of those ports`));
        }
      }
    }
    return findings;
  },
};

function explain(host: string, fqdn: string, index: MeshIndex, scopes: readonly string[]): string {
  const [name, ns, ...rest] = host.split('.');
  const hidden = index.services.get(fqdn) ?? index.entries.find((e) => e.hosts.includes(fqdn));
  if (hidden) {
    return `destination host "${host}" is ${hidden.obj.kind} ${hidden.ref}, which is not exported to ${scopes.map((s) => (s === '*' ? 'every namespace' : `namespace ${s}`)).join(' or ')} `
      + `(exportTo ${exportToOf(hidden.obj, index.settings.defaultExportTo).join(', ')}), where this VirtualService applies; export it there, or fix the VirtualService's exportTo`;
  }
  if (rest.length === 0 && ns !== undefined && index.services.has(qualify(name, ns))) {
    return `destination host "${host}" is read by Istio as a fully qualified name, not as Service ${ns}/${name}; use "${qualify(name, ns)}"`;
  }
  if (isClusterLocal(fqdn)) {
    return `destination host "${host}" (${fqdn}) matches no Service or ServiceEntry in the manifests; `
      + 'fix the host, add the Service, or declare it external (--external-host, or the validation.cdk8s-istio.io/external-hosts annotation)';
  }
  return `destination host "${host}" is not cluster-local and no ServiceEntry declares it; `
    + `add a ServiceEntry with hosts: ["${host}"], or declare it external (--external-host)`;
}
