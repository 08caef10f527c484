import { asRecord, at, isSet, istioRule, items, NETWORKING } from '../../private/rules/object';
import { Severity } from '../finding';

const ACTIONS = ['route', 'redirect', 'directResponse'] as const;

/**
 * CDKI1002 (error): each VirtualService http rule has exactly one of `route`, `redirect` or
 * `directResponse` (or `delegate`, which then excludes `route` and `redirect`), and neither
 * `redirect` nor `directResponse` is combined with `fault` or `rewrite`, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export const VIRTUAL_SERVICE_HTTP_ACTION = istioRule({
  code: 'CDKI1002',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const rule of items(spec, 'http')) {
      const value = asRecord(rule.value);
      const set = ACTIONS.filter((a) => isSet(value[a]));
      if (isSet(value.delegate)) {
        for (const a of set.filter((s) => s !== 'directResponse')) {
          report(at(rule.path, a), `'${a}' must not be set in an http rule with 'delegate', got both`);
        }
        continue;
      }
      if (set.length === 0) {
        report(rule.path, "an http rule must have one of 'route', 'redirect', 'directResponse' or 'delegate', got none");
      } else if (set.length > 1) {
        report(at(rule.path, set[1]), `an http rule must have only one of 'route', 'redirect' or 'directResponse', got '${set.join("' and '")}'`);
      }
      for (const action of ['redirect', 'directResponse'].filter((a) => isSet(value[a]))) {
        for (const other of ['fault', 'rewrite'].filter((o) => isSet(value[o]))) {
          report(at(rule.path, other), `'${other}' must not be set in an http rule with '${action}', got both`);
        }
      }
    }
  },
});
