import { field, isSet, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1031 (error): an http `redirect` sets at least one of `uri`, `authority`, `port`/`derivePort` or `scheme` (not empty);
 * its `redirectCode` is a 3xx and its `scheme` http or https, as istiod's webhook requires
 * (Istio 1.30.3 pkg/config/validation/validation.go validateHTTPRedirect).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRedirect
 */
export const VIRTUAL_SERVICE_REDIRECT = istioRule({
  code: 'CDKI1031',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const rule of items(spec, 'http')) {
      const redirect = field(rule, 'redirect');
      if (!isSet(redirect.value)) continue;
      const [uri, authority, port, derivePort, scheme, code] = ['uri', 'authority', 'port', 'derivePort', 'scheme', 'redirectCode'].map(k => field(redirect, k));
      if (![uri, authority, port, derivePort, scheme].some(f => isSet(f.value) && f.value !== '')) {
        report(redirect.path, "'redirect' must set at least one of 'uri', 'authority', 'port', 'derivePort' or 'scheme', got none");
      }
      if (typeof code.value === 'number' && code.value !== 0 && (code.value < 300 || code.value > 399)) {
        report(code.path, `'redirectCode' must be a 3xx code (Envoy supports 301, 302, 303, 307, 308), got ${code.value}`);
      }
      if (isSet(scheme.value) && scheme.value !== 'http' && scheme.value !== 'https') {
        report(scheme.path, `'scheme' must be "http" or "https", got ${show(scheme.value)}`);
      }
    }
  },
});
