import { Severity } from '../../../lib/validation/finding';
import { REQUEST_AUTHENTICATION_PLAIN_HTTP_JWKS } from '../../../lib/validation/rules/request-authentication-plain-http-jwks';
import { requestAuthentication } from './objects';

describe('REQUEST_AUTHENTICATION_PLAIN_HTTP_JWKS', () => {
  test('fails (as a warning) on an http:// jwksUri', () => {
    const [finding] = REQUEST_AUTHENTICATION_PLAIN_HTTP_JWKS.check(requestAuthentication({ jwtRules: [{ issuer: 'a', jwksUri: 'http://keys.example.com/jwks.json' }] }));
    expect(finding.code).toBe('CDKI1028');
    expect(finding.severity).toBe(Severity.WARNING);
    expect(finding.path).toBe('spec.jwtRules[0].jwksUri');
    expect(finding.message).toBe("'jwksUri' should be an https:// URL: over http:// the token signing keys are fetched in plain text, so anyone on the way can swap them and forge tokens; serve them over https:// or inline them ('jwks'), got \"http://keys.example.com/jwks.json\"");
  });

  test('passes an https:// jwksUri', () => {
    expect(REQUEST_AUTHENTICATION_PLAIN_HTTP_JWKS.check(requestAuthentication({ jwtRules: [{ issuer: 'a', jwksUri: 'https://keys.example.com/jwks.json' }] }))).toEqual([]);
  });
});
