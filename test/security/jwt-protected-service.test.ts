import {
  AllowPolicy, Caller, HttpMethod, JwksSource, JwtProtectedService, JwtProtectedServiceProps, MeshNamespace, MeshService, MtlsMode, MutualTlsPolicy, PolicyTarget,
  MeshValidation, Workload, WorkloadImage,
} from '../../lib';
import { expectRequest, TestRequest } from '../../lib/testing';
import { chart, find, ofKind, synth } from '../util';

const ISSUER = 'https://issuer.example.com';
const JWKS = JwksSource.fromUri('https://issuer.example.com/.well-known/jwks.json');
const token = (claims: Record<string, string[]> = {}, issuer = ISSUER, subject = 'alice') => ({ issuer, subject, claims });
/** A request from the ingress gateway's identity straight to `host` (default: hello). */
const fromGateway = (objects: any[], r: Partial<TestRequest> = {}) => expectRequest(objects, { from: Caller.ingressGateway(), host: 'hello.default', ...r });

function app(props: Partial<JwtProtectedServiceProps> = {}) {
  const c = chart();
  const auth = new MeshService(c, 'Auth', { name: 'auth' });
  const hello = new MeshService(c, 'Hello', { name: 'hello' });
  new Workload(c, 'AuthV1', { service: auth, version: 'v1', image: WorkloadImage.httpEcho() });
  new Workload(c, 'HelloV1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
  new MutualTlsPolicy(c, 'Mtls');
  const jwt = new JwtProtectedService(c, 'HelloJwt', { target: PolicyTarget.fromService(hello), issuer: ISSUER, jwks: JWKS, ...props });
  return { c, auth, hello, jwt };
}

describe('JwtProtectedService', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => warn.mockRestore());

  test('defaults: a RequestAuthentication and an ALLOW AuthorizationPolicy on the service, both security.istio.io/v1', () => {
    const { c } = app();
    const objects = synth(c);
    expect(ofKind(objects, 'RequestAuthentication').concat(ofKind(objects, 'AuthorizationPolicy'))).toMatchSnapshot();
    for (const kind of ['RequestAuthentication', 'AuthorizationPolicy']) {
      expect(find(objects, kind, 'hello-jwt', 'default').apiVersion).toBe('security.istio.io/v1');
    }
  });

  test('requests without a token are denied, a valid token gets in, an invalid one is rejected', () => {
    const { c } = app();
    const objects = synth(c);
    fromGateway(objects).toBeDenied();
    expectRequest(objects, { from: 'auth-v1', host: 'hello' }).toBeDenied();
    fromGateway(objects, { token: token() }).toBeAllowed();
    fromGateway(objects, { token: { ...token(), valid: false } }).toFailWith(401);
    fromGateway(objects, { token: token({}, 'https://evil.example.com') }).toFailWith(401);
    // the issuer's own service is untouched
    fromGateway(objects, { host: 'auth.default', path: '/login' }).toBeAllowed();
  });

  test('another ALLOW policy on the same pods does not let requests without a token in', () => {
    const { c, hello } = app();
    new AllowPolicy(c, 'GatewayToHello', { target: PolicyTarget.fromService(hello), rules: [{ from: [Caller.ingressGateway()] }] });
    const objects = synth(c);
    const deny = find(objects, 'AuthorizationPolicy', 'hello-jwt-require-token', 'default');
    expect(deny.spec).toEqual({ selector: { matchLabels: { app: 'hello' } }, action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] });
    fromGateway(objects).toBeDenied();
    fromGateway(objects, { token: token() }).toBeAllowed();
    // without the DENY policy, the gateway's ALLOW would have admitted it
    fromGateway(objects.filter(o => o !== deny)).toBeAllowed();
  });

  test('the RequestAuthentication alone would let requests without a token through', () => {
    const { c } = app();
    const objects = synth(c).filter(o => o.kind !== 'AuthorizationPolicy');
    fromGateway(objects).toBeAllowed();
  });

  test('required claims, allowed principals, methods, paths and public paths', () => {
    const { c } = app({
      requiredClaims: { groups: ['users', 'admins'] },
      allowedPrincipals: [`${ISSUER}/alice`],
      methods: [HttpMethod.GET],
      paths: ['/api/*'],
      publicPaths: ['/healthz'],
    });
    const objects = synth(c);
    expect(find(objects, 'AuthorizationPolicy', 'hello-jwt').spec.rules).toEqual([
      {
        from: [{ source: { requestPrincipals: ['https://issuer.example.com/alice'] } }],
        to: [{ operation: { methods: ['GET'], paths: ['/api/*'] } }],
        when: [{ key: 'request.auth.claims[groups]', values: ['users', 'admins'] }],
      },
      { to: [{ operation: { paths: ['/healthz'] } }] },
    ]);
    const get = (path: string, t?: ReturnType<typeof token>) => fromGateway(objects, { path, token: t });
    get('/api/items', token({ groups: ['users'] })).toBeAllowed();
    get('/api/items', token({ groups: ['admins'] })).toBeAllowed();
    get('/api/items', token({ groups: ['guests'] })).toBeDenied();
    get('/api/items', token()).toBeDenied();
    get('/api/items', token({ groups: ['users'] }, ISSUER, 'bob')).toBeDenied();
    get('/other', token({ groups: ['users'] })).toBeDenied();
    fromGateway(objects, { method: 'POST', path: '/api/items', token: token({ groups: ['users'] }) }).toBeDenied();
    get('/healthz').toBeAllowed();
    get('/api/items').toBeDenied();
  });

  test('token locations, audiences, forwarding and an inline key set', () => {
    const jwks = JSON.stringify({ keys: [{ kty: 'RSA', kid: 'k1', n: 'abc', e: 'AQAB' }] });
    const { c } = app({
      jwks: JwksSource.inline(jwks),
      audiences: ['hello'],
      forwardOriginalToken: true,
      fromHeaders: [{ name: 'x-jwt-assertion' }, { name: 'Authorization', prefix: 'Bearer ' }],
      fromParams: ['token'],
      name: 'hello-users',
    });
    const ra = find(synth(c), 'RequestAuthentication', 'hello-users');
    expect(ra.spec.jwtRules).toEqual([{
      issuer: ISSUER,
      jwks,
      audiences: ['hello'],
      forwardOriginalToken: true,
      fromHeaders: [{ name: 'x-jwt-assertion' }, { name: 'Authorization', prefix: 'Bearer ' }],
      fromParams: ['token'],
    }]);
    expect(MeshValidation.of(c).warnings()).toEqual([]);
  });

  test('a namespace target protects every workload of the namespace', () => {
    const c = chart();
    const ns = new MeshNamespace(c, 'Ns', { name: 'shop' });
    const cart = new MeshService(c, 'Cart', { name: 'cart', namespace: ns });
    new Workload(c, 'CartV1', { service: cart, version: 'v1', image: WorkloadImage.httpEcho() });
    new JwtProtectedService(c, 'ShopJwt', { target: PolicyTarget.fromNamespace(ns), issuer: ISSUER, jwks: JWKS, name: 'shop-jwt' });
    const objects = synth(c);
    expect(find(objects, 'RequestAuthentication', 'shop-jwt', 'shop').spec.selector).toBeUndefined();
    fromGateway(objects, { host: 'cart.shop' }).toBeDenied();
    fromGateway(objects, { host: 'cart.shop', token: token() }).toBeAllowed();
  });

  test('warns about a key set fetched over plain http from a host outside the set (CDKI1028, CDKI3003)', () => {
    const { c } = app({ jwks: JwksSource.fromUri('http://auth.example.com/.well-known/jwks.json') });
    expect(MeshValidation.of(c).warnings()).toEqual([
      "test/HelloJwt/RequestAuthentication/Resource: RequestAuthentication/default/hello-jwt: spec.jwtRules[0].jwksUri: warning: 'jwksUri' should be an https:// URL: over http:// the token signing keys are fetched in plain text, so anyone on the way can swap them and forge tokens; serve them over https:// or inline them ('jwks'), got \"http://auth.example.com/.well-known/jwks.json\" [CDKI1028]",
      expect.stringMatching(/^test\/HelloJwt\/RequestAuthentication\/Resource: .*spec.jwtRules\[0\].jwksUri: warning: the key set http:\/\/auth.example.com\/.well-known\/jwks.json is fetched by istiod from auth.example.com, which is neither a Service of the set.*\[CDKI3003\]$/),
    ]);
    synth(c);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Warning: test/HelloJwt/RequestAuthentication/Resource: RequestAuthentication/default/hello-jwt: spec.jwtRules[0].jwksUri: warning:'));
  });

  test('emits the field as jwksUri, as Istio documents it, not the proto name jwks_uri', () => {
    const { c } = app({ jwks: JwksSource.fromUri('https://issuer.example.com/keys') });
    const [rule] = find(synth(c), 'RequestAuthentication', 'hello-jwt').spec.jwtRules;
    expect(Object.keys(rule)).toEqual(['issuer', 'jwksUri']);
    expect(rule.jwksUri).toBe('https://issuer.example.com/keys');
  });

  test('fails a key set served in the mesh by a STRICT service (istiod fetches in plain text); passes once it accepts plain text', () => {
    const c = chart();
    const auth = new MeshService(c, 'Auth', { name: 'auth' });
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'AuthV1', { service: auth, version: 'v1', image: WorkloadImage.httpEcho() });
    new MutualTlsPolicy(c, 'Mtls');
    new JwtProtectedService(c, 'HelloJwt', { target: PolicyTarget.fromService(hello), issuer: ISSUER, jwks: JwksSource.fromService(auth) });
    expect(() => synth(c)).toThrow("test/HelloJwt/RequestAuthentication/Resource: RequestAuthentication/default/hello-jwt: spec.jwtRules[0].jwksUri: error: the key set http://auth.default.svc.cluster.local:8080/.well-known/jwks.json cannot be fetched: istiod fetches it without a sidecar: pod istio-system/istiod → default/auth-v1: connection reset: default/auth-v1 requires mTLS (STRICT, PeerAuthentication istio-system/default)");
    new MutualTlsPolicy(c, 'AuthPermissive', { target: PolicyTarget.fromService(auth), mode: MtlsMode.PERMISSIVE });
    expect(find(synth(c), 'RequestAuthentication', 'hello-jwt').spec.jwtRules[0].jwksUri).toBe('http://auth.default.svc.cluster.local:8080/.well-known/jwks.json');
    expect(MeshValidation.of(c).findings().filter(f => f.code === 'CDKI3003')).toEqual([]);
  });

  test('fails when it protects the service serving its own key set without making the key set public', () => {
    const c = chart();
    const auth = new MeshService(c, 'Auth', { name: 'auth' });
    const jwks = JwksSource.fromService(auth, '/.well-known/jwks.json');
    expect(() => new JwtProtectedService(c, 'AuthJwt', { target: PolicyTarget.fromService(auth), issuer: ISSUER, jwks, publicPaths: ['/login'] }))
      .toThrow("test/AuthJwt: 'publicPaths' must include \"/.well-known/jwks.json\": the key set is served by default/auth, which this policy protects, so fetching it would itself need a token; got [\"/login\"]");
    expect(() => new JwtProtectedService(c, 'AuthJwt2', { target: PolicyTarget.fromService(auth), issuer: ISSUER, jwks, publicPaths: ['/login', '/.well-known/*'] })).not.toThrow();
  });

  test('fails on an empty issuer', () => {
    expect(() => app({ issuer: ' ' }))
      .toThrow("test/HelloJwt: 'issuer' must be the non-empty \"iss\" of accepted tokens, e.g. \"https://accounts.example.com\", got \" \"");
  });

  test('fails on a jwksUri that is not http(s)', () => {
    expect(() => app({ jwks: JwksSource.fromUri('ftp://auth.example.com/jwks.json') }))
      .toThrow("test/HelloJwt: 'jwks' must be an http:// or https:// URL, got \"ftp://auth.example.com/jwks.json\"");
    expect(() => app({ jwks: JwksSource.fromUri('auth.example.com/jwks.json') }))
      .toThrow("test/HelloJwt: 'jwks' must be an http:// or https:// URL, got \"auth.example.com/jwks.json\"");
  });

  test('fails on an inline key set without keys', () => {
    expect(() => app({ jwks: JwksSource.inline('{"kty":"RSA"}') }))
      .toThrow("test/HelloJwt: 'jwks' must be a JSON Web Key Set with at least one key, {\"keys\": [...]}, got \"{\\\"kty\\\":\\\"RSA\\\"}\"");
  });

  test('fails on a method that is not an HTTP method', () => {
    expect(() => app({ methods: ['get' as HttpMethod] }))
      .toThrow("test/HelloJwt: 'methods[0]' must be an HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, CONNECT, TRACE), got \"get\"");
  });

  test('fails on a path without a leading slash', () => {
    expect(() => app({ publicPaths: ['healthz'] })).toThrow("test/HelloJwt: 'publicPaths[0]' must start with \"/\" (e.g. \"/login\" or \"/api/*\"), got \"healthz\"");
    expect(() => app({ paths: ['api/*'] })).toThrow("test/HelloJwt: 'paths[0]' must start with \"/\"");
  });

  test('fails on a workload target with no selector', () => {
    const c = chart();
    expect(() => new JwtProtectedService(c, 'Jwt', { target: PolicyTarget.selector(MeshNamespace.fromName('shop'), {}), issuer: ISSUER, jwks: JWKS }))
      .toThrow("test/Jwt: 'target' is a workload policy with no selector, so it would apply to all of namespace shop;");
  });

  test('fails on a mesh-wide target', () => {
    const c = chart();
    expect(() => new JwtProtectedService(c, 'Jwt', { target: PolicyTarget.mesh(), issuer: ISSUER, jwks: JWKS }))
      .toThrow("test/Jwt: 'target' must be a namespace or workloads, got the mesh: a mesh-wide token requirement would also lock out the token issuer and every gateway;");
  });

  test('fails on a principal that is not issuer/subject', () => {
    expect(() => app({ allowedPrincipals: ['alice'] }))
      .toThrow("test/HelloJwt: 'allowedPrincipals[0]' must be \"<issuer>/<subject>\" (request principal), \"<issuer>/*\" or \"*\", got \"alice\"");
  });

  test('fails on a claim name with brackets and on a claim without values', () => {
    expect(() => app({ requiredClaims: { 'groups[0]': ['users'] } }))
      .toThrow("test/HelloJwt: 'requiredClaims.groups[0]' must be a claim name without brackets or spaces, such as \"groups\", got \"groups[0]\"");
    expect(() => app({ requiredClaims: { groups: [] } }))
      .toThrow("test/HelloJwt: 'requiredClaims.groups' must list at least one value; leave it out to not require the claim, got []");
  });

  test('fails on an invalid header name', () => {
    expect(() => app({ fromHeaders: [{ name: 'x jwt' }] }))
      .toThrow("test/HelloJwt: 'fromHeaders[0].name' must be an HTTP header name such as \"x-jwt-assertion\", got \"x jwt\"");
  });
});
