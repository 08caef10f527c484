import { annotatedExternalHosts } from '../../private/external-hosts';
import { isClusterLocal, isExternalHost, qualify } from '../../private/analysis/hosts';
import { asString, findingFor, namespaceOf, ofKind, specOf } from '../../private/analysis/objects';
import { lookUpService, lookupScopes } from '../../private/analysis/service-lookup';
import { exportToOf, MeshIndex } from '../../private/model/mesh-index';
import { asRecord, at, field, items, NETWORKING } from '../../private/rules/object';
import { allRoutes, destinations } from '../../private/rules/virtual-service';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0101';

/**
 * IST0101 (error): a VirtualService routes or mirrors to a host that resolves to no Service or ServiceEntry of the set,
 * or to a port the one it resolves to does not expose; as Istio 1.30.3
 * pkg/config/analysis/analyzers/virtualservice/destinationhosts.go, with istioctl's lookup ({@link lookUpService}:
 * the VirtualService's `exportTo`, wildcard ServiceEntry hosts, a Service before a ServiceEntry). Only where the set's
 * IstioOperator sets `meshConfig.defaultServiceExportTo` does it differ from istioctl: it reads that default as istiod
 * does, since a Service the mesh does not export to the VirtualService's namespaces gives the route no cluster there.
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
        const service = lookUpService(index, vs, host);
        if (!service) {
          findings.push(findingFor(vs, CODE, Severity.ERROR, at(dest.path, 'host'), explain(host, fqdn, index, lookupScopes(vs))));
          continue;
        }
        const { ports } = service;
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
