import { asLabels, findingFor, namespaceOf, ofKind, ROOT_NAMESPACE, showLabels, specOf } from '../../private/analysis/objects';
import { byNamespace, selects, workloadsOf } from '../../private/analysis/workloads';
import { asRecord, SECURITY } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'IST0127';
const POLICY_KINDS = ['AuthorizationPolicy', 'RequestAuthentication', 'PeerAuthentication'];

/**
 * IST0127: a security policy's `selector.matchLabels` selects no workload of its namespace (of any namespace for the root
 * namespace `istio-system`). Only judged when the set holds workloads of the policy's own namespace.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0127/
 */
export const noMatchingWorkloads: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const workloads = workloadsOf(objects);
    const inNamespace = byNamespace(workloads);
    const findings: Finding[] = [];
    for (const kind of POLICY_KINDS) {
      for (const policy of ofKind(objects, SECURITY, kind)) {
        const labels = asLabels(asRecord(specOf(policy).value.selector).matchLabels);
        const ns = namespaceOf(policy);
        if (Object.keys(labels).length === 0 || !inNamespace.has(ns ?? '')) continue;
        const inScope = ns === ROOT_NAMESPACE ? workloads : inNamespace.get(ns ?? '') ?? [];
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
