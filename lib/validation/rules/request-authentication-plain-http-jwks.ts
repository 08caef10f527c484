import { jwksUris, uriScheme } from '../../private/rules/jwks-uri';
import { istioRule, SECURITY, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1028 (warning): a RequestAuthentication `jwksUri` over plain `http://` is accepted by istiod,
 * but the keys that verify tokens are then fetched unencrypted and can be tampered with on the way.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export const REQUEST_AUTHENTICATION_PLAIN_HTTP_JWKS = istioRule({
  code: 'CDKI1028',
  severity: Severity.WARNING,
  group: SECURITY,
  kind: 'RequestAuthentication',
  check(spec, report) {
    for (const uri of jwksUris(spec)) {
      if (uriScheme(uri.value) === 'http') {
        report(uri.path, `'jwksUri' should be an https:// URL: over http:// the token signing keys are fetched in plain text, so anyone on the way can swap them and forge tokens; serve them over https:// or inline them ('jwks'), got ${show(uri.value)}`);
      }
    }
  },
});
