// The documented outcomes of Istio's tasks on istio.io (Bookinfo, httpbin/curl), transcribed as a table: each row
// names its page, applies the task's manifests (written here as the task's YAML has them) and checks the outcome
// the page documents. The model is verified against Istio's documentation, not against itself.
import { FaultKind, HopTls, MeshModel, MeshRequest, Outcome, RequestSource, RequestTrace } from '../../lib';
import { allV1, apply, bookinfo, bookinfoSubsets, deployment, istio, namespace } from './manifests';

const ROUTING = 'https://istio.io/latest/docs/tasks/traffic-management/request-routing/';
const FAULTS = 'https://istio.io/latest/docs/tasks/traffic-management/fault-injection/';
const SHIFTING = 'https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/';
const TIMEOUTS = 'https://istio.io/latest/docs/tasks/traffic-management/request-timeouts/';
const AUTHZ_HTTP = 'https://istio.io/latest/docs/tasks/security/authorization/authz-http/';
const AUTHZ_JWT = 'https://istio.io/latest/docs/tasks/security/authorization/authz-jwt/';
const MTLS_MIGRATION = 'https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/';
const JWT_ROUTE = 'https://istio.io/latest/docs/tasks/security/authentication/jwt-route/';
const AUTHZ_DENY = 'https://istio.io/latest/docs/tasks/security/authorization/authz-deny/';
const AUTHN_POLICY = 'https://istio.io/latest/docs/tasks/security/authentication/authn-policy/';

const productpage = RequestSource.workload('default/productpage');
const reviewsV2 = RequestSource.workload('default/reviews-v2');
const ingress = RequestSource.ingressGateway();
const jason = { 'end-user': 'jason' };

// samples/bookinfo/networking/virtual-service-reviews-test-v2.yaml
const reviewsTestV2 = istio('VirtualService', 'reviews', 'default', {
  hosts: ['reviews'],
  http: [
    { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
    { route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
  ],
});
// samples/bookinfo/networking/virtual-service-ratings-test-delay.yaml and -test-abort.yaml
const ratingsFault = (fault: any) => istio('VirtualService', 'ratings', 'default', {
  hosts: ['ratings'],
  http: [
    { match: [{ headers: { 'end-user': { exact: 'jason' } } }], fault, route: [{ destination: { host: 'ratings', subset: 'v1' } }] },
    { route: [{ destination: { host: 'ratings', subset: 'v1' } }] },
  ],
});
const delay7s = ratingsFault({ delay: { percentage: { value: 100.0 }, fixedDelay: '7s' } });
const abort500 = ratingsFault({ abort: { percentage: { value: 100.0 }, httpStatus: 500 } });
// samples/bookinfo/networking/virtual-service-reviews-50-v3.yaml and virtual-service-reviews-v3.yaml
const reviews50v3 = istio('VirtualService', 'reviews', 'default', {
  hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 50 }] }],
});
const reviewsV3 = istio('VirtualService', 'reviews', 'default', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }] });
// request-timeouts: reviews v2 with a 0.5 s timeout, ratings delayed 2 s
const reviewsTimeout = istio('VirtualService', 'reviews', 'default', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }], timeout: '0.5s' }] });
const ratingsDelay2s = istio('VirtualService', 'ratings', 'default', {
  hosts: ['ratings'], http: [{ fault: { delay: { percentage: { value: 100 }, fixedDelay: '2s' } }, route: [{ destination: { host: 'ratings', subset: 'v1' } }] }],
});

// authz-http: allow-nothing, then productpage-viewer, details-viewer, reviews-viewer, ratings-viewer
const allowNothing = istio('AuthorizationPolicy', 'allow-nothing', 'default', {});
const viewer = (app: string, principal?: string) => istio('AuthorizationPolicy', `${app}-viewer`, 'default', {
  selector: { matchLabels: { app } }, action: 'ALLOW',
  rules: [{ ...(principal ? { from: [{ source: { principals: [`cluster.local/ns/default/sa/${principal}`] } }] } : {}), to: [{ operation: { methods: ['GET'] } }] }],
});
const authzHttp = [...bookinfo(), allowNothing];
const authzHttpViewers = [...authzHttp, viewer('productpage'), viewer('details', 'bookinfo-productpage'), viewer('reviews', 'bookinfo-productpage'), viewer('ratings', 'bookinfo-reviews')];

// httpbin and curl (samples/httpbin/httpbin.yaml: port 8000 → 8080; samples/curl/curl.yaml) in a namespace
const httpbin = (ns: string, injected = true): any[] => [
  namespace(ns, injected),
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace: ns }, spec: { selector: { app: 'httpbin' }, ports: [{ name: 'http', port: 8000, targetPort: 8080 }] } },
  deployment('httpbin', ns, 'v1', 'httpbin', 8080),
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'curl', namespace: ns }, spec: { selector: { app: 'curl' }, ports: [{ name: 'http', port: 80 }] } },
  deployment('curl', ns, 'v1', 'curl', 80),
];
// authz-jwt: RequestAuthentication jwt-example, then require-jwt, then require-jwt with a groups claim
const ISSUER = 'testing@secure.istio.io';
const jwtExample = istio('RequestAuthentication', 'jwt-example', 'foo', {
  selector: { matchLabels: { app: 'httpbin' } },
  jwtRules: [{ issuer: ISSUER, jwksUri: 'https://raw.githubusercontent.com/istio/istio/release-1.30/security/tools/jwt/samples/jwks.json' }],
});
const requireJwt = (when?: any[]) => istio('AuthorizationPolicy', 'require-jwt', 'foo', {
  selector: { matchLabels: { app: 'httpbin' } }, action: 'ALLOW',
  rules: [{ from: [{ source: { requestPrincipals: [`${ISSUER}/${ISSUER}`] } }], ...(when ? { when } : {}) }],
});
const token = (claims: Record<string, string[]> = {}, valid = true) => ({ issuer: ISSUER, subject: ISSUER, claims, valid });
const jwtTask = [...httpbin('foo'), jwtExample];
const fooCurl = RequestSource.workload('foo/curl');

// jwt-route: RequestAuthentication on the ingress gateway, a route on the groups claim
const jwtRoute = [
  ...httpbin('foo'),
  istio('Gateway', 'httpbin-gateway', 'foo', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
  istio('VirtualService', 'httpbin', 'foo', {
    hosts: ['*'], gateways: ['httpbin-gateway'],
    http: [{ match: [{ uri: { prefix: '/headers' }, headers: { '@request.auth.claims.groups': { exact: 'group1' } } }], route: [{ destination: { port: { number: 8000 }, host: 'httpbin' } }] }],
  }),
  istio('RequestAuthentication', 'ingress-jwt', 'istio-system', { selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [{ issuer: ISSUER, jwksUri: 'https://raw.githubusercontent.com/istio/istio/release-1.30/security/tools/jwt/samples/jwks.json' }] }),
];

// authz-deny: deny-method-get (GET unless x-token: admin), then allow-path-ip
const denyGet = istio('AuthorizationPolicy', 'deny-method-get', 'foo', {
  selector: { matchLabels: { app: 'httpbin' } }, action: 'DENY',
  rules: [{ to: [{ operation: { methods: ['GET'] } }], when: [{ key: 'request.headers[x-token]', notValues: ['admin'] }] }],
});
const allowPathIp = istio('AuthorizationPolicy', 'allow-path-ip', 'foo', {
  selector: { matchLabels: { app: 'httpbin' } }, action: 'ALLOW', rules: [{ to: [{ operation: { paths: ['/ip'] } }] }],
});
const toHttpbin = (method: string, path: string, token?: string): MeshRequest => ({ source: fooCurl, host: 'httpbin.foo', port: 8000, method, path, headers: token ? { 'x-token': token } : {} });

// authn-policy, end-user authentication: JWT at the ingress gateway, then a DENY for requests without a principal
const ingressJwt = [
  ...httpbin('foo'),
  istio('Gateway', 'httpbin-gateway', 'foo', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
  istio('VirtualService', 'httpbin', 'foo', { hosts: ['*'], gateways: ['httpbin-gateway'], http: [{ match: [{ uri: { prefix: '/headers' } }], route: [{ destination: { port: { number: 8000 }, host: 'httpbin.foo.svc.cluster.local' } }] }] }),
  istio('RequestAuthentication', 'jwt-example', 'istio-system', { selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [{ issuer: ISSUER, jwksUri: 'https://raw.githubusercontent.com/istio/istio/release-1.30/security/tools/jwt/samples/jwks.json' }] }),
];
const frontendIngress = istio('AuthorizationPolicy', 'frontend-ingress', 'istio-system', {
  selector: { matchLabels: { istio: 'ingressgateway' } }, action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }],
});
const viaGateway = (t?: ReturnType<typeof token>): MeshRequest => ({ source: ingress, host: 'httpbin.example.com', path: '/headers', token: t });

// mtls-migration: foo and bar injected, legacy not; STRICT in foo, then mesh-wide
const migration = [...httpbin('foo'), ...httpbin('bar'), ...httpbin('legacy', false)];
const strictIn = (ns: string) => istio('PeerAuthentication', 'default', ns, { mtls: { mode: 'STRICT' } });
const curlIn = (ns: string) => RequestSource.workload(`${ns}/curl`);

interface Row {
  readonly page: string;
  readonly step: string;
  readonly objects: any[];
  readonly request: MeshRequest;
  readonly expect: (trace: RequestTrace) => void;
}

const last = (t: RequestTrace) => t.hops[t.hops.length - 1];
const weights = (t: RequestTrace) => Object.fromEntries(last(t).distribution.map(d => [d.destination.subset ?? '(all)', d.weight]));
const outcome = (o: Outcome, status?: number) => (t: RequestTrace) => {
  expect([t.outcome, t.status]).toEqual([o, status]);
};

const ROWS: Row[] = [
  // request routing
  { page: ROUTING, step: 'virtual-service-all-v1: reviews gets v1 only', objects: [...bookinfo(), ...bookinfoSubsets(), ...allV1()],
    request: { source: productpage, host: 'reviews' }, expect: t => expect(weights(t)).toEqual({ v1: 100 }) },
  { page: ROUTING, step: 'reviews-test-v2: user jason gets reviews v2', objects: apply([...bookinfo(), ...bookinfoSubsets(), ...allV1()], reviewsTestV2),
    request: { source: productpage, host: 'reviews', headers: jason }, expect: t => expect([t.outcome, last(t).destination?.subset, last(t).routeIndex]).toEqual([Outcome.OK, 'v2', 0]) },
  { page: ROUTING, step: 'reviews-test-v2: other users get reviews v1', objects: apply([...bookinfo(), ...bookinfoSubsets(), ...allV1()], reviewsTestV2),
    request: { source: productpage, host: 'reviews', headers: { 'end-user': 'alice' } }, expect: t => expect([last(t).destination?.subset, last(t).routeIndex]).toEqual(['v1', 1]) },
  { page: ROUTING, step: 'the gateway sends /productpage to productpage', objects: [...bookinfo(), ...bookinfoSubsets(), ...allV1()],
    request: { source: ingress, host: 'bookinfo.example.com', port: 8080, path: '/productpage' },
    expect: t => expect([t.outcome, last(t).virtualService, last(t).pods]).toEqual([Outcome.OK, 'default/bookinfo', ['default/productpage-v1']]) },
  { page: ROUTING, step: 'the gateway has no route for other paths: 404', objects: [...bookinfo(), ...bookinfoSubsets(), ...allV1()],
    request: { source: ingress, host: 'bookinfo.example.com', port: 8080, path: '/admin' }, expect: outcome(Outcome.NOT_FOUND, 404) },
  // fault injection
  { page: FAULTS, step: 'ratings-test-delay: jason\'s requests to ratings wait 7 s', objects: apply([...bookinfo(), ...bookinfoSubsets(), ...allV1()], reviewsTestV2, delay7s),
    request: { source: reviewsV2, host: 'ratings', headers: jason },
    expect: t => expect([t.outcome, last(t).faults]).toEqual([Outcome.OK, [{ kind: FaultKind.DELAY, percentage: 100, fixedDelay: '7s' }]]) },
  { page: FAULTS, step: 'ratings-test-delay: other users are not delayed', objects: apply([...bookinfo(), ...bookinfoSubsets(), ...allV1()], reviewsTestV2, delay7s),
    request: { source: reviewsV2, host: 'ratings' }, expect: t => expect([t.outcome, last(t).faults]).toEqual([Outcome.OK, []]) },
  { page: FAULTS, step: 'ratings-test-abort: jason gets HTTP 500 from ratings', objects: apply([...bookinfo(), ...bookinfoSubsets(), ...allV1()], reviewsTestV2, abort500),
    request: { source: reviewsV2, host: 'ratings', headers: jason }, expect: outcome(Outcome.FAULT, 500) },
  { page: FAULTS, step: 'ratings-test-abort: other users reach ratings', objects: apply([...bookinfo(), ...bookinfoSubsets(), ...allV1()], reviewsTestV2, abort500),
    request: { source: reviewsV2, host: 'ratings' }, expect: outcome(Outcome.OK) },
  // traffic shifting
  { page: SHIFTING, step: 'reviews-50-v3: half to v1, half to v3', objects: apply([...bookinfo(), ...bookinfoSubsets(), ...allV1()], reviews50v3),
    request: { source: productpage, host: 'reviews' }, expect: t => expect(weights(t)).toEqual({ v1: 50, v3: 50 }) },
  { page: SHIFTING, step: 'reviews-v3: all to v3', objects: apply([...bookinfo(), ...bookinfoSubsets(), ...allV1()], reviewsV3),
    request: { source: productpage, host: 'reviews' }, expect: t => expect([weights(t), last(t).pods]).toEqual([{ v3: 100 }, ['default/reviews-v3']]) },
  // request timeouts
  { page: TIMEOUTS, step: 'reviews v2 with a 0.5 s timeout', objects: apply([...bookinfo(), ...bookinfoSubsets(), ...allV1()], reviewsTimeout, ratingsDelay2s),
    request: { source: productpage, host: 'reviews' }, expect: t => expect([last(t).destination?.subset, last(t).timeout]).toEqual(['v2', '0.5s']) },
  { page: TIMEOUTS, step: 'ratings delayed 2 s', objects: apply([...bookinfo(), ...bookinfoSubsets(), ...allV1()], reviewsTimeout, ratingsDelay2s),
    request: { source: reviewsV2, host: 'ratings' }, expect: t => expect(last(t).faults.map(f => f.fixedDelay)).toEqual(['2s']) },
  // authorization for HTTP traffic
  { page: AUTHZ_HTTP, step: 'allow-nothing: the product page is denied (RBAC: access denied)', objects: authzHttp,
    request: { source: ingress, host: 'bookinfo.example.com', port: 8080, path: '/productpage' },
    expect: t => expect([t.outcome, t.status, last(t).decidingPolicy]).toEqual([Outcome.DENIED, 403, 'default/allow-nothing']) },
  { page: AUTHZ_HTTP, step: 'productpage-viewer: GET /productpage is allowed', objects: [...authzHttp, viewer('productpage')],
    request: { source: ingress, host: 'bookinfo.example.com', port: 8080, path: '/productpage' },
    expect: t => expect([t.outcome, last(t).decidingPolicy]).toEqual([Outcome.OK, 'default/productpage-viewer']) },
  { page: AUTHZ_HTTP, step: 'productpage-viewer only: details and reviews are still denied', objects: [...authzHttp, viewer('productpage')],
    request: { source: productpage, host: 'details' }, expect: outcome(Outcome.DENIED, 403) },
  { page: AUTHZ_HTTP, step: 'details-viewer: productpage may GET details, over mTLS', objects: authzHttpViewers,
    request: { source: productpage, host: 'details' },
    expect: t => expect([t.outcome, last(t).tls, last(t).decidingPolicy]).toEqual([Outcome.OK, HopTls.MUTUAL, 'default/details-viewer']) },
  { page: AUTHZ_HTTP, step: 'reviews-viewer: productpage may GET reviews', objects: authzHttpViewers,
    request: { source: productpage, host: 'reviews' }, expect: outcome(Outcome.OK) },
  { page: AUTHZ_HTTP, step: 'ratings-viewer: reviews may GET ratings', objects: authzHttpViewers,
    request: { source: reviewsV2, host: 'ratings' }, expect: outcome(Outcome.OK) },
  { page: AUTHZ_HTTP, step: 'ratings-viewer: productpage may not call ratings', objects: authzHttpViewers,
    request: { source: productpage, host: 'ratings' }, expect: outcome(Outcome.DENIED, 403) },
  { page: AUTHZ_HTTP, step: 'the viewers allow GET only', objects: authzHttpViewers,
    request: { source: productpage, host: 'details', method: 'POST' }, expect: outcome(Outcome.DENIED, 403) },
  // JWT authorization
  { page: AUTHZ_JWT, step: 'an invalid JWT is rejected with 401', objects: jwtTask,
    request: { source: fooCurl, host: 'httpbin.foo', port: 8000, path: '/headers', token: token({}, false) }, expect: outcome(Outcome.UNAUTHENTICATED, 401) },
  { page: AUTHZ_JWT, step: 'without an AuthorizationPolicy, a request without a JWT is allowed', objects: jwtTask,
    request: { source: fooCurl, host: 'httpbin.foo', port: 8000, path: '/headers' }, expect: outcome(Outcome.OK) },
  { page: AUTHZ_JWT, step: 'require-jwt: a valid JWT is allowed', objects: [...jwtTask, requireJwt()],
    request: { source: fooCurl, host: 'httpbin.foo', port: 8000, path: '/headers', token: token() }, expect: outcome(Outcome.OK) },
  { page: AUTHZ_JWT, step: 'require-jwt: a request without a JWT is denied', objects: [...jwtTask, requireJwt()],
    request: { source: fooCurl, host: 'httpbin.foo', port: 8000, path: '/headers' }, expect: outcome(Outcome.DENIED, 403) },
  { page: AUTHZ_JWT, step: 'require-jwt with groups: a JWT with group1 is allowed', objects: [...jwtTask, requireJwt([{ key: 'request.auth.claims[groups]', values: ['group1'] }])],
    request: { source: fooCurl, host: 'httpbin.foo', port: 8000, path: '/headers', token: token({ groups: ['group1', 'group2'] }) }, expect: outcome(Outcome.OK) },
  { page: AUTHZ_JWT, step: 'require-jwt with groups: a JWT without the groups claim is denied', objects: [...jwtTask, requireJwt([{ key: 'request.auth.claims[groups]', values: ['group1'] }])],
    request: { source: fooCurl, host: 'httpbin.foo', port: 8000, path: '/headers', token: token() }, expect: outcome(Outcome.DENIED, 403) },
  // JWT claim based routing
  { page: JWT_ROUTE, step: 'the gateway answers 404 to a request without a JWT', objects: jwtRoute,
    request: { source: ingress, host: 'httpbin.example.com', path: '/headers' }, expect: outcome(Outcome.NOT_FOUND, 404) },
  { page: JWT_ROUTE, step: 'the gateway answers 401 to an invalid JWT', objects: jwtRoute,
    request: { source: ingress, host: 'httpbin.example.com', path: '/headers', token: token({ groups: ['group1'] }, false) }, expect: outcome(Outcome.UNAUTHENTICATED, 401) },
  { page: JWT_ROUTE, step: 'a valid JWT with groups group1 is routed to httpbin', objects: jwtRoute,
    request: { source: ingress, host: 'httpbin.example.com', path: '/headers', token: token({ groups: ['group1', 'group2'] }) },
    expect: t => expect([t.outcome, last(t).pods]).toEqual([Outcome.OK, ['foo/httpbin-v1']]) },
  { page: JWT_ROUTE, step: 'a valid JWT without group1 gets 404', objects: jwtRoute,
    request: { source: ingress, host: 'httpbin.example.com', path: '/headers', token: token({ groups: ['group2'] }) }, expect: outcome(Outcome.NOT_FOUND, 404) },
  // explicit deny
  { page: AUTHZ_DENY, step: 'deny-method-get: GET without x-token admin is denied', objects: [...httpbin('foo'), denyGet],
    request: toHttpbin('GET', '/get', 'guest'), expect: t => expect([t.outcome, last(t).decidingPolicy]).toEqual([Outcome.DENIED, 'foo/deny-method-get']) },
  { page: AUTHZ_DENY, step: 'deny-method-get: POST is allowed', objects: [...httpbin('foo'), denyGet],
    request: toHttpbin('POST', '/post', 'guest'), expect: outcome(Outcome.OK) },
  { page: AUTHZ_DENY, step: 'deny-method-get: GET with x-token admin is allowed', objects: [...httpbin('foo'), denyGet],
    request: toHttpbin('GET', '/get', 'admin'), expect: outcome(Outcome.OK) },
  { page: AUTHZ_DENY, step: 'allow-path-ip: GET /ip with x-token admin is allowed', objects: [...httpbin('foo'), denyGet, allowPathIp],
    request: toHttpbin('GET', '/ip', 'admin'), expect: outcome(Outcome.OK) },
  { page: AUTHZ_DENY, step: 'allow-path-ip: GET /get with x-token admin is denied (no ALLOW rule matches)', objects: [...httpbin('foo'), denyGet, allowPathIp],
    request: toHttpbin('GET', '/get', 'admin'), expect: t => expect([t.outcome, last(t).decidingPolicy]).toEqual([Outcome.DENIED, 'foo/allow-path-ip']) },
  { page: AUTHZ_DENY, step: 'allow-path-ip: GET /ip with x-token guest is denied (the DENY policy wins)', objects: [...httpbin('foo'), denyGet, allowPathIp],
    request: toHttpbin('GET', '/ip', 'guest'), expect: t => expect([t.outcome, last(t).decidingPolicy]).toEqual([Outcome.DENIED, 'foo/deny-method-get']) },
  // end-user authentication at the ingress gateway
  { page: AUTHN_POLICY, step: 'RequestAuthentication at the gateway: a request without a token passes', objects: ingressJwt,
    request: viaGateway(), expect: outcome(Outcome.OK) },
  { page: AUTHN_POLICY, step: 'RequestAuthentication at the gateway: an invalid token gets 401 at the gateway', objects: ingressJwt,
    request: viaGateway(token({}, false)), expect: t => expect([t.outcome, t.hops.length]).toEqual([Outcome.UNAUTHENTICATED, 1]) },
  { page: AUTHN_POLICY, step: 'RequestAuthentication at the gateway: a valid token passes', objects: ingressJwt,
    request: viaGateway(token()), expect: outcome(Outcome.OK) },
  { page: AUTHN_POLICY, step: 'with frontend-ingress (DENY notRequestPrincipals *): no token gets 403', objects: [...ingressJwt, frontendIngress],
    request: viaGateway(), expect: t => expect([t.outcome, t.hops[0].decidingPolicy]).toEqual([Outcome.DENIED, 'istio-system/frontend-ingress']) },
  { page: AUTHN_POLICY, step: 'with frontend-ingress: a valid token passes', objects: [...ingressJwt, frontendIngress],
    request: viaGateway(token()), expect: outcome(Outcome.OK) },
  // mutual TLS migration
  { page: MTLS_MIGRATION, step: 'before: curl.legacy reaches httpbin.foo in plain text', objects: migration,
    request: { source: curlIn('legacy'), host: 'httpbin.foo', port: 8000, path: '/ip' }, expect: t => expect([t.outcome, last(t).tls]).toEqual([Outcome.OK, HopTls.PLAIN_TEXT]) },
  { page: MTLS_MIGRATION, step: 'before: curl.bar reaches httpbin.foo over mTLS (auto mTLS)', objects: migration,
    request: { source: curlIn('bar'), host: 'httpbin.foo', port: 8000, path: '/ip' }, expect: t => expect([t.outcome, last(t).tls]).toEqual([Outcome.OK, HopTls.MUTUAL]) },
  { page: MTLS_MIGRATION, step: 'STRICT in foo: curl.legacy → httpbin.foo fails (connection reset, 000)', objects: [...migration, strictIn('foo')],
    request: { source: curlIn('legacy'), host: 'httpbin.foo', port: 8000, path: '/ip' }, expect: outcome(Outcome.REFUSED) },
  { page: MTLS_MIGRATION, step: 'STRICT in foo: curl.legacy still reaches httpbin.bar', objects: [...migration, strictIn('foo')],
    request: { source: curlIn('legacy'), host: 'httpbin.bar', port: 8000, path: '/ip' }, expect: outcome(Outcome.OK) },
  { page: MTLS_MIGRATION, step: 'STRICT in foo: curl.bar still reaches httpbin.foo', objects: [...migration, strictIn('foo')],
    request: { source: curlIn('bar'), host: 'httpbin.foo', port: 8000, path: '/ip' }, expect: outcome(Outcome.OK) },
  { page: MTLS_MIGRATION, step: 'mesh-wide STRICT: curl.legacy → httpbin.bar fails too', objects: [...migration, strictIn('istio-system')],
    request: { source: curlIn('legacy'), host: 'httpbin.bar', port: 8000, path: '/ip' }, expect: outcome(Outcome.REFUSED) },
];

describe('the documented outcomes of Istio\'s tasks', () => {
  test.each(ROWS.map(r => [`${r.page} — ${r.step}`, r] as const))('%s', (_name, row) => {
    row.expect(MeshModel.fromObjects(row.objects).request(row.request));
  });
});
