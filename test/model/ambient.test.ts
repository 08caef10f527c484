// Ambient mode in the mesh model, with hand-written objects as istio.io's ambient tasks write them (Bookinfo in an
// enrolled namespace, a waypoint for its services): ztunnel mTLS, ztunnel's L4 policies, waypoints.
import { HopTls, MeshModel, Outcome, RequestSource, RequestTrace } from '../../lib';
import { deployment, istio, service } from './manifests';

const last = (t: RequestTrace) => t.hops[t.hops.length - 1];
const workload = RequestSource.workload;

function ns(name: string, labels: Record<string, string>): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}
const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
/** The waypoint `istioctl waypoint apply` writes (https://istio.io/latest/docs/ambient/usage/waypoint/#deploy-a-waypoint-proxy). */
function waypoint(namespace: string, name = 'waypoint', trafficType = 'service'): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace, labels: { 'istio.io/waypoint-for': trafficType } },
    spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
  };
}
const withLabels = (obj: any, labels: Record<string, string>) => ({ ...obj, metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, ...labels } } });
const toService = (name: string) => [{ group: '', kind: 'Service', name }];

/** curl and reviews (v1, v2) in the enrolled namespace `bookinfo`, a client `legacy/curl` outside the mesh. */
function bookinfo(...more: any[]): MeshModel {
  return MeshModel.fromObjects([
    ns('bookinfo', AMBIENT), ns('legacy', {}),
    service('reviews', 'bookinfo'), deployment('reviews', 'bookinfo', 'v1', 'bookinfo-reviews'), deployment('reviews', 'bookinfo', 'v2', 'bookinfo-reviews'),
    service('curl', 'bookinfo', 80), deployment('curl', 'bookinfo', 'v1', 'curl', 80),
    service('curl', 'legacy', 80), deployment('curl', 'legacy', 'v1', 'curl', 80),
    ...more,
  ]);
}
const toReviews = (m: MeshModel, from = 'bookinfo/curl', extra: object = {}) => m.request({ source: workload(from), host: 'reviews.bookinfo', ...extra });

describe('MeshModel in ambient mode: ztunnel', () => {
  test('enrolled pods talk over ztunnel mTLS with the caller\'s identity; pods outside the mesh send and get plain text', () => {
    const m = bookinfo(istio('AuthorizationPolicy', 'curl-only', 'bookinfo', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/curl'] } }] }] }));
    expect(m.identity('bookinfo/reviews-v1')).toMatchObject({ sidecar: false, ambient: true });
    const inMesh = toReviews(m);
    expect([inMesh.outcome, last(inMesh).tls, last(inMesh).decidingPolicy]).toEqual([Outcome.OK, HopTls.MUTUAL, 'bookinfo/curl-only']);
    // Plain text carries no principal: the same policy denies it.
    const outside = toReviews(m, 'legacy/curl');
    expect([outside.outcome, last(outside).tls]).toEqual([Outcome.DENIED, HopTls.PLAIN_TEXT]);
    const out = m.request({ source: workload('bookinfo/curl'), host: 'curl.legacy', port: 80 });
    expect([out.outcome, last(out).tls]).toEqual([Outcome.OK, HopTls.PLAIN_TEXT]);
  });

  test('STRICT at ztunnel refuses plain text; DISABLE does not stop HBONE', () => {
    const strict = bookinfo(istio('PeerAuthentication', 'default', 'istio-system', { mtls: { mode: 'STRICT' } }));
    const refused = toReviews(strict, 'legacy/curl');
    expect([refused.outcome, last(refused).tls]).toEqual([Outcome.REFUSED, HopTls.REFUSED]);
    expect(toReviews(strict).outcome).toBe(Outcome.OK);
    const disable = bookinfo(istio('PeerAuthentication', 'default', 'bookinfo', { mtls: { mode: 'DISABLE' } }));
    expect([toReviews(disable).outcome, last(toReviews(disable)).tls]).toEqual([Outcome.OK, HopTls.MUTUAL]);
  });

  test('a pod labelled dataplane-mode none, or with a sidecar, is not ambient', () => {
    const optedOut = withLabels(deployment('other', 'bookinfo'), {});
    optedOut.spec.template.metadata.labels['istio.io/dataplane-mode'] = 'none';
    const injected = deployment('injected', 'bookinfo');
    injected.spec.template.metadata.labels['sidecar.istio.io/inject'] = 'true';
    const m = bookinfo(optedOut, injected);
    expect(m.identity('bookinfo/other-v1')).toMatchObject({ sidecar: false, ambient: false });
    expect(m.identity('bookinfo/injected-v1')).toMatchObject({ sidecar: true, ambient: false });
  });

  test('ztunnel enforces L4 only: an ALLOW rule with HTTP attributes matches nothing, a DENY rule denies without them', () => {
    const allowGet = istio('AuthorizationPolicy', 'get-only', 'bookinfo', { rules: [{ to: [{ operation: { methods: ['GET'] } }] }] });
    const denied = toReviews(bookinfo(allowGet));
    expect([denied.outcome, last(denied).decidingPolicy]).toEqual([Outcome.DENIED, 'bookinfo/get-only']);
    expect(denied.notes).toContain('AuthorizationPolicy bookinfo/get-only is enforced by ztunnel, which does not support HTTP attributes (found: methods): that ALLOW rule matches nothing; target the waypoint (targetRefs) for HTTP rules');
    const denyPost = istio('AuthorizationPolicy', 'no-post', 'bookinfo', { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['bookinfo'] } }], to: [{ operation: { methods: ['POST'] } }] }] });
    // GET is denied too: the rule keeps its namespaces and loses its methods.
    expect([toReviews(bookinfo(denyPost)).outcome, last(toReviews(bookinfo(denyPost))).decidingPolicy]).toEqual([Outcome.DENIED, 'bookinfo/no-post']);
    expect(toReviews(bookinfo(denyPost), 'legacy/curl').outcome).toBe(Outcome.OK);
    // L4 `when` keys stay.
    const byPrincipal = istio('AuthorizationPolicy', 'by-principal', 'bookinfo', { rules: [{ when: [{ key: 'source.principal', values: ['cluster.local/ns/bookinfo/sa/curl'] }] }] });
    expect(toReviews(bookinfo(byPrincipal)).outcome).toBe(Outcome.OK);
  });

  test('ztunnel enforces neither RequestAuthentication nor CUSTOM or AUDIT policies', () => {
    const m = bookinfo(
      istio('RequestAuthentication', 'jwt', 'bookinfo', { jwtRules: [{ issuer: 'testing@secure.istio.io', jwks: '{}' }] }),
      istio('AuthorizationPolicy', 'ext', 'bookinfo', { action: 'CUSTOM', provider: { name: 'ext-authz' }, rules: [{}] }),
    );
    const trace = toReviews(m, 'bookinfo/curl', { token: { issuer: 'someone-else', subject: 'x' } });
    expect(trace.outcome).toBe(Outcome.OK);
    expect(trace.notes).toEqual(expect.arrayContaining([
      'bookinfo/reviews-v1 is in ambient mode: ztunnel does not enforce RequestAuthentication bookinfo/jwt (target a waypoint with targetRefs)',
      'AuthorizationPolicy bookinfo/ext is CUSTOM, which ztunnel does not support: not enforced at bookinfo/reviews-v1',
    ]));
  });
});

describe('MeshModel in ambient mode: waypoints', () => {
  const usesWaypoint = (labels: Record<string, string> = {}) => ns('bookinfo', { ...AMBIENT, 'istio.io/use-waypoint': 'waypoint', ...labels });

  test('a Service whose namespace uses a waypoint: client ztunnel → waypoint (L7 policy, targetRefs) → ztunnel, which sees the waypoint\'s identity', () => {
    const m = bookinfo(usesWaypoint(), waypoint('bookinfo'),
      istio('AuthorizationPolicy', 'reviews-get', 'bookinfo', { targetRefs: toService('reviews'), rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }),
      istio('AuthorizationPolicy', 'from-waypoint', 'bookinfo', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/waypoint'] } }] }] }));
    const get = toReviews(m);
    expect(get.hops.map(h => [h.client, h.server, h.tls, h.decidingPolicy])).toEqual([
      ['bookinfo/curl-v1', 'waypoint bookinfo/waypoint', HopTls.MUTUAL, 'bookinfo/reviews-get'],
      ['waypoint bookinfo/waypoint', 'bookinfo/reviews-v1', HopTls.MUTUAL, 'bookinfo/from-waypoint'],
    ]);
    expect(get.outcome).toBe(Outcome.OK);
    const post = toReviews(m, 'bookinfo/curl', { method: 'POST' });
    expect([post.outcome, post.status, last(post).server]).toEqual([Outcome.DENIED, 403, 'waypoint bookinfo/waypoint']);
    // Straight to the pod, bypassing the waypoint, the caller's own identity does not pass from-waypoint.
    const sidestep = bookinfo(usesWaypoint({ 'istio.io/use-waypoint': 'none' }), waypoint('bookinfo'),
      istio('AuthorizationPolicy', 'from-waypoint', 'bookinfo', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/waypoint'] } }] }] }));
    expect(toReviews(sidestep).outcome).toBe(Outcome.DENIED);
  });

  test('a sidecar client goes through the waypoint too; a client outside the mesh goes to the pods (noted)', () => {
    const m = bookinfo(usesWaypoint(), waypoint('bookinfo'), ns('injected', { 'istio-injection': 'enabled' }), deployment('curl', 'injected', 'v1', 'curl', 80),
      istio('AuthorizationPolicy', 'reviews-get', 'bookinfo', { targetRefs: toService('reviews'), rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }));
    const sidecar = toReviews(m, 'injected/curl-v1', { method: 'POST' });
    expect([sidecar.outcome, last(sidecar).server, last(sidecar).reason]).toEqual([Outcome.DENIED, 'waypoint bookinfo/waypoint', expect.stringContaining('principal cluster.local/ns/injected/sa/curl, POST')]);
    const outside = toReviews(m, 'legacy/curl', { method: 'POST' });
    expect([outside.outcome, last(outside).server, last(outside).tls]).toEqual([Outcome.OK, 'bookinfo/reviews-v1', HopTls.PLAIN_TEXT]);
    expect(outside.notes).toContain('not modelled: legacy/curl-v1 is outside the mesh and sends to the pods of Service bookinfo/reviews directly; whether their ztunnel sends it on to waypoint bookinfo/waypoint');
  });

  test('the Service\'s label wins over its namespace\'s; none opts out; a label naming no waypoint, or a workload-only waypoint, gives none', () => {
    const reviews = (labels: Record<string, string>) => withLabels(service('reviews', 'bookinfo'), labels);
    const servers = (m: MeshModel) => toReviews(m).hops.map(h => h.server);
    expect(servers(bookinfo(usesWaypoint(), waypoint('bookinfo'), reviews({ 'istio.io/use-waypoint': 'none' })))).toEqual(['bookinfo/reviews-v1']);
    expect(servers(bookinfo(ns('bookinfo', AMBIENT), waypoint('bookinfo', 'reviews-wp'), reviews({ 'istio.io/use-waypoint': 'reviews-wp' }))))
      .toEqual(['waypoint bookinfo/reviews-wp', 'bookinfo/reviews-v1']);
    expect(servers(bookinfo(usesWaypoint({ 'istio.io/use-waypoint': 'missing' }), waypoint('bookinfo')))).toEqual(['bookinfo/reviews-v1']);
    expect(servers(bookinfo(usesWaypoint(), waypoint('bookinfo', 'waypoint', 'workload')))).toEqual(['bookinfo/reviews-v1']);
    const elsewhere = bookinfo(usesWaypoint({ 'istio.io/use-waypoint-namespace': 'shared' }), ns('shared', AMBIENT), waypoint('shared', 'waypoint', 'all'));
    expect(servers(elsewhere)).toEqual(['waypoint shared/waypoint', 'bookinfo/reviews-v1']);
  });

  test('routing applies at the waypoint, not at the client\'s ztunnel: VirtualService, and HTTPRoute with the Service as parent', () => {
    const split = [
      istio('DestinationRule', 'reviews', 'bookinfo', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] }),
      istio('VirtualService', 'reviews', 'bookinfo', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }] }),
    ];
    expect(last(toReviews(bookinfo(ns('bookinfo', AMBIENT), ...split))).distribution.map(d => d.destination.subset)).toEqual([undefined]);
    const routed = toReviews(bookinfo(usesWaypoint(), waypoint('bookinfo'), ...split));
    expect([routed.hops[1].virtualService, routed.hops[1].server]).toEqual(['bookinfo/reviews', 'bookinfo/reviews-v2']);
    // https://istio.io/latest/docs/ambient/usage/l7-features/ (traffic routing with an HTTPRoute on the Service)
    const httpRoute = {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
        rules: [{ backendRefs: [{ name: 'reviews-v2', port: 9080 }] }],
      },
    };
    const v2 = withLabels(service('reviews-v2', 'bookinfo'), {});
    v2.spec.selector = { app: 'reviews', version: 'v2' };
    const gamma = toReviews(bookinfo(usesWaypoint(), waypoint('bookinfo'), httpRoute, v2));
    expect(last(gamma).server).toBe('bookinfo/reviews-v2');
  });

  test('ingress gateway traffic skips the waypoint unless the Service or namespace says ingress-use-waypoint', () => {
    const gateway = [
      istio('Gateway', 'gw', 'bookinfo', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
      istio('VirtualService', 'entry', 'bookinfo', { hosts: ['*'], gateways: ['gw'], http: [{ route: [{ destination: { host: 'reviews' } }] }] }),
      istio('AuthorizationPolicy', 'reviews-get', 'bookinfo', { targetRefs: toService('reviews'), rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }),
    ];
    const post = { source: RequestSource.ingressGateway(), host: 'bookinfo.example.com', method: 'POST' };
    const skipping = bookinfo(usesWaypoint(), waypoint('bookinfo'), ...gateway).request(post);
    expect([skipping.outcome, last(skipping).server, last(skipping).tls]).toEqual([Outcome.OK, 'bookinfo/reviews-v1', HopTls.MUTUAL]);
    expect(skipping.notes).toContain('the ingress gateway skips waypoint bookinfo/waypoint of Service bookinfo/reviews (no istio.io/ingress-use-waypoint=true on it or its namespace): the waypoint\'s policies and routes do not apply');
    const through = bookinfo(usesWaypoint({ 'istio.io/ingress-use-waypoint': 'true' }), waypoint('bookinfo'), ...gateway).request(post);
    expect([through.outcome, last(through).server]).toEqual([Outcome.DENIED, 'waypoint bookinfo/waypoint']);
  });

  test('RequestAuthentication with targetRefs applies at the waypoint: a bad token gets 401 there', () => {
    const m = bookinfo(usesWaypoint(), waypoint('bookinfo'),
      istio('RequestAuthentication', 'jwt', 'bookinfo', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }], jwtRules: [{ issuer: 'testing@secure.istio.io', jwks: '{}' }] }));
    const bad = toReviews(m, 'bookinfo/curl', { token: { issuer: 'testing@secure.istio.io', subject: 'x', valid: false } });
    expect([bad.outcome, bad.status, last(bad).server]).toEqual([Outcome.UNAUTHENTICATED, 401, 'waypoint bookinfo/waypoint']);
    expect(toReviews(m, 'bookinfo/curl', { token: { issuer: 'testing@secure.istio.io', subject: 'x' } }).outcome).toBe(Outcome.OK);
  });
});
