import {
  AllowPolicy, Caller, DenyPolicy, JwksSource, MeshService, MtlsMode, MutualTlsPolicy, PolicyTarget, RequestAuthentication, Workload, WorkloadImage,
} from '../../lib';
import { expectRequest, TestRequest } from '../../lib/testing';
import { chart, find, synth } from '../util';

const GOOGLE = 'https://accounts.google.com';
const KEYS = '{"keys":[{"kty":"RSA","e":"AQAB","n":"xyz","kid":"1"}]}';
const CORP = 'corp-issuer';

function hello() {
  const c = chart();
  const service = new MeshService(c, 'Hello', { name: 'hello' });
  new Workload(c, 'HelloV1', { service, version: 'v1', image: WorkloadImage.httpEcho() });
  new MutualTlsPolicy(c, 'Mtls', { mode: MtlsMode.STRICT });
  return { c, service, target: PolicyTarget.fromService(service) };
}
const token = (issuer: string, subject = 'alice') => ({ issuer, subject });
const fromGateway = (objects: any[], r: Partial<TestRequest> = {}) => expectRequest(objects, { from: Caller.ingressGateway(), host: 'hello.default', ...r });

describe('RequestAuthentication', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => warn.mockRestore());

  test('several issuers: discovery by issuer, a jwksUri (as jwksUri, not jwks_uri) and inline keys, with token locations and outputs', () => {
    const { c, target } = hello();
    const ra = new RequestAuthentication(c, 'Auth', {
      target,
      jwtRules: [
        { issuer: GOOGLE, audiences: ['shop'], outputPayloadToHeader: 'x-jwt-payload', forwardOriginalToken: true },
        { issuer: 'https://auth.example.com', jwks: JwksSource.fromUri('https://auth.example.com/keys'), fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }], fromParams: ['token'] },
        { issuer: CORP, jwks: JwksSource.inline(KEYS), outputClaimToHeaders: [{ header: 'x-sub', claim: 'sub' }] },
      ],
    });
    expect(ra.issuers).toEqual([GOOGLE, 'https://auth.example.com', CORP]);
    const spec = find(synth(c), 'RequestAuthentication', 'hello', 'default').spec;
    expect(spec).toEqual({
      selector: { matchLabels: { app: 'hello' } },
      jwtRules: [
        { issuer: GOOGLE, audiences: ['shop'], outputPayloadToHeader: 'x-jwt-payload', forwardOriginalToken: true },
        { issuer: 'https://auth.example.com', jwksUri: 'https://auth.example.com/keys', fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }], fromParams: ['token'] },
        { issuer: CORP, jwks: KEYS, outputClaimToHeaders: [{ header: 'x-sub', claim: 'sub' }] },
      ],
    });
    expect(spec.jwtRules.some((r: object) => 'jwks_uri' in r)).toBe(false);
  });

  test('tokens of each issuer are accepted, others rejected with 401; without a token a request still passes', () => {
    const { c, target } = hello();
    new RequestAuthentication(c, 'Auth', { target, jwtRules: [{ issuer: GOOGLE }, { issuer: CORP, jwks: JwksSource.inline(KEYS) }] });
    const objects = synth(c);
    const google = fromGateway(objects, { token: token(GOOGLE) }).toBeAllowed().trace;
    expect(google.notes.some(n => n.includes(`by OpenID discovery of issuer ${GOOGLE}`))).toBe(true);
    fromGateway(objects, { token: token(CORP) }).toBeAllowed();
    fromGateway(objects, { token: token('https://evil.example.com') }).toFailWith(401);
    fromGateway(objects).toBeAllowed();
  });

  test('request principals outside JwtProtectedService: a DENY on notRequestPrincipals and an ALLOW on one subject', () => {
    const { c, target } = hello();
    new RequestAuthentication(c, 'Auth', { target, jwtRules: [{ issuer: GOOGLE }, { issuer: CORP, jwks: JwksSource.inline(KEYS) }] });
    new DenyPolicy(c, 'RequireToken', { target, name: 'require-token', rules: [{ notRequestPrincipals: ['*'] }] });
    new AllowPolicy(c, 'Alice', { target, rules: [{ requestPrincipals: [`${GOOGLE}/alice`, `${CORP}/*`] }] });
    const objects = synth(c);
    expect(find(objects, 'AuthorizationPolicy', 'hello').spec.rules).toEqual([{ from: [{ source: { requestPrincipals: [`${GOOGLE}/alice`, `${CORP}/*`] } }] }]);
    fromGateway(objects).toBeDenied();
    fromGateway(objects, { token: token(GOOGLE) }).toBeAllowed();
    fromGateway(objects, { token: token(GOOGLE, 'bob') }).toBeDenied();
    fromGateway(objects, { token: token(CORP, 'bob') }).toBeAllowed();
  });

  test('fails bad jwt rules', () => {
    const { c, target } = hello();
    let n = 0;
    const ra = (rule: object) => () => new RequestAuthentication(c, `R${n++}`, { target, jwtRules: [{ issuer: GOOGLE }, rule as never] });
    expect(ra({ issuer: '' })).toThrow("test/R0: 'jwtRules[1].issuer' must be the non-empty \"iss\" of accepted tokens, e.g. \"https://accounts.example.com\", got \"\"");
    expect(ra({ issuer: CORP, jwks: JwksSource.inline('{"keys": [') }))
      .toThrow("test/R1: 'jwtRules[1].jwks' must be a JSON Web Key Set with at least one key, {\"keys\": [...]}, got \"{\\\"keys\\\": [\"");
    expect(ra({ issuer: GOOGLE, audiences: ['shop', ' '] })).toThrow("test/R2: 'jwtRules[1].audiences[1]' must be a non-empty string, got \" \"");
    expect(ra({ issuer: GOOGLE, audiences: [] })).toThrow("test/R3: 'jwtRules[1].audiences' must list at least one audience; leave it out to accept any audience, got []");
    expect(ra({ issuer: CORP }))
      .toThrow("test/R4: 'jwtRules[1].jwks' must be set when the issuer is not an http(s) URL: without it istiod discovers the keys at <issuer>/.well-known/openid-configuration; got issuer \"corp-issuer\"");
    expect(ra({ issuer: GOOGLE, outputClaimToHeaders: [{ header: 'x sub', claim: 'sub' }] }))
      .toThrow("test/R5: 'jwtRules[1].outputClaimToHeaders[0].header' must be an HTTP header name such as \"x-jwt-assertion\", got \"x sub\"");
    expect(ra({ issuer: GOOGLE, outputClaimToHeaders: [{ header: 'x-sub', claim: '' }] }))
      .toThrow("test/R6: 'jwtRules[1].outputClaimToHeaders[0].claim' must be a non-empty claim name such as \"sub\", got \"\"");
    expect(ra({ issuer: GOOGLE, outputPayloadToHeader: '' })).toThrow("test/R7: 'jwtRules[1].outputPayloadToHeader' must be an HTTP header name such as \"x-jwt-assertion\", got \"\"");
    expect(() => new RequestAuthentication(c, 'Empty', { target, jwtRules: [] }))
      .toThrow("test/Empty: 'jwtRules' must list at least one rule, one per accepted issuer (a RequestAuthentication without rules verifies nothing), got []");
  });

  test('a mesh-wide RequestAuthentication goes to istio-system without a selector', () => {
    const c = chart();
    new MeshService(c, 'Hello', { name: 'hello' });
    new RequestAuthentication(c, 'Auth', { target: PolicyTarget.mesh(), name: 'mesh-jwt', jwtRules: [{ issuer: GOOGLE }] });
    const spec = find(synth(c), 'RequestAuthentication', 'mesh-jwt', 'istio-system').spec;
    expect(spec).toEqual({ jwtRules: [{ issuer: GOOGLE }] });
  });
});
