import { field, isSet, istioRule, items, NETWORKING } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1033 (error): http `mirrorPercentage.value`, `mirrorPercent` and `mirrors[].percentage.value` are between 0 and
 * 100, and `mirror` is not combined with `mirrors`, as
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
      // mirrorPercent is the deprecated integer form of mirrorPercentage.
      const values = [field(field(rule, 'mirrorPercentage'), 'value'), field(rule, 'mirrorPercent'), ...items(rule, 'mirrors').map(m => field(field(m, 'percentage'), 'value'))];
      for (const value of values) {
        if (typeof value.value === 'number' && (value.value < 0 || value.value > 100)) {
          report(value.path, `'${value.path.slice(value.path.lastIndexOf('.') + 1)}' must be between 0 and 100 (a percentage), got ${value.value}`);
        }
      }
      const [mirror, mirrors] = [field(rule, 'mirror'), field(rule, 'mirrors')];
      if (isSet(mirror.value) && isSet(mirrors.value)) report(mirrors.path, "'mirrors' cannot be combined with 'mirror' (list the mirror in 'mirrors'), got both");
    }
  },
});
