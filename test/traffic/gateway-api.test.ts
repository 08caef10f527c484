import { App, Chart, Duration, Testing } from 'cdk8s';
import {
  CanaryRoute, GatewayProtocol, GatewayTlsMode, HttpMethod, IngressGateway, MeshNamespace, MeshService, RouteDestination, StringMatch,
  TrafficApi, TrafficApiSetting, VirtualService, Workload, WorkloadImage,
} from '../../lib';
import { find, ofKind, synth, validationErrors } from '../util';

/** A chart in an app whose traffic API is Gateway API, with hello (v1, v2) in namespace shop. */
function setup() {
  const app = Testing.app();
  TrafficApiSetting.use(app, TrafficApi.GATEWAY_API);
  const c = new Chart(app, 'test');
  const shop = new MeshNamespace(c, 'Shop', { name: 'shop' });
  const hello = new MeshService(c, 'Hello', { name: 'hello', namespace: shop });
  new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
  new Workload(c, 'V2', { service: hello, version: 'v2', image: WorkloadImage.httpEcho() });
  const gateway = new IngressGateway(c, 'Gw', { name: 'gw', namespace: shop, servers: [{ hosts: ['hello.example.com'] }] });
  return { app, c, shop, hello, gateway };
}

/** The spec.rules of the one HTTPRoute named `name`. */
const rules = (c: Chart, name: string) => find(synth(c), 'HTTPRoute', name).spec.rules;

describe('TrafficApiSetting', () => {
  test('is Istio\'s API unless set, and the nearest scope\'s setting wins', () => {
    const app = Testing.app();
    const istio = new Chart(app, 'istio');
    const gw = new Chart(app, 'gw');
    expect(TrafficApiSetting.of(istio)).toBe(TrafficApi.ISTIO);
    gw.node.setContext(TrafficApiSetting.CONTEXT_KEY, 'GATEWAY_API');
    expect(TrafficApiSetting.of(new IngressGateway(gw, 'G', { servers: [{ hosts: ['*'] }] }))).toBe(TrafficApi.GATEWAY_API);
    expect(new IngressGateway(istio, 'G', { servers: [{ hosts: ['*'] }] }).resource.apiVersion).toBe('networking.istio.io/v1');
  });

  test('fails on a context value that is no TrafficApi', () => {
    const c = new Chart(Testing.app(), 'test');
    c.node.setContext(TrafficApiSetting.CONTEXT_KEY, 'gateway');
    expect(() => new IngressGateway(c, 'G')).toThrow(/test\/G: 'context cdk8s-istio:trafficApi' must be "ISTIO" or "GATEWAY_API", got "gateway"/);
  });
});

describe('IngressGateway with Gateway API', () => {
  test('emits a Gateway of class istio, one listener per host, TLS certificateRefs, and allowedRoutes for the routes\' namespaces', () => {
    const { c, shop, gateway } = setup();
    gateway.addServer({ hosts: ['a.example.com', '*'], protocol: GatewayProtocol.HTTPS, tls: { mode: GatewayTlsMode.SIMPLE, credentialName: 'cert' } });
    gateway.addServer({ hosts: ['tls.example.com'], protocol: GatewayProtocol.TLS, port: 8443, tls: { mode: GatewayTlsMode.PASSTHROUGH } });
    const other = new MeshService(c, 'Other', { name: 'other', namespace: new MeshNamespace(c, 'Web', { name: 'web' }) });
    new VirtualService(c, 'R', { namespace: { name: 'web' }, hosts: ['hello.example.com'], gateways: [gateway], http: [{ destinations: [RouteDestination.to(other)] }] });
    const gw = find(synth(c), 'Gateway', 'gw', 'shop');
    expect(gw.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gw.spec.gatewayClassName).toBe('istio');
    expect(gw.spec.listeners.map((l: any) => [l.name, l.port, l.protocol, l.hostname, l.tls?.mode, l.tls?.certificateRefs?.[0]?.name])).toEqual([
      ['http-80', 80, 'HTTP', 'hello.example.com', undefined, undefined],
      ['https-443-1', 443, 'HTTPS', 'a.example.com', 'Terminate', 'cert'],
      ['https-443-2', 443, 'HTTPS', undefined, 'Terminate', 'cert'],
      ['tls-8443', 8443, 'TLS', 'tls.example.com', 'Passthrough', undefined],
    ]);
    expect(gw.spec.listeners[0].allowedRoutes.namespaces).toEqual({
      from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop', 'web'] }] },
    });
    expect(gw.spec.listeners.map((l: any) => l.allowedRoutes.kinds)).toEqual([[{ kind: 'HTTPRoute' }], [{ kind: 'HTTPRoute' }], [{ kind: 'HTTPRoute' }], undefined]);
    expect(gateway.selector).toEqual({ 'gateway.networking.k8s.io/gateway-name': 'gw' });
    void shop;
  });

  test('allows routes of its own namespace only when no other binds', () => {
    const { c, gateway } = setup();
    expect(find(synth(c), 'Gateway', 'gw').spec.listeners[0].allowedRoutes).toEqual({ namespaces: { from: 'Same' }, kinds: [{ kind: 'HTTPRoute' }] });
    void gateway;
  });

  test('fails on two listeners with the same name', () => {
    const { gateway } = setup();
    expect(() => gateway.addServer({ hosts: ['a.example.com', 'b.example.com'], portName: 'web' })).not.toThrow();
    expect(() => gateway.addServer({ hosts: ['c.example.com'], port: 8080, portName: 'web-1' }))
      .toThrow(/test\/Gw: 'servers\[2\].portName' gives the listener name "web-1" twice \(Gateway API requires unique listener names\)/);
  });

  test('fails on two listeners with the same port, protocol and hostname', () => {
    const { gateway } = setup();
    expect(() => gateway.addServer({ hosts: ['hello.example.com'], portName: 'again' }))
      .toThrow(/'servers\[1\].hosts' serves "hello.example.com" on HTTP port 80, as listener "http-80" already does/);
  });

  test.each([
    ['a TCP server', { hosts: ['*'], protocol: GatewayProtocol.TCP, port: 31400 }, /'servers\[1\].protocol' has no Gateway API v1.5.1 \(standard\) equivalent: TCPRoute is in the experimental channel only, got "TCP"; emit Istio's API/],
    ['a GRPC server', { hosts: ['*'], protocol: GatewayProtocol.GRPC, port: 9000 }, /'servers\[1\].protocol' has no Gateway API .*use GatewayProtocol.HTTP, or emit Istio's API/],
    ['MUTUAL TLS', { hosts: ['*'], protocol: GatewayProtocol.HTTPS, tls: { mode: GatewayTlsMode.MUTUAL, credentialName: 'c' } }, /'servers\[1\].tls.mode' has no Gateway API .*got "MUTUAL"/],
    ['PASSTHROUGH on HTTPS', { hosts: ['*'], protocol: GatewayProtocol.HTTPS, tls: { mode: GatewayTlsMode.PASSTHROUGH } }, /'servers\[1\].tls.mode' must be SIMPLE for an HTTPS listener/],
    ['an uppercase port name', { hosts: ['*'], port: 81, portName: 'Web' }, /'servers\[1\].portName' must be a lowercase DNS name to name Gateway API listeners, got "Web"/],
  ])('fails on %s', (_, server, message) => {
    const { gateway } = setup();
    expect(() => gateway.addServer(server)).toThrow(message);
  });

  test('fails on more than 64 listeners', () => {
    const { gateway } = setup();
    const hosts = Array.from({ length: 64 }, (_, i) => `h${i}.example.com`);
    expect(() => gateway.addServer({ hosts, port: 8080 })).toThrow(/'servers\[1\]' must have at most 64 listeners \(one per server host\) \(Gateway API's limit\), got 65/);
  });

  test('fails on a selector, which Istio chooses for a Gateway API Gateway', () => {
    const { c } = setup();
    expect(() => new IngressGateway(c, 'G2', { selector: { istio: 'ingressgateway' } }))
      .toThrow(/test\/G2: 'selector' has no Gateway API .*gateway.networking.k8s.io\/gateway-name: .*leave it out, or emit Istio's API/);
  });
});

describe('VirtualService with Gateway API', () => {
  test('binds an HTTPRoute to the gateway with its hosts, and routes a subset to its per-version Service', () => {
    const { c, shop, hello, gateway } = setup();
    const vs = new VirtualService(c, 'R', {
      name: 'hello', namespace: shop, hosts: ['hello.example.com'], gateways: [gateway],
      http: [
        { match: [{ headers: { 'end-user': StringMatch.exact('john') } }], destinations: [RouteDestination.to(hello, { subset: 'v2' })] },
        { destinations: [RouteDestination.to(hello, { subset: 'v1' })] },
      ],
    });
    const objects = synth(c);
    const route = find(objects, 'HTTPRoute', 'hello', 'shop');
    expect(vs.resource.kind).toBe('HTTPRoute');
    expect(route.spec.parentRefs).toEqual([{ name: 'gw' }]);
    expect(route.spec.hostnames).toEqual(['hello.example.com']);
    expect(route.spec.rules.map((r: any) => [r.matches?.[0].headers, r.backendRefs])).toEqual([
      [[{ type: 'Exact', name: 'end-user', value: 'john' }], [{ name: 'hello-v2', port: 8080 }]],
      [undefined, [{ name: 'hello-v1', port: 8080 }]],
    ]);
    const v2 = find(objects, 'Service', 'hello-v2', 'shop');
    expect(v2.spec.selector).toEqual({ app: 'hello', version: 'v2' });
    expect(v2.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080 }]);
    expect(ofKind(objects, 'VirtualService')).toEqual([]);
  });

  test('routes mesh traffic with the Service as parent (GAMMA), without hostnames', () => {
    const { c, shop, hello } = setup();
    new VirtualService(c, 'R', { name: 'hello', namespace: shop, hosts: [hello.fqdn, 'hello'], http: [{ destinations: [RouteDestination.to(hello, { subset: 'v1' })] }] });
    const route = find(synth(c), 'HTTPRoute', 'hello');
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'hello' }]);
    expect(route.spec.hostnames).toBeUndefined();
  });

  test('renders matches, filters and timeouts', () => {
    const { c, shop, hello, gateway } = setup();
    const world = new MeshService(c, 'World', { name: 'world', namespace: shop });
    new VirtualService(c, 'R', {
      name: 'hello', namespace: shop, hosts: ['hello.example.com'], gateways: [gateway],
      http: [
        {
          name: 'api',
          match: [{ uri: StringMatch.prefix('/api'), method: HttpMethod.POST, queryParams: { debug: StringMatch.regex('1|true') } }],
          rewrite: { uri: '/', authority: 'internal.example.com' },
          headers: { request: { set: { 'x-a': '1' }, remove: ['x-b'] }, response: { add: { 'x-c': '2' } } },
          mirror: RouteDestination.to(world),
          mirrorPercentage: 25,
          corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example.com')], allowMethods: [HttpMethod.GET], maxAge: Duration.minutes(1) },
          timeout: Duration.millis(1500),
          destinations: [
            RouteDestination.to(hello, { subset: 'v1', weight: 75 }),
            RouteDestination.to(hello, { subset: 'v2', weight: 25, headers: { request: { set: { 'x-canary': 'yes' } } } }),
          ],
        },
        { match: [{ uri: StringMatch.exact('/old') }], redirect: { uri: '/new', scheme: undefined } },
      ],
    });
    const [api, old] = rules(c, 'hello');
    expect(api.name).toBe('api');
    expect(api.matches).toEqual([{ path: { type: 'PathPrefix', value: '/api' }, queryParams: [{ type: 'RegularExpression', name: 'debug', value: '1|true' }], method: 'POST' }]);
    expect(api.backendRefs.map((b: any) => [b.name, b.weight, b.filters?.[0].requestHeaderModifier])).toEqual([
      ['hello-v1', 75, undefined], ['hello-v2', 25, { set: [{ name: 'x-canary', value: 'yes' }] }],
    ]);
    const filter = (type: string) => api.filters.find((f: any) => f.type === type);
    expect(filter('RequestHeaderModifier').requestHeaderModifier).toEqual({ set: [{ name: 'x-a', value: '1' }], remove: ['x-b'] });
    expect(filter('ResponseHeaderModifier').responseHeaderModifier).toEqual({ add: [{ name: 'x-c', value: '2' }] });
    expect(filter('URLRewrite').urlRewrite).toEqual({ hostname: 'internal.example.com', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } });
    expect(filter('RequestMirror').requestMirror).toEqual({ backendRef: { name: 'world', port: 8080 }, percent: 25 });
    expect(filter('CORS').cors).toEqual({ allowOrigins: ['https://a.example.com'], allowMethods: ['GET'], maxAge: 60 });
    expect(api.timeouts).toEqual({ request: '1s500ms' });
    // Istio's redirect status is 301; Gateway API's default is 302, so it is written.
    expect(old.filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, statusCode: 301 } }]);
    expect(old.backendRefs).toBeUndefined();
  });

  test('adds a ReferenceGrant in each other namespace it routes to, naming those Services', () => {
    const { c, shop, gateway } = setup();
    const web = new MeshNamespace(c, 'Web', { name: 'web' });
    const a = new MeshService(c, 'A', { name: 'a', namespace: web });
    const b = new MeshService(c, 'B', { name: 'b', namespace: web });
    new VirtualService(c, 'R', {
      name: 'hello', namespace: shop, hosts: ['hello.example.com'], gateways: [gateway],
      http: [{ destinations: [RouteDestination.to(b, { weight: 50 }), RouteDestination.to(a, { weight: 50 })] }],
    });
    const objects = synth(c);
    expect(rules(c, 'hello')[0].backendRefs).toEqual([{ name: 'b', namespace: 'web', port: 8080, weight: 50 }, { name: 'a', namespace: 'web', port: 8080, weight: 50 }]);
    const grants = ofKind(objects, 'ReferenceGrant');
    expect(grants.map(g => [g.metadata.namespace, g.spec.from, g.spec.to])).toEqual([
      ['web', [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }], [{ group: '', kind: 'Service', name: 'a' }, { group: '', kind: 'Service', name: 'b' }]],
    ]);
  });

  test('needs no ReferenceGrant for Services of its own namespace', () => {
    const { c, shop, hello, gateway } = setup();
    new VirtualService(c, 'R', { namespace: shop, hosts: ['hello.example.com'], gateways: [gateway], http: [{ destinations: [RouteDestination.to(hello)] }] });
    expect(ofKind(synth(c), 'ReferenceGrant')).toEqual([]);
  });

  const route = (c: Chart, shop: MeshNamespace, gateway: IngressGateway, http: any[], id = 'R') =>
    new VirtualService(c, id, { name: 'hello', namespace: shop, hosts: ['hello.example.com'], gateways: [gateway], http });

  test.each([
    ['retries', { retries: { attempts: 2 } }, /test\/R: 'http\[0\].retries' has no Gateway API v1.5.1 \(standard\) equivalent: HTTPRoute retries are in the experimental channel only, got \{"attempts":2\}; emit Istio's API here: build it, with the gateways its routes use, under a scope set by TrafficApiSetting.use\(scope, TrafficApi.ISTIO\)/],
    ['faults', { fault: { abort: { httpStatus: 503, percentage: 10 } } }, /'http\[0\].fault' has no Gateway API .*no fault injection/],
    ['a direct response', { directResponse: { status: 404 } }, /'http\[0\].directResponse' has no Gateway API/],
    ['a regex rewrite', { rewrite: { uriRegexRewrite: { match: '^/a', rewrite: '/b' } } }, /'http\[0\].rewrite.uriRegexRewrite' has no Gateway API/],
    ['a prefix rewrite without one prefix match', { match: [{ uri: StringMatch.prefix('/a') }, { uri: StringMatch.prefix('/b') }], rewrite: { uri: '/' } }, /'http\[0\].rewrite.uri' has no Gateway API .*exactly one prefix match/],
    ['a header prefix match', { match: [{ headers: { 'x-a': StringMatch.prefix('a.b') } }] }, /'http\[0\].match\[0\].headers.x-a.prefix' has no Gateway API .*StringMatch.regex\('a\\\.b\.\*'\)/],
    ['a JWT claim match', { match: [{ headers: { '@request.auth.claims.sub': StringMatch.exact('a') } }] }, /'http\[0\].match\[0\].headers' has no Gateway API .*JWT claims/],
    ['a match name', { match: [{ name: 'm', uri: StringMatch.prefix('/') }] }, /'http\[0\].match\[0\].name' has no Gateway API/],
    ['a match port', { match: [{ port: 8080 }] }, /'http\[0\].match\[0\].port' has no Gateway API/],
    ['ignoreUriCase', { match: [{ uri: StringMatch.prefix('/a'), ignoreUriCase: true }] }, /'http\[0\].match\[0\].ignoreUriCase' has no Gateway API/],
    ['derivePort', { redirect: { scheme: 'https', derivePort: 'FROM_PROTOCOL_DEFAULT' } }, /'http\[0\].redirect.derivePort' has no Gateway API/],
    ['a 307 redirect', { redirect: { uri: '/b', redirectCode: 307 } }, /'http\[0\].redirect.redirectCode' has no Gateway API v1.5.1 \(standard\) equivalent: RequestRedirect's statusCode is 301 or 302 \(its schema's enum\), got 307; use 301 or 302, or emit/],
    ['a regex CORS origin', { corsPolicy: { allowOrigins: [StringMatch.regex('https://.*')] } }, /'http\[0\].corsPolicy.allowOrigins\[0\]' has no Gateway API/],
    ['a pseudo-header modifier', { headers: { request: { set: { ':authority': 'a' } } } }, /'http\[0\].headers.request.set' has no Gateway API .*use rewrite.authority/],
  ])('fails on %s, which Gateway API cannot say', (_, options, message) => {
    const { c, shop, hello, gateway } = setup();
    const destinations = 'redirect' in options || 'directResponse' in options ? undefined : [RouteDestination.to(hello)];
    expect(() => route(c, shop, gateway, [{ destinations, ...options }])).toThrow(message);
  });

  test.each([
    ['not absolute', 'api', /'http\[0\].match\[0\].uri.prefix' must be an absolute path starting with "\/" \(Gateway API rejects it for exact and prefix matches\), got "api"/],
    ['with //', '/a//b', /must not contain "\/\/"/],
    ['with /../', '/a/../b', /must not contain "\/..\/"/],
    ['with %2F', '/a%2Fb', /must not contain "%2f" or "%2F"/],
    ['with #', '/a#b', /must not contain "#"/],
    ['ending in /.', '/a/.', /must not end with "\/.." or "\/."/],
    ['with a space', '/a b', /must only contain the characters of a path/],
  ])('fails on a path match %s', (_, path, message) => {
    const { c, shop, hello, gateway } = setup();
    expect(() => route(c, shop, gateway, [{ match: [{ uri: StringMatch.prefix(path) }], destinations: [RouteDestination.to(hello)] }])).toThrow(message);
  });

  test('fails on a redirect together with destinations (backendRefs)', () => {
    const { c, shop, hello, gateway } = setup();
    expect(() => route(c, shop, gateway, [{ redirect: { uri: '/b' }, destinations: [RouteDestination.to(hello)] }]))
      .toThrow(/test\/R: 'http\[0\].destinations' cannot be combined with redirect/);
  });

  test('fails on a 17th route: an HTTPRoute has at most 16 rules', () => {
    const { c, shop, hello, gateway } = setup();
    const http = Array.from({ length: 17 }, (_, i) => ({ match: [{ uri: StringMatch.exact(`/${i}`) }], destinations: [RouteDestination.to(hello)] }));
    expect(() => route(c, shop, gateway, http.slice(0, 16))).not.toThrow();
    expect(() => route(c, shop, gateway, http, 'R2')).toThrow(/test\/R2: 'http\[16\]' is one route too many: an HTTPRoute has at most 16 rules/);
  });

  test('fails when the routes hold 128 matches or more in all', () => {
    const { c, shop, hello, gateway } = setup();
    const http = [0, 1].map(r => ({ match: Array.from({ length: 64 }, (_, i) => ({ uri: StringMatch.exact(`/${r}/${i}`) })), destinations: [RouteDestination.to(hello)] }));
    expect(() => route(c, shop, gateway, http)).toThrow(/'http\[1\].match' brings the route's matches to 128, and an HTTPRoute has fewer than 128 in all/);
  });

  test('fails on 65 matches in one route', () => {
    const { c, shop, hello, gateway } = setup();
    const match = Array.from({ length: 65 }, (_, i) => ({ uri: StringMatch.exact(`/${i}`) }));
    expect(() => route(c, shop, gateway, [{ match, destinations: [RouteDestination.to(hello)] }])).toThrow(/'http\[0\].match' must have at most 64 matches/);
  });

  test('fails on two routes of the same name', () => {
    const { c, shop, hello, gateway } = setup();
    const named = (i: number) => ({ name: 'api', match: [{ uri: StringMatch.exact(`/${i}`) }], destinations: [RouteDestination.to(hello)] });
    expect(() => route(c, shop, gateway, [named(0), named(1)])).toThrow(/'http\[1\].name' must be unique within an HTTPRoute .*got "api" twice/);
  });

  test('fails on more than 16 hostnames', () => {
    const { c, shop, hello, gateway } = setup();
    const hosts = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`);
    expect(() => new VirtualService(c, 'R', { namespace: shop, hosts, gateways: [gateway], mesh: false, http: [{ destinations: [RouteDestination.to(hello)] }] }))
      .toThrow(/test\/R: 'hosts' must list at most 16 hosts for an HTTPRoute \(Gateway API's limit\), got 17/);
  });

  test('leaves hostnames out when a host is "*": the route takes every host of its gateways', () => {
    const { c, shop, hello, gateway } = setup();
    gateway.addServer({ hosts: ['*'], port: 8080 });
    new VirtualService(c, 'R', { name: 'hello', namespace: shop, hosts: ['*', 'hello.example.com'], gateways: [gateway], http: [{ destinations: [RouteDestination.to(hello)] }] });
    expect(find(synth(c), 'HTTPRoute', 'hello').spec.hostnames).toBeUndefined();
  });

  test('fails on "*" with other CORS values', () => {
    const { c, shop, hello, gateway } = setup();
    expect(() => route(c, shop, gateway, [{ corsPolicy: { allowHeaders: ['*', 'x-a'] }, destinations: [RouteDestination.to(hello)] }]))
      .toThrow(/'http\[0\].corsPolicy.allowHeaders' must not list "\*" with other values/);
  });

  test('fails on a TCP route', () => {
    const { c, shop, hello, gateway } = setup();
    expect(() => new VirtualService(c, 'R', { namespace: shop, hosts: ['hello.example.com'], gateways: [gateway], tcp: [{ destinations: [RouteDestination.to(hello)] }] }))
      .toThrow(/'tcp\[0\]' has no Gateway API .*TCPRoute is in the experimental channel only/);
  });

  test('fails on routing a gateway and the mesh in one route', () => {
    const { c, shop, hello, gateway } = setup();
    expect(() => new VirtualService(c, 'R', { namespace: shop, hosts: ['hello.example.com', hello.fqdn], gateways: [gateway], mesh: true, http: [{ destinations: [RouteDestination.to(hello)] }] }))
      .toThrow(/test\/R: 'mesh' has no Gateway API .*use one VirtualService for the gateways and one for the mesh/);
  });

  test('fails on a mesh route in another namespace than its Service (a GAMMA consumer route)', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'R', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)] }] }))
      .toThrow(/test\/R: 'hosts\[0\]' is a Service of namespace shop, and an HTTPRoute in default would apply only to callers in default/);
  });

  test('fails on a mesh host that is not a Service\'s', () => {
    const { c, shop, hello } = setup();
    expect(() => new VirtualService(c, 'R', { namespace: shop, hosts: ['api.example.com'], http: [{ destinations: [RouteDestination.to(hello)] }] }))
      .toThrow(/'hosts\[0\]' has no Gateway API .*not a Service's, got "api.example.com"/);
  });

  test('fails on a subset of a service this app does not manage', () => {
    const { c, shop, gateway } = setup();
    const ext = MeshService.fromName(c, 'Ext', 'ext', { namespace: shop });
    expect(() => route(c, shop, gateway, [{ destinations: [RouteDestination.to(ext, { subset: 'v1' })] }]))
      .toThrow(/'http\[0\].destinations\[0\].subset' has no Gateway API .*MeshService.fromName\(scope, id, 'ext-v1'\)/);
  });

  test('fails at synth on a subset no workload carries', () => {
    const { c, shop, hello, gateway } = setup();
    route(c, shop, gateway, [{ destinations: [RouteDestination.to(hello, { subset: 'v3' })] }]);
    expect(validationErrors(c)).toEqual([expect.stringMatching(/test\/R: 'http\[0\].destinations\[0\].subset' "v3" is not the version of any workload of service hello \(versions: v1, v2\)/)]);
  });

  test('fails on binding to a gateway of the other API', () => {
    const app = new App();
    const istio = new Chart(app, 'istio');
    const gw = new IngressGateway(istio, 'Gw', { name: 'gw', servers: [{ hosts: ['*'] }] });
    const c = new Chart(app, 'gapi');
    TrafficApiSetting.use(c, TrafficApi.GATEWAY_API);
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    expect(() => new VirtualService(c, 'R', { hosts: ['*'], gateways: [gw], http: [{ destinations: [RouteDestination.to(hello)] }] }))
      .toThrow(/gapi\/R: 'gateways\[0\]' entry default\/gw is an Istio Gateway \(networking.istio.io\), which an HTTPRoute cannot bind to/);
  });
});

describe('VirtualService with Istio\'s API', () => {
  test('fails on binding to a Gateway API Gateway', () => {
    const { app, gateway } = setup();
    const istio = new Chart(app, 'istio');
    TrafficApiSetting.use(istio, TrafficApi.ISTIO);
    const hello = new MeshService(istio, 'Hello', { name: 'hello' });
    expect(() => new VirtualService(istio, 'R', { hosts: ['hello.example.com'], gateways: [gateway], http: [{ destinations: [RouteDestination.to(hello)] }] }))
      .toThrow(/istio\/R: 'gateways\[0\]' entry shop\/gw is a Gateway API Gateway, which a VirtualService cannot bind to; choose the same TrafficApi/);
  });
});

describe('CanaryRoute with Gateway API', () => {
  test('weights the per-version Services and creates no DestinationRule', () => {
    const { c, hello, gateway } = setup();
    const canary = new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 90, v2: 10 }, gateway, hosts: ['hello.example.com'] });
    const objects = synth(c);
    expect(find(objects, 'HTTPRoute', 'hello').spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([['hello-v1', 90], ['hello-v2', 10]]);
    expect(ofKind(objects, 'DestinationRule')).toEqual([]);
    expect(canary.destinationRule).toBeUndefined();
  });

  test('fails on retries', () => {
    const { c, hello } = setup();
    expect(() => new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 90, v2: 10 }, retries: { attempts: 1, perTryTimeout: Duration.seconds(2) } }))
      .toThrow(/test\/Canary\/VirtualService: 'http\[0\].retries' has no Gateway API .*got \{"attempts":1,"perTryTimeout":"2 seconds"\}/);
  });
});
