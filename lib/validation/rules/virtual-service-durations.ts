import { field, istioRule, items, NETWORKING } from '../../private/rules/object';
import { checkMsDuration } from '../../private/rules/virtual-service';
import { Severity } from '../finding';

/**
 * CDKI1011 (error): http `timeout`, `retries.perTryTimeout`, `retries.backoff` and
 * `fault.delay.fixedDelay` are at least 1ms and a whole number of milliseconds, as istiod's webhook
 * requires (it rejects `0s`; leave `timeout` unset to disable it).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export const VIRTUAL_SERVICE_DURATIONS = istioRule({
  code: 'CDKI1011',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const rule of items(spec, 'http')) {
      const retries = field(rule, 'retries');
      checkMsDuration(field(rule, 'timeout'), report);
      checkMsDuration(field(retries, 'perTryTimeout'), report);
      checkMsDuration(field(retries, 'backoff'), report);
      checkMsDuration(field(field(field(rule, 'fault'), 'delay'), 'fixedDelay'), report);
    }
  },
});
