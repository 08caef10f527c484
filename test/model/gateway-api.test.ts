import { MeshModel, Outcome, RequestSource } from '../../lib';
import { Duration, Yaml } from 'cdk8s';
import { main } from '../../lib/cli/cdk8s-istio';
import { buildMeshGraph } from '../../lib/graph/build';
import { expectRequest } from '../../lib/testing';
import { backend, httpRoute, k8sGateway, referenceGrant, toGateway, toService, versionService } from './gateway-api-manifests';
import { bookinfo, deployment, istio, namespace, service, subsets } from './manifests';

const ingress = RequestSource.ingressGateway();
const outcome = (objects: any[], request: any) => MeshModel.fromObjects(objects).request({ source: ingress, ...request }).outcome;
const reached = (objects: any[], request: any) => MeshModel.fromObjects(objects).request(request).hops.at(-1)?.server;

describe('Gateway API ingress: the twin of bookinfo-gateway (samples/bookinfo/gateway-api/bookinfo-gateway.yaml)', () => {
  const istioApi = bookinfo();
  const gatewayApi = [
    ...bookinfo().slice(0, -2),
    k8sGateway('bookinfo-gateway', 'default', { port: 8080 }),
    httpRoute('bookinfo', 'default', [toGateway('bookinfo-gateway')], [{
      matches: [
        { path: { type: 'Exact', value: '/productpage' } }, { path: { type: 'PathPrefix', value: '/static' } },
        { path: { type: 'Exact', value: '/login' } }, { path: { type: 'Exact', value: '/logout' } }, { path: { type: 'PathPrefix', value: '/api/v1/products' } },
      ],
      backendRefs: [backend('productpage', 9080)],
    }]),
  ];

  test.each([
    ['/productpage', Outcome.OK], ['/static/img.png', Outcome.OK], ['/api/v1/products/1', Outcome.OK], ['/reviews', Outcome.NOT_FOUND],
  ])('%s gives the same outcome with both APIs (%s)', (path, expected) => {
    const request = { host: 'bookinfo.example.com', port: 8080, path };
    expect(outcome(istioApi, request)).toBe(expected);
    expect(outcome(gatewayApi, request)).toBe(expected);
  });

  test('the request enters at the pods istiod deploys for the Gateway and reaches productpage', () => {
    const trace = MeshModel.fromObjects(gatewayApi).request({ source: ingress, host: 'bookinfo.example.com', port: 8080, path: '/productpage' });
    expect(trace.hops.map(h => h.client)).toEqual(['outside', 'ingress gateway default/bookinfo-gateway-istio']);
    expect(trace.hops[1].pods).toEqual(['default/productpage-v1']);
    expect(trace.hops[1].match).toContain('HTTPRoute default/bookinfo rule 0');
    expectRequest(gatewayApi, { from: 'ingress', host: 'bookinfo.example.com', port: 8080, path: '/productpage' }).toReach('default/productpage-v1');
  });

  test('a source naming the Gateway by its pods\' label enters there; the graph draws the ingress edge', () => {
    const named = RequestSource.ingressGateway({ namespace: 'default', labels: { 'gateway.networking.k8s.io/gateway-name': 'bookinfo-gateway' } });
    expect(MeshModel.fromObjects(gatewayApi).request({ source: named, host: 'x', port: 8080, path: '/productpage' }).outcome).toBe(Outcome.OK);
    const other = RequestSource.ingressGateway({ namespace: 'default', labels: { 'gateway.networking.k8s.io/gateway-name': 'other' } });
    expect(MeshModel.fromObjects(gatewayApi).request({ source: other, host: 'x', port: 8080, path: '/productpage' }).outcome).toBe(Outcome.REFUSED);
    expect(buildMeshGraph(gatewayApi).edges.map(e => [e.source, e.target, e.outcome]))
      .toEqual([['ingress:gateway.networking.k8s.io/gateway-name=bookinfo-gateway', 'service:productpage.default.svc.cluster.local', Outcome.OK]]);
  });

  test('cdk8s-istio explain reads the Gateway API YAML and says the same outcome as for the Istio API', () => {
    const explain = (objects: any[], path: string) => {
      const out: string[] = [];
      const code = main(['explain', '-', '--from', 'ingress', '--host', 'bookinfo.example.com', '--port', '8080', '--path', path], { stdout: l => out.push(l), stderr: () => undefined, stdin: () => Yaml.stringify(...objects) });
      return { code, first: out[0] };
    };
    for (const [path, first] of [['/productpage', 'outcome ok:'], ['/nope', 'outcome 404:']]) {
      expect(explain(gatewayApi, path).first).toMatch(new RegExp(`^${first}`));
      expect(explain(gatewayApi, path).code).toBe(explain(istioApi, path).code);
    }
  });

  test('no listener on the port: connection refused, as with an Istio Gateway', () => {
    expect(outcome(gatewayApi, { host: 'bookinfo.example.com', port: 9999 })).toBe(Outcome.REFUSED);
    expect(outcome(istioApi, { host: 'bookinfo.example.com', port: 9999 })).toBe(Outcome.REFUSED);
  });

  test('a PathPrefix matches whole segments only: /staticfoo does not match /static', () => {
    expect(outcome(gatewayApi, { host: 'x', port: 8080, path: '/static' })).toBe(Outcome.OK);
    expect(outcome(gatewayApi, { host: 'x', port: 8080, path: '/staticfoo' })).toBe(Outcome.NOT_FOUND);
  });
});

describe('GAMMA: an HTTPRoute whose parent is a Service routes that Service\'s callers', () => {
  // Istio API: reviews VirtualService with subsets; Gateway API: per-version Services (Istio's docs for Gateway API).
  const base = [
    namespace('default'), service('productpage', 'default'), deployment('productpage', 'default'),
    service('reviews', 'default'), deployment('reviews', 'default', 'v1'), deployment('reviews', 'default', 'v2'),
  ];
  const istioApi = [...base, subsets('reviews', 'default', ['v1', 'v2']), istio('VirtualService', 'reviews', 'default', {
    hosts: ['reviews'],
    http: [
      { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
      { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }] },
    ],
  })];
  const gatewayApi = [...base, versionService('reviews', 'v1', 'default'), versionService('reviews', 'v2', 'default'), httpRoute('reviews', 'default', [toService('reviews', 9080)], [
    { matches: [{ headers: [{ name: 'end-user', value: 'jason' }] }], backendRefs: [backend('reviews-v2', 9080)] },
    { backendRefs: [backend('reviews-v1', 9080, { weight: 90 }), backend('reviews-v2', 9080, { weight: 10 })] },
  ])];
  const from = RequestSource.workload('default/productpage');

  test.each([[{ 'end-user': 'jason' }, 'default/reviews-v2'], [{}, 'default/reviews-v1']])('headers %j reach %s with both APIs', (headers, pod) => {
    for (const objects of [istioApi, gatewayApi]) {
      expect(reached(objects, { source: from, host: 'reviews', headers })).toBe(pod);
      expectRequest(objects, { from: 'default/productpage', host: 'reviews', headers }).toReach(pod);
    }
  });

  test('the split sends 90% to v1 and 10% to v2 with both APIs', () => {
    const shares = (objects: any[]) => MeshModel.fromObjects(objects).request({ source: from, host: 'reviews' }).hops[0].distribution.map(d => [d.pods, d.weight]);
    expect(shares(istioApi)).toEqual([[['default/reviews-v1'], 90], [['default/reviews-v2'], 10]]);
    expect(shares(gatewayApi)).toEqual(shares(istioApi));
  });

  test('the testing helpers say the same for both APIs: toSplit by version, toReach the Service with a subset', () => {
    for (const objects of [istioApi, gatewayApi]) {
      expectRequest(objects, { from: 'default/productpage', host: 'reviews' }).toSplit({ v1: 90, v2: 10 }).toReach('reviews', { subset: 'v2' });
      expectRequest(objects, { from: 'default/productpage', host: 'reviews', headers: { 'end-user': 'jason' } }).toSplit({ v2: 100 });
      expect(() => expectRequest(objects, { from: 'default/productpage', host: 'reviews' }).toSplit({ v1: 50, v2: 50 })).toThrow(/to split \{"v1":50,"v2":50\}, but the weights are \{"v1":90,"v2":10\}/);
      expect(() => expectRequest(objects, { from: 'default/productpage', host: 'reviews', headers: { 'end-user': 'jason' } }).toReach('reviews', { subset: 'v1' })).toThrow(/to reach reviews subset v1/);
    }
    expect(() => expectRequest(gatewayApi, { from: 'default/productpage', host: 'reviews' }).toReach('productpage')).toThrow(/to reach productpage/);
  });

  test('weights are proportions: 1 and 3 are 25% and 75%', () => {
    const objects = [...base, versionService('reviews', 'v1', 'default'), versionService('reviews', 'v2', 'default'), httpRoute('reviews', 'default', [toService('reviews')], [
      { backendRefs: [backend('reviews-v1', 9080), backend('reviews-v2', 9080, { weight: 3 })] },
    ])];
    expect(MeshModel.fromObjects(objects).request({ source: from, host: 'reviews' }).hops[0].distribution.map(d => d.weight)).toEqual([25, 75]);
  });

  test('a route with a parentRef port applies to that port only', () => {
    const objects = [...base, versionService('reviews', 'v2', 'default'), httpRoute('reviews', 'default', [toService('reviews', 9090)], [{ backendRefs: [backend('reviews-v2', 9080)] }])];
    expect(MeshModel.fromObjects(objects).request({ source: from, host: 'reviews' }).hops[0].pods).toEqual(['default/reviews-v1', 'default/reviews-v2']);
  });

  test('a consumer route (in the caller\'s namespace) applies to callers of that namespace only, and wins over the producer\'s', () => {
    const objects = [...gatewayApi, namespace('shop'), service('cart', 'shop'), deployment('cart', 'shop'),
      httpRoute('reviews-for-shop', 'shop', [toService('reviews', 9080, 'default')], [{ backendRefs: [backend('reviews-v2', 9080, { namespace: 'default' })] }])];
    expect(reached(objects, { source: RequestSource.workload('shop/cart'), host: 'reviews.default' })).toBe('default/reviews-v2');
    expect(reached(objects, { source: from, host: 'reviews' })).toBe('default/reviews-v1');
  });

  test('mesh routes need no ReferenceGrant for a backend in another namespace', () => {
    const objects = [...base, namespace('other'), versionService('reviews', 'v3', 'other'), deployment('reviews', 'other', 'v3'),
      httpRoute('reviews', 'default', [toService('reviews')], [{ backendRefs: [backend('reviews-v3', 9080, { namespace: 'other' })] }])];
    expect(reached(objects, { source: from, host: 'reviews' })).toBe('other/reviews-v3');
  });
});

describe('Gateway API route precedence across rules and routes', () => {
  // Gateway API v1.5.1 HTTPRouteRule.matches: "Exact" path, longest "Prefix", method, most headers, most query
  // params; then the oldest route, then {namespace}/{name} alphabetically; then the first rule.
  const base = [namespace('default'), ...['a', 'b', 'c', 'd', 'e'].flatMap(n => [service(n, 'default'), deployment(n, 'default')]), k8sGateway('gw', 'default')];
  const route = (name: string, match: any, to: string, metadata: any = {}) => httpRoute(name, 'default', [toGateway('gw')], [{ matches: [match], backendRefs: [backend(to, 9080)] }], undefined, metadata);
  const at = (objects: any[], request: any) => reached([...base, ...objects], { source: ingress, host: 'x.example.com', ...request });

  test('a longer prefix wins over an earlier route\'s shorter one, an exact path over both', () => {
    const objects = [
      route('r1', { path: { type: 'PathPrefix', value: '/' } }, 'a'),
      route('r2', { path: { type: 'PathPrefix', value: '/api' } }, 'b'),
      route('r3', { path: { type: 'Exact', value: '/api/v1' } }, 'c'),
    ];
    expect(at(objects, { path: '/other' })).toBe('default/a-v1');
    expect(at(objects, { path: '/api/v2' })).toBe('default/b-v1');
    expect(at(objects, { path: '/api/v1' })).toBe('default/c-v1');
  });

  test('on the same path, a method match wins, then more headers, then more query params', () => {
    const objects = [
      route('r1', { path: { value: '/p' } }, 'a'),
      route('r2', { path: { value: '/p' }, queryParams: [{ name: 'q', value: '1' }] }, 'b'),
      route('r3', { path: { value: '/p' }, headers: [{ name: 'x', value: '1' }] }, 'c'),
      route('r4', { path: { value: '/p' }, method: 'POST' }, 'd'),
    ];
    expect(at(objects, { path: '/p', method: 'POST', headers: { x: '1' }, query: { q: '1' } })).toBe('default/d-v1');
    expect(at(objects, { path: '/p', headers: { x: '1' }, query: { q: '1' } })).toBe('default/c-v1');
    expect(at(objects, { path: '/p?q=1' })).toBe('default/b-v1');
    expect(at(objects, { path: '/p' })).toBe('default/a-v1');
  });

  test('on a tie the oldest route wins, then the first by namespace/name', () => {
    const same = { path: { value: '/' } };
    expect(at([route('b-route', same, 'b'), route('a-route', same, 'a')], {})).toBe('default/a-v1');
    const older = { creationTimestamp: '2026-01-01T00:00:00Z' };
    const newer = { creationTimestamp: '2026-02-01T00:00:00Z' };
    expect(at([route('b-route', same, 'b', older), route('a-route', same, 'a', newer)], {})).toBe('default/b-v1');
  });

  test('a request no route matches gets 404', () => {
    expect(outcome([...base, route('r1', { path: { type: 'Exact', value: '/only' } }, 'a')], { host: 'x.example.com', path: '/else' })).toBe(Outcome.NOT_FOUND);
  });
});

describe('Gateway API listeners, ReferenceGrants, backends and filters', () => {
  const base = [namespace('default'), namespace('app', true), service('web', 'app'), deployment('web', 'app'), service('local', 'default'), deployment('local', 'default')];
  const gw = (listener: any = {}) => k8sGateway('gw', 'default', listener);
  const toWeb = (extra: any = {}) => httpRoute('web', 'default', [toGateway('gw')], [{ backendRefs: [backend('web', 9080, { namespace: 'app' })], ...extra }]);

  test('a backend in another namespace without a ReferenceGrant gets 500; with one it is reached', () => {
    const trace = MeshModel.fromObjects([...base, gw(), toWeb()]).request({ source: ingress, host: 'x' });
    expect([trace.outcome, trace.status]).toEqual([Outcome.INTERNAL_ERROR, 500]);
    expect(trace.reason).toContain('not accessible to a HTTPRoute in namespace "default" (missing a ReferenceGrant?)');
    expect(outcome([...base, gw(), toWeb(), referenceGrant('from-default', 'app', 'default')], { host: 'x' })).toBe(Outcome.OK);
    expect(outcome([...base, gw(), toWeb(), referenceGrant('only-other', 'app', 'default', 'other')], { host: 'x' })).toBe(Outcome.INTERNAL_ERROR);
  });

  test('a backend port the Service lacks gets 500 (its cluster does not exist)', () => {
    const route = httpRoute('local', 'default', [toGateway('gw')], [{ backendRefs: [backend('local', 1234)] }]);
    expect(expectRequest([...base, gw(), route], { from: 'ingress', host: 'x' }).toFailWith(500).trace.reason).toContain('Service default/local has no port 1234');
  });

  test('a rule without backendRefs (or a route without rules, the CRD\'s default) answers 404; one whose weights are all 0 answers 500', () => {
    expect(outcome([...base, gw(), httpRoute('r', 'default', [toGateway('gw')], [{}])], { host: 'x' })).toBe(Outcome.NOT_FOUND);
    const noRules = httpRoute('r', 'default', [toService('local')], []);
    delete noRules.spec.rules;
    expect(MeshModel.fromObjects([...base, noRules]).request({ source: RequestSource.workload('app/web'), host: 'local.default' }).outcome).toBe(Outcome.NOT_FOUND);
    expect(outcome([...base, gw(), httpRoute('r', 'default', [toGateway('gw')], [{ backendRefs: [backend('local', 9080, { weight: 0 })] }])], { host: 'x' })).toBe(Outcome.INTERNAL_ERROR);
  });

  test('a listener admits routes of its own namespace by default, of any with From All, of labelled ones with a Selector', () => {
    const route = httpRoute('web', 'app', [toGateway('default/gw')], [{ backendRefs: [backend('web', 9080)] }]);
    expect(outcome([...base, gw(), route], { host: 'x' })).toBe(Outcome.NOT_FOUND);
    expect(outcome([...base, gw({ allowedRoutes: { namespaces: { from: 'All' } } }), route], { host: 'x' })).toBe(Outcome.OK);
    const selector = { allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'app' } } } } };
    expect(outcome([...base, gw(selector), route], { host: 'x' })).toBe(Outcome.OK);
  });

  test('a Selector on kubernetes.io/metadata.name needs no Namespace object; one on other labels: unknown without it, judged with it', () => {
    const route = httpRoute('web', 'app', [toGateway('default/gw')], [{ backendRefs: [backend('web', 9080)] }]);
    const withoutApp = base.filter(o => !(o.kind === 'Namespace' && o.metadata.name === 'app'));
    const from = (selector: any) => gw({ allowedRoutes: { namespaces: { from: 'Selector', selector } } });
    // What the constructs write (lib/private/gateway-api.ts allowedRoutes): the API server labels every Namespace with its name.
    const byName = from({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['default', 'app'] }] });
    expect(outcome([...withoutApp, byName, route], { host: 'x' })).toBe(Outcome.OK);
    expect(outcome([...withoutApp, from({ matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }), route], { host: 'x' })).toBe(Outcome.NOT_FOUND);
    const byTeam = from({ matchLabels: { team: 'web' } });
    const trace = MeshModel.fromObjects([...withoutApp, byTeam, route]).request({ source: ingress, host: 'x' });
    expect(trace.outcome).toBe(Outcome.UNKNOWN);
    expect(trace.reason).toContain('whether HTTPRoute app/web attaches to listener http of Gateway default/gw: its allowedRoutes selector asks for labels of Namespace app, which is not in the set');
    expect(trace.notes.join('\n')).toContain('unknown: whether the listeners http of Gateway default/gw admit HTTPRoute app/web');
    // A requirement on the name that fails refuses it without the Namespace object.
    const nameAndTeam = from({ matchLabels: { team: 'web' }, matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['app'] }] });
    expect(outcome([...withoutApp, nameAndTeam, route], { host: 'x' })).toBe(Outcome.NOT_FOUND);
    // With the Namespace in the set, its labels decide.
    expect(outcome([...base, byTeam, route], { host: 'x' })).toBe(Outcome.NOT_FOUND);
    const teamApp = { ...namespace('app'), metadata: { name: 'app', labels: { team: 'web' } } };
    expect(outcome([...withoutApp, teamApp, byTeam, route], { host: 'x' })).toBe(Outcome.OK);
  });

  test('listener and route hostnames: a request for a host the listener lacks gets 404, as one the route lacks', () => {
    const route = httpRoute('local', 'default', [toGateway('gw')], [{ backendRefs: [backend('local', 9080)] }], ['shop.example.com']);
    const objects = [...base, gw({ hostname: '*.example.com' }), route];
    expect(outcome(objects, { host: 'shop.example.com' })).toBe(Outcome.OK);
    expect(outcome(objects, { host: 'blog.example.com' })).toBe(Outcome.NOT_FOUND);
    expect(outcome(objects, { host: 'shop.example.org' })).toBe(Outcome.NOT_FOUND);
  });

  test('sectionName attaches the route to that listener only', () => {
    const twoListeners = { ...gw(), spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }, { name: 'admin', port: 8080, protocol: 'HTTP' }] } };
    const route = httpRoute('local', 'default', [toGateway('gw', { sectionName: 'admin' })], [{ backendRefs: [backend('local', 9080)] }]);
    expect(outcome([...base, twoListeners, route], { host: 'x', port: 8080 })).toBe(Outcome.OK);
    expect(outcome([...base, twoListeners, route], { host: 'x', port: 80 })).toBe(Outcome.NOT_FOUND);
  });

  test('RequestRedirect answers 302 by default; timeouts and retries are the route\'s, as istiod converts them', () => {
    const redirect = httpRoute('r', 'default', [toGateway('gw')], [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }] }]);
    const trace = MeshModel.fromObjects([...base, gw(), redirect]).request({ source: ingress, host: 'x' });
    expect([trace.outcome, trace.status]).toEqual([Outcome.OK, 302]);
    const timed = (timeouts: any) => httpRoute('r', 'default', [toGateway('gw')], [{ timeouts, backendRefs: [backend('local', 9080)] }]);
    const timeout = (timeouts: any) => MeshModel.fromObjects([...base, gw(), timed(timeouts)]).request({ source: ingress, host: 'x' }).hops[1].timeout;
    expect([timeout({ request: '10s' }), timeout({ request: '10s', backendRequest: '2s' }), timeout({ request: '0s' })]).toEqual(['10s', '2s', undefined]);
    // retry (experimental channel): backendRequest is then the per-try timeout.
    const retried = httpRoute('r', 'default', [toGateway('gw')], [{ timeouts: { request: '10s', backendRequest: '2s' }, retry: { attempts: 3, codes: [503] }, backendRefs: [backend('local', 9080)] }]);
    expectRequest([...base, gw(), retried], { from: 'ingress', host: 'x' }).toRetry({ attempts: 3, perTryTimeout: Duration.seconds(2), timeout: Duration.seconds(10), retryOn: 'connect-failure,refused-stream,unavailable,cancelled,503' });
  });

  test('URLRewrite and RequestMirror: the request still reaches the backend, the mirror is noted', () => {
    const route = httpRoute('r', 'default', [toGateway('gw')], [{
      matches: [{ path: { value: '/api' } }],
      filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }, { type: 'RequestMirror', requestMirror: { backendRef: backend('local', 9080) } }],
      backendRefs: [backend('local', 9080)],
    }]);
    const trace = MeshModel.fromObjects([...base, gw(), route]).request({ source: ingress, host: 'x', path: '/api/items' });
    expect(trace.outcome).toBe(Outcome.OK);
    expect(trace.notes.some(n => n.includes('mirrors the requests to local.default.svc.cluster.local'))).toBe(true);
  });

  test('an AuthorizationPolicy binds the Gateway\'s pods by targetRefs (in its namespace) or by selector, as istiod does by default', () => {
    const route = httpRoute('local', 'default', [toGateway('gw')], [{ backendRefs: [backend('local', 9080)] }]);
    const deny = (name: string, ns: string, binding: any) => istio('AuthorizationPolicy', name, ns, { ...binding, action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] });
    const byRef = { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }] };
    const bySelector = { selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'gw' } } };
    for (const policy of [deny('by-ref', 'default', byRef), deny('by-selector', 'default', bySelector)]) {
      const trace = MeshModel.fromObjects([...base, gw(), route, policy]).request({ source: ingress, host: 'x', path: '/admin' });
      expect([trace.outcome, trace.hops.length, trace.hops[0].decidingPolicy]).toEqual([Outcome.DENIED, 1, `default/${policy.metadata.name}`]);
    }
    expect(outcome([...base, gw(), route, deny('elsewhere', 'app', byRef)], { host: 'x', path: '/admin' })).toBe(Outcome.OK);
  });

  test('a Gateway of another class is noted and not served', () => {
    const other = { ...gw(), spec: { ...gw().spec, gatewayClassName: 'nginx' } };
    const model = MeshModel.fromObjects([...base, other, toWeb()]);
    expect(model.notModelled()).toContain('not modelled: Gateway (gateway.networking.k8s.io) default/gw of class nginx (the model reads class istio only) may change this');
  });
});
