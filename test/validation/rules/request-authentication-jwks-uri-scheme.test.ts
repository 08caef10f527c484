import { REQUEST_AUTHENTICATION_JWKS_URI_SCHEME } from '../../../lib/validation/rules/request-authentication-jwks-uri-scheme';
import { requestAuthentication } from './objects';

describe('REQUEST_AUTHENTICATION_JWKS_URI_SCHEME', () => {
  test('fails on a jwksUri without http(s) scheme', () => {
    const findings = REQUEST_AUTHENTICATION_JWKS_URI_SCHEME.check(requestAuthentication({
      jwtRules: [{ issuer: 'a', jwksUri: 'ftp://keys.example.com/jwks.json' }, { issuer: 'b', jwksUri: 'keys.example.com/jwks.json' }],
    }));
    expect(findings.map((f) => [f.code, f.path])).toEqual([['CDKI1027', 'spec.jwtRules[0].jwksUri'], ['CDKI1027', 'spec.jwtRules[1].jwksUri']]);
    expect(findings[0].message).toBe("'jwksUri' must be an https:// (or http://) URL, got \"ftp://keys.example.com/jwks.json\"");
  });

  test('passes https, HTTPS and http URIs', () => {
    expect(REQUEST_AUTHENTICATION_JWKS_URI_SCHEME.check(requestAuthentication({
      jwtRules: [{ jwksUri: 'https://a.example.com/jwks' }, { jwksUri: 'HTTPS://b.example.com/jwks' }, { jwksUri: 'http://c.internal/jwks' }],
    }))).toEqual([]);
  });
});
