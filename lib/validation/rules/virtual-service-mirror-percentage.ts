import { field, istioRule, items, NETWORKING } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1033 (error): http `mirrorPercentage.value` and `mirrors[].percentage.value` are between 0 and 100, as
 * istiod's webhook requires (Istio 1.30.3 pkg/config/validation/virtualservice.go validateHTTPRoute,
 * validation.go validateHTTPMirrors).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export const VIRTUAL_SERVICE_MIRROR_PERCENTAGE = istioRule({
  code: 'CDKI1033',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const rule of items(spec, 'http')) {
      const values = [field(field(rule, 'mirrorPercentage'), 'value'), ...items(rule, 'mirrors').map(m => field(field(m, 'percentage'), 'value'))];
      for (const value of values) {
        if (typeof value.value === 'number' && (value.value < 0 || value.value > 100)) {
          report(value.path, `'value' must be between 0 and 100 (a percentage), got ${value.value}`);
        }
      }
    }
  },
});
