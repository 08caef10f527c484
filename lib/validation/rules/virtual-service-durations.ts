import { At, field, istioRule, items, NETWORKING, Report, show } from '../../private/rules/object';
import { Severity } from '../finding';

const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const DURATION = /^[+-]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
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

/** Nanoseconds in a Go/protobuf duration string such as `1.5s` or `1m30s`; undefined when it is not one. */
function nanoseconds(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Math.round(Number(amount) * UNIT_NS[unit]);
  return text.startsWith('-') ? -total : total;
}
