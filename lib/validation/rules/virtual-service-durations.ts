import { At, field, istioRule, items, NETWORKING, Report, show } from '../../private/rules/object';
import { nanoseconds } from '../../private/rules/virtual-service';
import { Severity } from '../finding';

const MS = 1e6;

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
      checkDuration(field(rule, 'timeout'), report);
      checkDuration(field(retries, 'perTryTimeout'), report);
      checkDuration(field(retries, 'backoff'), report);
      checkDuration(field(field(field(rule, 'fault'), 'delay'), 'fixedDelay'), report);
    }
  },
});

function checkDuration(duration: At, report: Report): void {
  const ns = typeof duration.value === 'string' ? nanoseconds(duration.value) : undefined;
  if (ns === undefined) return; // not a duration string: the CRD schema rejects it
  const name = duration.path.slice(duration.path.lastIndexOf('.') + 1);
  if (ns < MS) {
    report(duration.path, `'${name}' must be at least 1ms, got ${show(duration.value)}`);
  } else if (ns % MS !== 0) {
    report(duration.path, `'${name}' must be a whole number of milliseconds, got ${show(duration.value)}`);
  }
}
