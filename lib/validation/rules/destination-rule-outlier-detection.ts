import { trafficSettings } from '../../private/rules/destination-rule';
import { field, istioRule, NETWORKING, show } from '../../private/rules/object';
import { checkMsDuration } from '../../private/rules/virtual-service';
import { Severity } from '../finding';

/**
 * CDKI1041 (error): `outlierDetection` has `maxEjectionPercent` and `minHealthPercent` from 0 to 100, `interval` and
 * `baseEjectionTime` of at least 1ms in whole milliseconds, and `consecutiveLocalOriginFailures` only with
 * `splitExternalLocalOriginErrors: true`, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateOutlierDetection, ValidatePercent
 */
export const DESTINATION_RULE_OUTLIER_DETECTION = istioRule({
  code: 'CDKI1041',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'DestinationRule',
  check(spec, report) {
    for (const settings of trafficSettings(spec)) {
      const outlier = field(settings, 'outlierDetection');
      for (const name of ['maxEjectionPercent', 'minHealthPercent']) {
        const percent = field(outlier, name);
        if (typeof percent.value === 'number' && (percent.value < 0 || percent.value > 100)) {
          report(percent.path, `'${name}' must be a percentage from 0 to 100, got ${percent.value}`);
        }
      }
      checkMsDuration(field(outlier, 'interval'), report);
      checkMsDuration(field(outlier, 'baseEjectionTime'), report);
      const local = field(outlier, 'consecutiveLocalOriginFailures');
      if (typeof local.value === 'number' && local.value > 0 && field(outlier, 'splitExternalLocalOriginErrors').value !== true) {
        report(local.path, `'consecutiveLocalOriginFailures' counts only when 'splitExternalLocalOriginErrors' is true; set it, got ${show(local.value)} without it`);
      }
    }
  },
});
