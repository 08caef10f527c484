import { combineRules, entries, field, istioRule, NETWORKING, show } from '../../private/rules/object';
import { IObjectRule } from '../rule';
import { Severity } from '../finding';

const CODE = 'CDKI1060';

const perKind = ['ServiceEntry', 'Sidecar'].map((kind) => istioRule({
  code: CODE,
  severity: Severity.ERROR,
  group: NETWORKING,
  kind,
  check(spec, report) {
    for (const label of entries(field(spec, 'workloadSelector'), 'labels')) {
      if (label.key === '' || label.key.includes('*')) {
        report(label.path, `'workloadSelector.labels' keys must be label names (no empty key, no "*"), got ${show(label.key)}: ${show(label.value)}`);
      }
    }
  },
}));

/**
 * CDKI1060 (error): the `workloadSelector.labels` of a ServiceEntry or Sidecar have no empty key and no wildcard in a
 * key (the CRD rules check the values), as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/sidecar/#WorkloadSelector
 * @see Istio 1.30.3 pkg/config/validation/validation.go ValidateAlphaWorkloadSelector
 */
export const WORKLOAD_SELECTOR_LABELS: IObjectRule = combineRules(CODE, perKind);
