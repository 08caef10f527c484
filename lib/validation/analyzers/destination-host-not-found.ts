import { annotatedExternalHosts } from '../../private/external-hosts';
import { hostRegistry, isClusterLocal, isDeclared, isExternalHost, qualify } from '../../private/analysis/hosts';
import { asString, findingFor, namespaceOf, ofKind, specOf } from '../../private/analysis/objects';
import { asRecord, at, NETWORKING } from '../../private/rules/object';
import { destinations } from '../../private/rules/virtual-service';
import { Finding, ManifestObject, Severity } from '../finding';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0101';

/**
 * IST0101: a VirtualService routes or mirrors to a host that no Service or ServiceEntry of the set declares
 * (hosts declared external, by option or by the VirtualService's `validation.cdk8s-istio.io/external-hosts`
 * annotation, excepted).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0101/
 */
export const destinationHostNotFound: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const registry = hostRegistry(objects);
    const findings: Finding[] = [];
    for (const vs of ofKind(objects, NETWORKING, 'VirtualService')) {
      const ns = namespaceOf(vs) ?? 'default';
      const declared = [...(external.hosts ?? []), ...annotatedExternalHosts(vs)];
      for (const dest of destinations(specOf(vs))) {
        const host = asString(asRecord(dest.value).host);
        if (!host) continue;
        const fqdn = qualify(host, ns);
        if (fqdn.includes('*') || isDeclared(registry, fqdn) || isExternalHost(declared, host, ns)) continue;
        findings.push(findingFor(vs, CODE, Severity.ERROR, at(dest.path, 'host'), explain(host, fqdn, registry.services)));
      }
    }
    return findings;
  },
};

function explain(host: string, fqdn: string, services: ReadonlyMap<string, ManifestObject>): string {
  const [name, ns, ...rest] = host.split('.');
  if (rest.length === 0 && ns !== undefined && services.has(qualify(name, ns))) {
    return `destination host "${host}" is read by Istio as a fully qualified name, not as Service ${ns}/${name}; use "${qualify(name, ns)}"`;
  }
  if (isClusterLocal(fqdn)) {
    return `destination host "${host}" (${fqdn}) matches no Service or ServiceEntry in the manifests; `
      + 'fix the host, add the Service, or declare it external (--external-host, or the validation.cdk8s-istio.io/external-hosts annotation)';
  }
  return `destination host "${host}" is not cluster-local and no ServiceEntry declares it; `
    + `add a ServiceEntry with hosts: ["${host}"], or declare it external (--external-host)`;
}
