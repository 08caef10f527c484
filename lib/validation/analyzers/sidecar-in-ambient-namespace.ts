import { namespaceOf } from '../../private/analysis/objects';
import { DATAPLANE_MODE } from '../../private/model/mesh-index';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3012';

/**
 * CDKI3012 (warning): a workload whose pods are enrolled in ambient mode (`istio.io/dataplane-mode=ambient` on them or
 * their namespace) and also get a sidecar (`sidecar.istio.io/inject: "true"`, or injection enabled by default). ztunnel
 * skips pods with a sidecar, so they run in sidecar mode, not as the ambient label says. A Namespace carrying both an
 * injection label and the ambient label is IST0123's (namespace-multiple-injection-labels) and not reported again.
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
    return findings;
  },
};
