import { REQUEST_AUTHENTICATION_ISSUER_OR_JWKS_URI } from '../../../lib/validation/rules/request-authentication-issuer-or-jwks-uri';
import { requestAuthentication } from './objects';

describe('REQUEST_AUTHENTICATION_ISSUER_OR_JWKS_URI', () => {
  test('fails on a jwtRules entry with neither issuer nor jwksUri', () => {
    const [finding] = REQUEST_AUTHENTICATION_ISSUER_OR_JWKS_URI.check(requestAuthentication({
      jwtRules: [{ issuer: 'https://issuer.example.com' }, { issuer: '', audiences: ['api'] }],
    }));
    expect(finding.code).toBe('CDKI1026');
    expect(finding.path).toBe('spec.jwtRules[1]');
    expect(finding.message).toBe("a 'jwtRules' entry must set 'issuer' or 'jwksUri' to a non-empty string, got neither");
  });

  test('passes an issuer alone and a jwksUri alone', () => {
    expect(REQUEST_AUTHENTICATION_ISSUER_OR_JWKS_URI.check(requestAuthentication({
      jwtRules: [{ issuer: 'https://issuer.example.com' }, { jwksUri: 'https://keys.example.com/jwks.json' }],
    }, 'v1beta1'))).toEqual([]);
  });
});
