import { asLabels, findingFor, namespaceOf, ofKind } from '../../private/analysis/objects';
import { selects } from '../../private/analysis/workloads';
import { DATAPLANE_MODE } from '../../private/model/mesh-index';
import { asRecord, NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3012';

/**
 * CDKI3012 (warning): a workload whose pods are enrolled in ambient mode (`istio.io/dataplane-mode=ambient` on them or
 * their namespace) and also get a sidecar (`sidecar.istio.io/inject: "true"`, or injection enabled by default). ztunnel
 * skips pods with a sidecar, so they run in sidecar mode, not as the ambient label says. A Namespace carrying both an
 * injection label and the ambient label is IST0123's (namespace-multiple-injection-labels) and not reported again.
 * Also a `Sidecar` resource outside the root namespace whose pods (those of the set it selects, or its namespace when
 * it selects none of them) are all in ambient mode: it has no effect, as no proxy of theirs reads it.
 * @see https://istio.io/latest/docs/ambient/usage/add-workloads/ (pods with sidecars are not captured by ztunnel)
 * @see Istio 1.30.3 cni/pkg/util/enablement_selector.go Matches ("Ztunnel and sidecar for a single pod is currently not supported; opt out")
 */
export const sidecarInAmbientNamespace: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const index = modelOf(objects, external.hosts)._index;
    const findings: Finding[] = [];
    for (const pod of index.pods) {
      const nsLabels = index.namespaceLabels.get(pod.namespace) ?? {};
      const ambient = (pod.labels[DATAPLANE_MODE] ?? nsLabels[DATAPLANE_MODE]) === 'ambient';
      const nsInjection = nsLabels['istio-injection'] !== undefined || nsLabels['istio.io/rev'] !== undefined;
      if (!ambient || pod.sidecar !== true || (nsInjection && pod.labels[DATAPLANE_MODE] === undefined)) continue;
      const obj = objects.find(o => o.metadata?.name === pod.name && (namespaceOf(o) ?? 'default') === pod.namespace && o.kind !== 'Service');
      if (!obj) continue;
      const why = pod.labels[DATAPLANE_MODE] === 'ambient' ? `its pods are labelled ${DATAPLANE_MODE}=ambient` : `namespace ${pod.namespace} is ambient (${DATAPLANE_MODE}=ambient)`;
      findings.push({
        code: CODE, severity: Severity.WARNING, kind: obj.kind, name: obj.metadata?.name, namespace: pod.namespace, path: obj.kind === 'Pod' ? 'metadata.labels' : 'spec.template.metadata.labels',
        message: `${why}, but its pods get a sidecar, and ztunnel skips pods with a sidecar: they run in sidecar mode; `
          + 'remove the sidecar injection (sidecar.istio.io/inject) or the ambient enrolment',
      });
    }
    for (const sidecar of ofKind(objects, NETWORKING, 'Sidecar')) {
      const ns = namespaceOf(sidecar) ?? 'default';
      if (ns === index.settings.rootNamespace) continue;
      const selector = asLabels(asRecord(asRecord(sidecar.spec).workloadSelector).labels);
      const pods = (index.podsByNamespace.get(ns) ?? []).filter(p => selects(selector, p.labels));
      const ambient = pods.length > 0 ? pods.every(p => p.ambient) : index.namespaceLabels.get(ns)?.[DATAPLANE_MODE] === 'ambient';
      if (!ambient) continue;
      findings.push(findingFor(sidecar, CODE, Severity.WARNING, pods.length > 0 ? 'spec.workloadSelector' : 'metadata.namespace',
        `applies to ${pods.length > 0 ? `pods in ambient mode (${pods.map(p => p.ref).join(', ')}), which have` : `ambient namespace ${ns}, whose pods have`} no sidecar, so this Sidecar has no effect; `
        + 'remove it: ambient mode needs none (ztunnel has no per-workload egress scoping, and a waypoint scopes L7)'));
    }
    return findings;
  },
};
