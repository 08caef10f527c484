import { jwksUris, uriScheme } from '../../private/rules/jwks-uri';
import { istioRule, SECURITY, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1027 (error): a RequestAuthentication `jwksUri` is an `http://` or `https://` URL, as
 * istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export const REQUEST_AUTHENTICATION_JWKS_URI_SCHEME = istioRule({
  code: 'CDKI1027',
  severity: Severity.ERROR,
  group: SECURITY,
  kind: 'RequestAuthentication',
  check(spec, report) {
    for (const uri of jwksUris(spec)) {
      const scheme = uriScheme(uri.value);
      if (scheme !== 'http' && scheme !== 'https') {
        report(uri.path, `'jwksUri' must be an https:// (or http://) URL, got ${show(uri.value)}`);
      }
    }
  },
});
