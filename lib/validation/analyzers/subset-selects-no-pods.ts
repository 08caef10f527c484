import { qualify, servicesByHost } from '../../private/analysis/hosts';
import { asLabels, asString, findingFor, namespaceOf, ofKind, refOf, showLabels, specOf } from '../../private/analysis/objects';
import { byNamespace, selects, Workload, workloadsOf } from '../../private/analysis/workloads';
import { asRecord, at, items, NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'IST0173';

/**
 * The labels subsets can select a workload's pods by: its own, and those Istio adds from the Node a pod runs on
 * (`spec.nodeName`): `kubernetes.io/hostname`, and the Node's `topology.kubernetes.io/region`, `.../zone` and
 * `topology.istio.io/subzone` when not empty (Istio 1.30.3 pilot/pkg/serviceregistry/util/label/label.go AugmentLabels).
 */
function podLabels(w: Workload, nodes: ReadonlyMap<string, Readonly<Record<string, string>>>): Readonly<Record<string, string>> {
  const nodeName = asString(w.podSpec.nodeName);
  if (!nodeName) return w.labels;
  const node = nodes.get(nodeName) ?? {};
  const region = node['topology.kubernetes.io/region'];
  const zone = node['topology.kubernetes.io/zone'];
  const subzone = zone ? node['topology.istio.io/subzone'] : undefined;
  return {
    ...w.labels,
    ...(region ? { 'topology.kubernetes.io/region': region } : {}),
    ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}),
    ...(subzone ? { 'topology.istio.io/subzone': subzone } : {}),
    'kubernetes.io/hostname': nodeName,
  };
}

/**
 * IST0173 (error): a DestinationRule subset whose labels, together with the Service's selector, select none of the
 * Service's workloads (requests routed to it fail with 503 UH), as Istio 1.30.3
 * pkg/config/analysis/analyzers/destinationrule/subset.go. Istio matches the cluster's pods of any namespace: here the
 * workloads of the set (pod templates included) of the Service's namespace stand for them (deliberately stricter:
 * pods of another namespace are not the Service's endpoints). Not judged for a set without any workload, nor for a
 * Service without selector.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0173/
 */
export const subsetSelectsNoPods: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const all = workloadsOf(objects);
    if (all.length === 0) return [];
    const services = servicesByHost(objects);
    const workloads = byNamespace(all);
    const nodes = new Map(ofKind(objects, '', 'Node').map((n) => [asString(n.metadata?.name) ?? '', asLabels(n.metadata?.labels)]));
    const findings: Finding[] = [];
    for (const dr of ofKind(objects, NETWORKING, 'DestinationRule')) {
      const service = services.get(qualify(asString(specOf(dr).value.host) ?? '', namespaceOf(dr) ?? 'default'));
      const selector = asLabels(asRecord(service?.spec).selector);
      if (!service || Object.keys(selector).length === 0) continue;
      const backends = (workloads.get(namespaceOf(service) ?? 'default') ?? []).filter((w) => selects(selector, w.labels));
      for (const subset of items(specOf(dr), 'subsets')) {
        const wanted = { ...selector, ...asLabels(asRecord(subset.value).labels) };
        if (backends.some((w) => selects(wanted, podLabels(w, nodes)))) continue;
        const seen = backends.length === 0
          ? `the manifests have no workload its selector ${showLabels(selector)} selects`
          : `its workloads: ${backends.map((w) => `${w.obj.kind}/${w.obj.metadata?.name} ${showLabels(podLabels(w, nodes))}`).join('; ')}`;
        findings.push(findingFor(dr, CODE, Severity.ERROR, at(subset.path, 'labels'),
          `subset "${asString(asRecord(subset.value).name) ?? ''}" selects ${showLabels(wanted)} (with Service ${refOf(service)}'s selector), `
          + `which matches none of its workloads (${seen}), so requests routed to it fail with 503 UH; fix the subset labels or deploy a matching workload`));
      }
    }
    return findings;
  },
};
