import { asRecord, istioRule, items, SECURITY } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1026 (error): every RequestAuthentication `jwtRules` entry sets `issuer` or `jwksUri` (at
 * least one of them), as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export const REQUEST_AUTHENTICATION_ISSUER_OR_JWKS_URI = istioRule({
  code: 'CDKI1026',
  severity: Severity.ERROR,
  group: SECURITY,
  kind: 'RequestAuthentication',
  check(spec, report) {
    for (const rule of items(spec, 'jwtRules')) {
      const { issuer, jwksUri, jwks_uri: jwksUriProtoName } = asRecord(rule.value);
      const isEmpty = (v: unknown): boolean => typeof v !== 'string' || v === '';
      if (isEmpty(issuer) && isEmpty(jwksUri) && isEmpty(jwksUriProtoName)) {
        report(rule.path, "a 'jwtRules' entry must set 'issuer' or 'jwksUri' to a non-empty string, got neither");
      }
    }
  },
});
