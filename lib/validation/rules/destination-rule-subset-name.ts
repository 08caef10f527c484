import { field, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';
import { isDnsLabel } from '../../private/dns';

/** RFC 1123 label: lowercase alphanumerics and '-', starting and ending alphanumeric. */

/**
 * CDKI1013 (error): DestinationRule subset names are DNS-1123 labels, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
 */
export const DESTINATION_RULE_SUBSET_NAME = istioRule({
  code: 'CDKI1013',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'DestinationRule',
  check(spec, report) {
    for (const subset of items(spec, 'subsets')) {
      const name = field(subset, 'name');
      if (typeof name.value === 'string' && isDnsLabel(name.value)) continue;
      report(name.path, `'name' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got ${show(name.value)}`);
    }
  },
});
