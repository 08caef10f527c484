import { asString, findingFor, ofKind, ROOT_NAMESPACE, SYSTEM_NAMESPACES } from '../../private/analysis/objects';
import { workloadsOf } from '../../private/analysis/workloads';
import { Finding, ManifestObject, Severity } from '../finding';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0102';
const INJECT = 'sidecar.istio.io/inject';

/**
 * IST0102: a workload whose pods get no sidecar because its namespace is not enabled for injection.
 * Warning when the set's Namespace object lacks `istio-injection=enabled` / `istio.io/rev`; info when the namespace is not in
 * the set (nor in `external.injectedNamespaces`) or is deliberately labelled `istio-injection=disabled`.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0102/
 */
export const namespaceNotInjected: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const namespaces = new Map(ofKind(objects, '', 'Namespace').map((ns) => [ns.metadata?.name ?? '', ns.metadata?.labels ?? {}]));
    const injected = new Set(external.injectedNamespaces ?? []);
    const findings: Finding[] = [];
    for (const w of workloadsOf(objects)) {
      const ns = w.namespace;
      if (injected.has(ns) || ns === ROOT_NAMESPACE || SYSTEM_NAMESPACES.has(ns)) continue;
      // A pod label opts in or out; the annotation can only opt out.
      if (asString(w.labels[INJECT]) || w.annotations[INJECT] === 'false') continue;
      const labels = namespaces.get(ns);
      const injection = labels?.['istio-injection'];
      if (injection === 'enabled' || asString(labels?.['istio.io/rev'])) continue;
      const fix = `label it istio-injection=enabled (or istio.io/rev=<revision>), or set ${INJECT}: "false" on the pod template if that is intended`;
      if (injection === 'disabled') {
        findings.push(findingFor(w.obj, CODE, Severity.INFO, 'metadata.namespace',
          `namespace "${ns}" is labelled istio-injection=disabled, so this workload deliberately runs without a sidecar`));
      } else if (labels) {
        findings.push(findingFor(w.obj, CODE, Severity.WARNING, 'metadata.namespace',
          `namespace "${ns}" is not enabled for sidecar injection, so this workload runs outside the mesh; ${fix}`));
      } else {
        findings.push(findingFor(w.obj, CODE, Severity.INFO, 'metadata.namespace',
          `namespace "${ns}" is not in the manifests, so sidecar injection is unknown; if it is injected, pass --injected-namespace ${ns}, otherwise ${fix}`));
      }
    }
    return findings;
  },
};
