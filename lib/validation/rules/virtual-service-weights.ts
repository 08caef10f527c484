import { allRoutes } from '../../private/rules/virtual-service';
import { asRecord, field, istioRule, items, NETWORKING } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1003 (error): route destination weights are >= 0 and, when a rule has more than one
 * destination, they do not add up to 0, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination
 */
export const VIRTUAL_SERVICE_WEIGHTS = istioRule({
  code: 'CDKI1003',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const rule of allRoutes(spec)) {
      const route = items(rule, 'route');
      let total = 0;
      for (const rd of route) {
        const weight = asRecord(rd.value).weight;
        if (typeof weight !== 'number') continue;
        total += weight;
        if (weight < 0) report(field(rd, 'weight').path, `'weight' must be >= 0, got ${weight}`);
      }
      if (route.length > 1 && total === 0) {
        report(field(rule, 'route').path, `'weight' of the ${route.length} destinations must add up to more than 0, got a total of 0`);
      }
    }
  },
});
