import { hostRegistry, qualify } from '../../private/analysis/hosts';
import { asLabels, asString, findingFor, namespaceOf, ofKind, refOf, showLabels, specOf } from '../../private/analysis/objects';
import { byNamespace, selects, workloadsOf } from '../../private/analysis/workloads';
import { asRecord, at, items, NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'IST0173';

/**
 * IST0173: a DestinationRule subset whose labels, together with the Service's selector, select none of the Service's workloads
 * (requests routed to it fail with 503 UH). Only judged when the set holds at least one workload of the Service.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0173/
 */
export const subsetSelectsNoPods: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const { services } = hostRegistry(objects);
    const workloads = byNamespace(workloadsOf(objects));
    const findings: Finding[] = [];
    for (const dr of ofKind(objects, NETWORKING, 'DestinationRule')) {
      const service = services.get(qualify(asString(specOf(dr).value.host) ?? '', namespaceOf(dr) ?? 'default'));
      const selector = asLabels(asRecord(service?.spec).selector);
      if (!service || Object.keys(selector).length === 0) continue;
      const backends = (workloads.get(namespaceOf(service) ?? 'default') ?? []).filter((w) => selects(selector, w.labels));
      if (backends.length === 0) continue;
      for (const subset of items(specOf(dr), 'subsets')) {
        const wanted = { ...selector, ...asLabels(asRecord(subset.value).labels) };
        if (backends.some((w) => selects(wanted, w.labels))) continue;
        const seen = backends.map((w) => `${w.obj.kind}/${w.obj.metadata?.name} ${showLabels(w.labels)}`).join('; ');
        findings.push(findingFor(dr, CODE, Severity.WARNING, at(subset.path, 'labels'),
          `subset "${asString(asRecord(subset.value).name) ?? ''}" selects ${showLabels(wanted)} (with Service ${refOf(service)}'s selector), `
          + `which matches none of its workloads (${seen}), so requests routed to it fail with 503 UH; fix the subset labels or deploy a matching workload`));
      }
    }
    return findings;
  },
};
