import { field, istioRule, items, NETWORKING } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1008 (error): http `fault.abort.percentage.value` and `fault.delay.percentage.value` are 0
 * or between 0.0001 and 100, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection
 */
export const VIRTUAL_SERVICE_FAULT_PERCENTAGE = istioRule({
  code: 'CDKI1008',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const rule of items(spec, 'http')) {
      for (const kind of ['abort', 'delay']) {
        const value = field(field(field(field(rule, 'fault'), kind), 'percentage'), 'value');
        if (typeof value.value !== 'number') continue;
        const v = value.value;
        if (v < 0 || v > 100 || (v > 0 && v < 0.0001)) {
          report(value.path, `'value' must be 0 or between 0.0001 and 100 (a percentage), got ${v}`);
        }
      }
    }
  },
});
