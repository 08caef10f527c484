import { jwksProblem } from '../../private/jwt';
import { field, istioRule, items, SECURITY, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1049 (error): every inline `jwtRules[].jwks` parses as a JSON Web Key Set (or a single key), as istiod's
 * webhook requires.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateJwtRule
 */
export const REQUEST_AUTHENTICATION_JWKS = istioRule({
  code: 'CDKI1049',
  severity: Severity.ERROR,
  group: SECURITY,
  kind: 'RequestAuthentication',
  check(spec, report) {
    for (const jwks of items(spec, 'jwtRules').map((r) => field(r, 'jwks'))) {
      if (typeof jwks.value !== 'string' || jwks.value === '') continue;
      const problem = jwksProblem(jwks.value);
      if (problem !== undefined) {
        const shown = jwks.value.length > 60 ? `${JSON.stringify(jwks.value.slice(0, 57))}...` : show(jwks.value);
        report(jwks.path, `'jwks' ${problem}: it must be a JSON Web Key Set such as {"keys": [{"kty": "RSA", ...}]}, got ${shown}`);
      }
    }
  },
});
