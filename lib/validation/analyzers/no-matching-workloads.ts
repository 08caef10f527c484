import { asLabels, findingFor, namespaceOf, ofKind, ROOT_NAMESPACE, showLabels, specOf } from '../../private/analysis/objects';
import { byNamespace, selects, workloadsOf } from '../../private/analysis/workloads';
import { asRecord, SECURITY } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'IST0127';
const POLICY_KINDS = ['AuthorizationPolicy', 'RequestAuthentication', 'PeerAuthentication'];

/**
 * IST0127: a security policy that applies to no workload of the set: its `selector.matchLabels` selects none of its
 * namespace's workloads (of any namespace, for the root namespace `istio-system`), or it has no selector and its
 * namespace (not the root namespace) has no workload. As Istio 1.30.3
 * pkg/config/analysis/analyzers/authz/authorizationpolicies.go analyzeNoMatchingWorkloads, which judges
 * AuthorizationPolicies against the cluster's pods: here the workloads of the set (pod templates included) stand for
 * them, the other two policy kinds are judged alike (deliberately stricter), and a set without any workload (policies
 * alone) is not judged.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0127/
 */
export const noMatchingWorkloads: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const workloads = workloadsOf(objects);
    if (workloads.length === 0) return [];
    const inNamespace = byNamespace(workloads);
    const findings: Finding[] = [];
    for (const kind of POLICY_KINDS) {
      for (const policy of ofKind(objects, SECURITY, kind)) {
        const selector = asRecord(specOf(policy).value.selector);
        const labels = asLabels(selector.matchLabels);
        const ns = namespaceOf(policy) ?? 'default';
        const inScope = ns === ROOT_NAMESPACE ? workloads : inNamespace.get(ns) ?? [];
        if (specOf(policy).value.selector === undefined) {
          if (ns === ROOT_NAMESPACE || inScope.length > 0) continue;
          findings.push(findingFor(policy, CODE, Severity.WARNING, 'metadata.namespace',
            `the ${kind} applies to every workload of namespace ${ns}, and the manifests have none there, so it applies to nothing; `
            + 'move it to the namespace of the workloads it is meant for'));
          continue;
        }
        if (inScope.some((w) => selects(labels, w.labels))) continue;
        const where = ns === ROOT_NAMESPACE ? 'any namespace' : `namespace ${ns}`;
        findings.push(findingFor(policy, CODE, Severity.WARNING, 'spec.selector.matchLabels',
          `selector ${showLabels(labels)} matches no workload in ${where}, so the ${kind} applies to nothing; `
          + 'fix the labels to match the pod template labels of the intended workload'));
      }
    }
    return findings;
  },
};
