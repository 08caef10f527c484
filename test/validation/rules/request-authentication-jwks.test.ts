import { REQUEST_AUTHENTICATION_JWKS } from '../../../lib/validation/rules/request-authentication-jwks';
import { requestAuthentication } from './objects';

const problems = (jwks: string) => REQUEST_AUTHENTICATION_JWKS.check(requestAuthentication({ jwtRules: [{ issuer: 'foo.com', jwks }] })).map((f) => [f.code, f.path, f.message]);
const KEY = { kty: 'RSA', e: 'AQAB', n: 'xAE7eB6qugXyCAG3yhh7pkDkT65pHymX-P7KfIupjf59vsdo91bSP9C8H07pSAGQO1MV_xFj9VswgsCg4R6otmg5PV2He95lZdHtOcU5DXIg_pbhLdKXbi66GlVeK6ABZOUW3WYtnNHD-91gVuoeJT_DwtGGcp4ignkgXfkiEm4sw-4sfb4qdt5oLbyVpmW6x9cfa7vs2WTfURiCrBoUqgBo_-4WTiULmmHSGZHOjzwa8WtrtOQGsAFjIbno85jp6MnGGGZPYZbDAa_b3y5u-YpW7ypZrvD8BgtKVjgtQgZhLAGezMt0ua3DRrWnKqTZ0BJ_EyxOGuHJrLsn00fnMQ' };

describe('REQUEST_AUTHENTICATION_JWKS', () => {
  test('fails on jwks that is not JSON, and on a key without kty', () => {
    expect(problems('foo')).toEqual([
      ['CDKI1049', 'spec.jwtRules[0].jwks', '\'jwks\' is not JSON: it must be a JSON Web Key Set such as {"keys": [{"kty": "RSA", ...}]}, got "foo"'],
    ]);
    expect(problems('{"keys": [{"e": "AQAB"}]}').map((p) => p[2])).toEqual([expect.stringMatching(/^'jwks' has a key without "kty": /)]);
  });

  test('passes a key set and a single key', () => {
    expect([...problems(JSON.stringify({ keys: [KEY] })), ...problems(JSON.stringify(KEY))]).toEqual([]);
  });
});
