import { annotatedExternalHosts } from '../../private/external-hosts';
import { isExternalHost, qualify } from '../../private/analysis/hosts';
import { asString, findingFor, namespaceOf, ofKind, specOf } from '../../private/analysis/objects';
import { lookUpService, serviceHostMap, stringsOf, wildcardCoversService } from '../../private/analysis/service-lookup';
import { NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0174';

/**
 * IST0174: a DestinationRule's `host` matches no Service or ServiceEntry visible to it (looked up with the rule's
 * `exportTo`), so its policy applies to nothing, as Istio 1.30.3's
 * pkg/config/analysis/analyzers/destinationrule/subset.go judges it. Hosts declared external (option, or the
 * `validation.cdk8s-istio.io/external-hosts` annotation of any object of the set, e.g. the VirtualService that routes
 * to an egress gateway installed with Istio) are not reported. Unlike istioctl, a wildcard host
 * (`*.local`, as in a mesh-wide rule) that covers a service visible from the rule's namespace is not reported: it
 * applies to that service.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0174/
 */
export const destinationRuleHostNotFound: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const services = serviceHostMap(objects);
    const declared = [...(external.hosts ?? []), ...objects.flatMap((o) => annotatedExternalHosts(o).map((h) => qualify(h, namespaceOf(o) ?? 'default')))];
    const findings: Finding[] = [];
    for (const dr of ofKind(objects, NETWORKING, 'DestinationRule')) {
      const ns = namespaceOf(dr) ?? 'default';
      const spec = specOf(dr).value;
      const host = asString(spec.host);
      if (!host || lookUpService(services, ns, stringsOf(spec.exportTo), host) || wildcardCoversService(services, ns, host)) continue;
      if (isExternalHost(declared, host, ns)) continue;
      findings.push(findingFor(dr, CODE, Severity.WARNING, 'spec.host',
        `host "${host}" matches no Service or ServiceEntry of the mesh visible from namespace ${ns}, so this DestinationRule applies to nothing; `
        + 'fix the host, add the Service or ServiceEntry, or declare it external (--external-host)'));
    }
    return findings;
  },
};
