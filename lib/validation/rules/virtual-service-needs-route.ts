import { field, isSet, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1001 (error): a VirtualService needs at least one `http`, `tcp` or `tls` rule, and every
 * `tcp`/`tls` rule needs a `route`, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */
export const VIRTUAL_SERVICE_NEEDS_ROUTE = istioRule({
  code: 'CDKI1001',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    if (!isSet(spec.value.http) && !isSet(spec.value.tcp) && !isSet(spec.value.tls)) {
      report('spec', "'spec' must have at least one 'http', 'tcp' or 'tls' rule, got none");
    }
    for (const section of ['tcp', 'tls']) {
      for (const rule of items(spec, section)) {
        const route = field(rule, 'route');
        if (!isSet(route.value)) {
          report(route.path, `'route' is required in a ${section} rule, got ${show(route.value)}`);
        }
      }
    }
  },
});
