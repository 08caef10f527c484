import { findingFor, ofKind, ROOT_NAMESPACE } from '../../private/analysis/objects';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'IST0123';

/**
 * IST0123: a Namespace carrying more than one kind of injection label: `istio-injection`, and `istio.io/rev` or
 * `istio.io/dataplane-mode` (these two count unless `istio-injection` is there with another value than `enabled`),
 * which may lead to undefined behaviour, as Istio 1.30.3's pkg/config/analysis/analyzers/injection/injection.go
 * judges it (`istio-system` excepted).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0123/
 */
export const namespaceMultipleInjectionLabels: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const findings: Finding[] = [];
    for (const ns of ofKind(objects, '', 'Namespace')) {
      if (ns.metadata?.name === ROOT_NAMESPACE) continue;
      const labels = ns.metadata?.labels ?? {};
      const injection = labels['istio-injection'];
      const found = injection === undefined ? [] : [`istio-injection=${injection}`];
      for (const label of ['istio.io/rev', 'istio.io/dataplane-mode']) {
        if (labels[label] !== undefined && (injection === undefined || injection === 'enabled')) found.push(`${label}=${labels[label]}`);
      }
      if (found.length < 2) continue;
      findings.push(findingFor(ns, CODE, Severity.WARNING, 'metadata.labels',
        `namespace has more than one type of injection label (${found.join(', ')}), which may lead to undefined behaviour; keep only one of them`));
    }
    return findings;
  },
};
