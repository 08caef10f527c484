import { field, istioRule, items, TELEMETRY } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1030 (error): Telemetry `tracing[].randomSamplingPercentage` is between 0 and 100, as
 * istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/telemetry/#Tracing
 */
export const TELEMETRY_SAMPLING_PERCENTAGE = istioRule({
  code: 'CDKI1030',
  severity: Severity.ERROR,
  group: TELEMETRY,
  kind: 'Telemetry',
  check(spec, report) {
    for (const tracing of items(spec, 'tracing')) {
      const percentage = field(tracing, 'randomSamplingPercentage');
      const v = percentage.value;
      if (typeof v === 'number' && (v < 0 || v > 100)) {
        report(percentage.path, `'randomSamplingPercentage' must be between 0 and 100, got ${v}`);
      }
    }
  },
});
