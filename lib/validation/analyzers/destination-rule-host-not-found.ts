import { annotatedExternalHosts } from '../../private/external-hosts';
import { isExternalHost, qualify } from '../../private/analysis/hosts';
import { asString, findingFor, namespaceOf, ofKind, specOf } from '../../private/analysis/objects';
import { lookUpService } from '../../private/analysis/service-lookup';
import { NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0174';

/**
 * IST0174: a DestinationRule's `host` matches no Service or ServiceEntry visible to it, so its policy applies to
 * nothing, as Istio 1.30.3's pkg/config/analysis/analyzers/destinationrule/subset.go judges it: looked up as
 * {@link lookUpService} does (istioctl's lookup with the rule's `exportTo`, reading `meshConfig.defaultServiceExportTo`
 * as istiod does). Hosts declared external (option, or the `validation.cdk8s-istio.io/external-hosts` annotation of any
 * object of the set, e.g. the VirtualService that routes to an egress gateway installed with Istio) are not reported.
 * Unlike istioctl, and as istiod applies it, a wildcard host (`*.local`, as in a mesh-wide rule) that covers a Service
 * or ServiceEntry visible from the rule's namespace is not reported ({@link LookupOptions.wildcardCovers}): it applies
 * to that service.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0174/
 */
export const destinationRuleHostNotFound: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const rules = ofKind(objects, NETWORKING, 'DestinationRule');
    if (rules.length === 0) return [];
    const index = modelOf(objects, external.hosts)._index;
    const declared = [...(external.hosts ?? []), ...objects.flatMap((o) => annotatedExternalHosts(o).map((h) => qualify(h, namespaceOf(o) ?? 'default')))];
    const findings: Finding[] = [];
    for (const dr of rules) {
      const ns = namespaceOf(dr) ?? 'default';
      const host = asString(specOf(dr).value.host);
      if (!host || lookUpService(index, dr, host, { wildcardCovers: true })) continue;
      if (isExternalHost(declared, host, ns)) continue;
      findings.push(findingFor(dr, CODE, Severity.WARNING, 'spec.host',
        `host "${host}" matches no Service or ServiceEntry of the mesh visible from namespace ${ns}, so this DestinationRule applies to nothing; `
        + 'fix the host, add the Service or ServiceEntry, or declare it external (--external-host)'));
    }
    return findings;
  },
};
