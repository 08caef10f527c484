import { field, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1012 (error): DestinationRule subset names are unique, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
 */
export const DESTINATION_RULE_DUPLICATE_SUBSET = istioRule({
  code: 'CDKI1012',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'DestinationRule',
  check(spec, report) {
    const seen = new Map<unknown, string>();
    for (const subset of items(spec, 'subsets')) {
      const name = field(subset, 'name');
      const first = seen.get(name.value);
      if (first !== undefined) {
        report(name.path, `'name' must be unique among subsets, got ${show(name.value)} again (first at ${first})`);
      } else {
        seen.set(name.value, name.path);
      }
    }
  },
});
