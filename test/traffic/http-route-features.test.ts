import { Duration } from 'cdk8s';
import {
  DestinationRule, HttpMethod, HttpRouteOptions, IngressGateway, MeshModel, MeshNamespace, MeshService, Outcome, RedirectPortSelection, RedirectScheme,
  RequestSource, RouteDestination, ServiceProtocol, StringMatch, TcpRouteOptions, VirtualService, Workload, WorkloadImage,
} from '../../lib';
import { istio } from '../model/manifests';
import { chart, find, synth, validationErrors } from '../util';

function setup() {
  const c = chart();
  const hello = new MeshService(c, 'Hello', { name: 'hello' });
  new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
  new Workload(c, 'V2', { service: hello, version: 'v2', image: WorkloadImage.httpEcho() });
  const world = new MeshService(c, 'World', { name: 'world' });
  new Workload(c, 'World1', { service: world, version: 'v1', image: WorkloadImage.httpEcho() });
  const gateway = new IngressGateway(c, 'Gw', { name: 'gw', servers: [{ hosts: ['*.example.com'] }] });
  return { c, hello, world, gateway };
}

/** The first http route of a VirtualService `vs` routing `hello` inside the mesh: `options`, to hello unless it answers itself. */
function route(options: Partial<HttpRouteOptions>) {
  const { c, hello } = setup();
  const answers = options.redirect !== undefined || options.directResponse !== undefined;
  new VirtualService(c, 'Vs', { name: 'vs', hosts: [hello.fqdn], http: [{ ...(!answers && { destinations: [RouteDestination.to(hello)] }), ...options }] });
  return { spec: find(synth(c), 'VirtualService', 'vs').spec.http[0], c };
}

/** What `new VirtualService` throws for one http route built from `hello` (and `world`). */
function failure(build: (s: ReturnType<typeof setup>) => Partial<HttpRouteOptions>, extra: Record<string, unknown> = {}): string {
  const s = setup();
  try {
    new VirtualService(s.c, 'Vs', { name: 'vs', hosts: [s.hello.fqdn], http: [build(s) as HttpRouteOptions], ...extra });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('did not throw');
}

describe('HTTP route features', () => {
  test('mirrors a share of the requests to another destination', () => {
    const { c, hello } = setup();
    new DestinationRule(c, 'Dr', { service: hello });
    new VirtualService(c, 'Vs', {
      name: 'vs', hosts: [hello.fqdn],
      http: [{ destinations: [RouteDestination.to(hello, { subset: 'v1' })], mirror: RouteDestination.to(hello, { subset: 'v2' }), mirrorPercentage: 25 }],
    });
    const [http] = find(synth(c), 'VirtualService', 'vs').spec.http;
    expect(http.mirror).toEqual({ host: 'hello.default.svc.cluster.local', subset: 'v2', port: { number: 8080 } });
    expect(http.mirrorPercentage).toEqual({ value: 25 });
    expect(http.route[0].destination.subset).toBe('v1');
  });

  test('rewrites the uri and authority, or the uri by regex', () => {
    const prefix = route({ match: [{ uri: StringMatch.prefix('/old') }], rewrite: { uri: '/new', authority: 'hello.internal' } });
    expect(prefix.spec.rewrite).toEqual({ uri: '/new', authority: 'hello.internal' });
    const regex = route({ rewrite: { uriRegexRewrite: { match: '^/v1/(.*)', rewrite: '/\\1' } } });
    expect(regex.spec.rewrite).toEqual({ uriRegexRewrite: { match: '^/v1/(.*)', rewrite: '/\\1' } });
  });

  test('redirects and direct responses answer instead of a route', () => {
    const redirect = route({ redirect: { uri: '/v2', authority: 'new.example.com', port: 8443, scheme: RedirectScheme.HTTPS, redirectCode: 308 } });
    expect(redirect.spec.redirect).toEqual({ uri: '/v2', authority: 'new.example.com', port: 8443, scheme: 'https', redirectCode: 308 });
    expect(redirect.spec.route).toBeUndefined();
    expect(route({ redirect: { derivePort: RedirectPortSelection.FROM_REQUEST_PORT } }).spec.redirect).toEqual({ derivePort: 'FROM_REQUEST_PORT' });
    const direct = route({ directResponse: { status: 503, body: 'maintenance' } });
    expect(direct.spec.directResponse).toEqual({ status: 503, body: { string: 'maintenance' } });
    expect(direct.spec.route).toBeUndefined();
  });

  test('sets, adds and removes headers on the route and per destination', () => {
    const { c, hello } = setup();
    new DestinationRule(c, 'Dr', { service: hello });
    new VirtualService(c, 'Vs', {
      name: 'vs', hosts: [hello.fqdn],
      http: [{
        headers: { request: { set: { 'x-env': 'prod', ':authority': 'hello.internal' }, remove: ['x-debug'] }, response: { add: { 'x-served-by': '%HOSTNAME%', 'x-share': '100%%', 'x-start': '%START_TIME(%s)%' } } },
        destinations: [
          RouteDestination.to(hello, { subset: 'v1', weight: 90 }),
          RouteDestination.to(hello, { subset: 'v2', weight: 10, headers: { response: { set: { 'x-canary': 'true' } } } }),
        ],
      }],
    });
    const [http] = find(synth(c), 'VirtualService', 'vs').spec.http;
    expect(http.headers).toEqual({ request: { set: { 'x-env': 'prod', ':authority': 'hello.internal' }, remove: ['x-debug'] }, response: { add: { 'x-served-by': '%HOSTNAME%', 'x-share': '100%%', 'x-start': '%START_TIME(%s)%' } } });
    expect(http.route.map((r: any) => r.headers)).toEqual([undefined, { response: { set: { 'x-canary': 'true' } } }]);
  });

  test('renders a CORS policy', () => {
    const { spec } = route({
      corsPolicy: {
        allowOrigins: [StringMatch.exact('https://example.com'), StringMatch.regex('https://.*\\.example\\.org')],
        allowMethods: [HttpMethod.GET, HttpMethod.POST], allowHeaders: ['x-token'], exposeHeaders: ['*'], maxAge: Duration.hours(24), allowCredentials: true,
      },
    });
    expect(spec.corsPolicy).toEqual({
      allowOrigins: [{ exact: 'https://example.com' }, { regex: 'https://.*\\.example\\.org' }],
      allowMethods: ['GET', 'POST'], allowHeaders: ['x-token'], exposeHeaders: ['*'], maxAge: '86400s', allowCredentials: true,
    });
  });

  test('matches on port, source labels, source namespace and gateways', () => {
    const { c, hello, gateway } = setup();
    const ns = new MeshNamespace(c, 'Team', { name: 'team' });
    new VirtualService(c, 'Vs', {
      name: 'vs', hosts: ['hello.example.com', hello.fqdn], gateways: [gateway], mesh: true,
      http: [
        { match: [{ port: 8080, sourceLabels: { app: 'world', 'example.com/tier': 'front' }, sourceNamespace: ns, mesh: true }], destinations: [RouteDestination.to(hello)] },
        { match: [{ gateways: [gateway], uri: StringMatch.prefix('/') }], destinations: [RouteDestination.to(hello)] },
      ],
    });
    const http = find(synth(c), 'VirtualService', 'vs').spec.http;
    expect(http[0].match).toEqual([{ port: 8080, sourceLabels: { 'app': 'world', 'example.com/tier': 'front' }, sourceNamespace: 'team', gateways: ['mesh'] }]);
    expect(http[1].match).toEqual([{ uri: { prefix: '/' }, gateways: ['default/gw'] }]);
  });
});

describe('TCP routes', () => {
  test('routes TCP connections by port and source, with weights', () => {
    const c = chart();
    const db = new MeshService(c, 'Db', { name: 'db', ports: [{ port: 5432, protocol: ServiceProtocol.TCP }] });
    new Workload(c, 'DbV1', { service: db, version: 'v1', image: WorkloadImage.httpEcho() });
    new Workload(c, 'DbV2', { service: db, version: 'v2', image: WorkloadImage.httpEcho() });
    new DestinationRule(c, 'Dr', { service: db });
    const vs = new VirtualService(c, 'Vs', { name: 'vs', hosts: [db.fqdn], tcp: [{ match: [{ port: 5432, sourceLabels: { app: 'api' } }], destinations: [RouteDestination.to(db, { subset: 'v2' })] }] });
    vs.addTcpRoute({ destinations: [RouteDestination.to(db, { subset: 'v1', weight: 80 }), RouteDestination.to(db, { subset: 'v2', weight: 20 })] });
    const spec = find(synth(c), 'VirtualService', 'vs').spec;
    expect(spec.http).toBeUndefined();
    expect(spec.tcp).toEqual([
      { match: [{ port: 5432, sourceLabels: { app: 'api' } }], route: [{ destination: { host: 'db.default.svc.cluster.local', subset: 'v2', port: { number: 5432 } } }] },
      { route: [{ destination: { host: 'db.default.svc.cluster.local', subset: 'v1', port: { number: 5432 } }, weight: 80 }, { destination: { host: 'db.default.svc.cluster.local', subset: 'v2', port: { number: 5432 } }, weight: 20 }] },
    ]);
    // the model does not decide TCP routes: it says so instead of guessing
    const trace = MeshModel.of(c).request({ source: RequestSource.workload('db-v1'), host: db.fqdn, port: 5432 });
    expect([trace.outcome, trace.reason]).toEqual([Outcome.UNKNOWN, expect.stringContaining('tcp routes of VirtualService default/vs decide (not modelled)')]);
  });

  test('fails on a TCP route without destinations, with headers, after a catch-all, or on an unknown subset', () => {
    const c = chart();
    const db = new MeshService(c, 'Db', { name: 'db', ports: [{ port: 5432, protocol: ServiceProtocol.TCP }] });
    const tcp = (routes: TcpRouteOptions[]) => () => new VirtualService(c, `Vs${Math.random()}`.replace('.', ''), { name: 'vs', hosts: [db.fqdn], tcp: routes });
    expect(tcp([{ destinations: [] }])).toThrow("'tcp[0].destinations' must list at least one RouteDestination.to(...), got []");
    expect(tcp([{ destinations: [RouteDestination.to(db, { headers: { request: { remove: ['x'] } } })] }])).toThrow("'tcp[0].destinations[0].headers' applies to HTTP routes only");
    expect(tcp([{ destinations: [RouteDestination.to(db)] }, { destinations: [RouteDestination.to(db)] }])).toThrow("'tcp[1]' can never match: tcp[0] has no 'match'");
    expect(tcp([{ match: [{ port: 70000 }], destinations: [RouteDestination.to(db)] }])).toThrow("'tcp[0].match[0].port' must be an integer from 1 to 65535, got 70000");
    expect(tcp([{ match: [{}], destinations: [RouteDestination.to(db)] }])).toThrow("'tcp[0].match[0]' must set at least one of port, sourceLabels");
    const c2 = chart();
    const db2 = new MeshService(c2, 'Db', { name: 'db', ports: [{ port: 5432, protocol: ServiceProtocol.TCP }] });
    new Workload(c2, 'DbV1', { service: db2, version: 'v1', image: WorkloadImage.httpEcho() });
    new DestinationRule(c2, 'Dr', { service: db2 });
    new VirtualService(c2, 'Vs', { hosts: [db2.fqdn], tcp: [{ destinations: [RouteDestination.to(db2, { subset: 'v9' })] }] });
    expect(validationErrors(c2)).toEqual([expect.stringContaining("'tcp[0].destinations[0].subset' \"v9\" is not a subset of service db")]);
  });
});

describe('HTTP route features: bad input', () => {
  test('fails on a mirror percentage outside 0-100 or without a mirror', () => {
    expect(failure(({ hello }) => ({ destinations: [RouteDestination.to(hello)], mirror: RouteDestination.to(hello), mirrorPercentage: 101 })))
      .toBe("test/Vs: 'http[0].mirrorPercentage' must be a percentage from 0 to 100, got 101");
    expect(failure(({ hello }) => ({ destinations: [RouteDestination.to(hello)], mirror: RouteDestination.to(hello), mirrorPercentage: -1 })))
      .toContain("'http[0].mirrorPercentage' must be a percentage from 0 to 100, got -1");
    expect(failure(({ hello }) => ({ destinations: [RouteDestination.to(hello)], mirrorPercentage: 10 }))).toContain("'http[0].mirrorPercentage' needs 'mirror'");
    expect(failure(({ hello }) => ({ destinations: [RouteDestination.to(hello)], mirror: RouteDestination.to(hello, { weight: 10 }) }))).toContain("'http[0].mirror.weight' does not apply to a mirror (use mirrorPercentage), got 10");
  });

  test('fails on a redirect or direct response with route destinations, or both together', () => {
    expect(failure(({ hello }) => ({ destinations: [RouteDestination.to(hello)], redirect: { uri: '/v2' } })))
      .toBe("test/Vs: 'http[0].destinations' cannot be combined with redirect, which answers the request itself (istiod rejects it), got 1 destination(s); remove one of them");
    expect(failure(({ hello }) => ({ destinations: [RouteDestination.to(hello)], directResponse: { status: 200 } }))).toContain("'http[0].destinations' cannot be combined with directResponse");
    expect(failure(() => ({ redirect: { uri: '/v2' }, directResponse: { status: 200 } }))).toContain("'http[0].redirect' cannot be combined with directResponse");
    expect(failure(() => ({ redirect: { uri: '/v2' }, rewrite: { uri: '/v3' } }))).toContain("'http[0].rewrite' cannot be combined with redirect");
    expect(failure(() => ({ directResponse: { status: 200 }, fault: { abort: { httpStatus: 500, percentage: 1 } } }))).toContain("'http[0].fault' cannot be combined with directResponse");
    expect(failure(() => ({}))).toContain("'http[0].destinations' must list at least one RouteDestination.to(...), or set redirect or directResponse, got undefined");
  });

  test('fails on a rewrite of uri and uriRegexRewrite together, or an empty or invalid one', () => {
    expect(failure(({ hello }) => ({ destinations: [RouteDestination.to(hello)], rewrite: { uri: '/a', uriRegexRewrite: { match: '^/b', rewrite: '/c' } } })))
      .toBe("test/Vs: 'http[0].rewrite.uriRegexRewrite' cannot be combined with uri (\"/a\"): istiod accepts one of them; keep one");
    expect(failure(({ hello }) => ({ destinations: [RouteDestination.to(hello)], rewrite: {} }))).toContain("'http[0].rewrite' must set uri, uriRegexRewrite or authority");
    expect(failure(({ hello }) => ({ destinations: [RouteDestination.to(hello)], rewrite: { uriRegexRewrite: { match: '(?=x)', rewrite: '/' } } })))
      .toContain("'http[0].rewrite.uriRegexRewrite.match' must be an RE2 regular expression");
    expect(failure(({ hello }) => ({ destinations: [RouteDestination.to(hello)], rewrite: { authority: 'a' }, headers: { request: { set: { host: 'b' } } } })))
      .toContain("'http[0].headers.request' sets host, and rewrite.authority sets it too");
  });

  test('fails on an invalid redirect code, scheme or port, or an empty redirect', () => {
    expect(failure(() => ({ redirect: { uri: '/v2', redirectCode: 304 } })))
      .toBe("test/Vs: 'http[0].redirect.redirectCode' must be one of 301, 302, 303, 307, 308 (the codes Envoy supports), got 304");
    expect(failure(() => ({ redirect: { uri: '/v2', redirectCode: 200 } }))).toContain("'http[0].redirect.redirectCode' must be one of 301, 302, 303, 307, 308");
    expect(failure(() => ({ redirect: { scheme: 'ftp' as RedirectScheme } }))).toContain("'http[0].redirect.scheme' must be one of http, https, got \"ftp\"");
    expect(failure(() => ({ redirect: { port: 0 } }))).toContain("'http[0].redirect.port' must be an integer from 1 to 65535, got 0");
    expect(failure(() => ({ redirect: { port: 80, derivePort: RedirectPortSelection.FROM_REQUEST_PORT } }))).toContain("'http[0].redirect.derivePort' cannot be combined with port (80)");
    expect(failure(() => ({ redirect: {} }))).toContain("'http[0].redirect' must set at least one of uri, authority, port, derivePort or scheme");
  });

  test('fails on an invalid direct response status or an oversized body', () => {
    expect(failure(() => ({ directResponse: { status: 600 } }))).toBe("test/Vs: 'http[0].directResponse.status' must be an integer from 200 to 599, got 600");
    expect(failure(() => ({ directResponse: { status: 200, body: 'x'.repeat(1024 * 1024 + 1) } }))).toContain("'http[0].directResponse.body' must be at most 1 MiB (istiod rejects larger ones), got 1048577 bytes");
  });

  test('fails on header names istiod rejects and control characters in values', () => {
    const dest = ({ hello }: ReturnType<typeof setup>) => [RouteDestination.to(hello)];
    expect(failure(s => ({ destinations: dest(s), headers: { request: { set: { ':path': '/x' } } } })))
      .toBe("test/Vs: 'http[0].headers.request.set' has \":path\": pseudo-headers other than :authority cannot be changed here (istiod rejects it)");
    expect(failure(s => ({ destinations: dest(s), headers: { response: { set: { host: 'x' } } } }))).toContain("'http[0].headers.response.set' has \"host\": pseudo-headers and host cannot be changed here (istiod rejects it); use rewrite.authority");
    expect(failure(s => ({ destinations: dest(s), headers: { request: { remove: ['Host'] } } }))).toContain("'http[0].headers.request.remove' has \"Host\"");
    expect(failure(s => ({ destinations: dest(s), headers: { request: { add: { 'bad name': 'x' } } } }))).toContain("'http[0].headers.request.add' has \"bad name\", which is not an HTTP header name");
    expect(failure(s => ({ destinations: dest(s), headers: { request: { set: { 'x-a': 'line\nbreak' } } } }))).toContain("'http[0].headers.request.set.x-a' must be a header value without control characters");
    expect(failure(s => ({ destinations: dest(s), headers: { response: { set: { 'x-a': '%START_TIME%%' } } } })))
      .toContain("'http[0].headers.response.set.x-a' has an un-escaped '%' (Envoy reads %NAME% as a variable; write %% for a literal %), got \"%START_TIME%%\"");
    expect(failure(s => ({ destinations: dest(s), headers: { response: { set: { 'x-a': 'abc%123' } } } }))).toContain("has an un-escaped '%'");
    expect(failure(s => ({ destinations: dest(s), headers: {} }))).toContain("'http[0].headers' must set request, response or both");
    expect(failure(({ hello }) => ({ destinations: [RouteDestination.to(hello, { headers: { response: { remove: [':status'] } } })] })))
      .toContain("'http[0].destinations[0].headers.response.remove' has \":status\"");
  });

  test('fails on CORS policies istiod rejects', () => {
    const dest = ({ hello }: ReturnType<typeof setup>) => [RouteDestination.to(hello)];
    expect(failure(s => ({ destinations: dest(s), corsPolicy: { maxAge: Duration.millis(1500) } }))).toBe("test/Vs: 'http[0].corsPolicy.maxAge' must be whole seconds (istiod rejects finer), got 1500ms");
    expect(failure(s => ({ destinations: dest(s), corsPolicy: { allowOrigins: [StringMatch.exact('')] } }))).toContain("'http[0].corsPolicy.allowOrigins[0]' must not be empty");
    expect(failure(s => ({ destinations: dest(s), corsPolicy: { allowHeaders: ['x y'] } }))).toContain("'http[0].corsPolicy.allowHeaders[0]' must be an HTTP header name or \"*\", got \"x y\"");
    expect(failure(s => ({ destinations: dest(s), corsPolicy: { allowMethods: ['FETCH' as HttpMethod] } }))).toContain("'http[0].corsPolicy.allowMethods[0]' must be one of GET");
  });

  test('fails on match fields istiod rejects or that could never apply', () => {
    const dest = ({ hello }: ReturnType<typeof setup>) => [RouteDestination.to(hello)];
    expect(failure(s => ({ match: [{ port: 0 }], destinations: dest(s) }))).toBe("test/Vs: 'http[0].match[0].port' must be an integer from 1 to 65535, got 0");
    expect(failure(s => ({ match: [{ sourceLabels: { 'bad key!': 'x' } }], destinations: dest(s) }))).toContain("'http[0].match[0].sourceLabels' key \"bad key!\" must be a label key");
    expect(failure(s => ({ match: [{ sourceLabels: { app: 'not valid' } }], destinations: dest(s) }))).toContain("'http[0].match[0].sourceLabels.app' must be a label value");
    expect(failure(s => ({ match: [{ gateways: [s.gateway] }], destinations: dest(s) }))).toContain("'http[0].match[0].gateways[0]' must be one of the VirtualService's gateways (none), as it is bound to no other, got \"default/gw\"");
  });

  test('fails on source matches on a gateway-only route, and mesh matches on a gateway-only VirtualService', () => {
    const { c, hello, gateway } = setup();
    const vs = (id: string, match: any) => () => new VirtualService(c, id, { hosts: ['hello.example.com'], gateways: [gateway], http: [{ match: [match], destinations: [RouteDestination.to(hello)] }] });
    expect(vs('A', { sourceLabels: { app: 'x' } })).toThrow("test/A: 'http[0].match[0].sourceLabels' matches the calling workload, which only mesh traffic has, and this match applies to gateways only; set mesh: true or remove it");
    expect(vs('B', { mesh: true })).toThrow("test/B: 'http[0].match[0].mesh' is true, but the VirtualService does not route mesh traffic");
    expect(vs('C', { gateways: [], mesh: false })).toThrow("test/C: 'http[0].match[0].mesh' is false and no gateways are given");
  });

  test('fails at synth on a mirror to an undefined subset', () => {
    const { c, hello } = setup();
    new DestinationRule(c, 'Dr', { service: hello });
    new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)], mirror: RouteDestination.to(hello, { subset: 'v9' }) }] });
    expect(validationErrors(c)).toEqual([expect.stringContaining("test/Vs: 'http[0].mirror.subset' \"v9\" is not a subset of service hello")]);
  });
});

describe('what the mesh model makes of them', () => {
  const fromWorld = (c: any, extra: any[] = [], path = '/') => MeshModel.fromObjects([...synth(c), ...extra]).request({ source: RequestSource.workload('world-v1'), host: 'hello', path });

  test('a redirect or a direct response ends the request with its status', () => {
    const redirect = route({ redirect: { uri: '/v2', redirectCode: 302 } });
    const r = fromWorld(redirect.c);
    expect([r.outcome, r.status]).toEqual([Outcome.OK, 302]);
    const direct = route({ directResponse: { status: 503, body: 'down' } });
    const d = fromWorld(direct.c);
    expect([d.outcome, d.status]).toEqual([Outcome.UNAVAILABLE, 503]);
  });

  test('a uri rewrite changes the path the destination\'s policies see', () => {
    // hello only allows /internal/*: the request for /public/x is rewritten to /internal/x
    const allow = istio('AuthorizationPolicy', 'hello', 'default', { selector: { matchLabels: { app: 'hello' } }, rules: [{ to: [{ operation: { paths: ['/internal/*'] } }] }] });
    const { c, hello } = setup();
    new VirtualService(c, 'Vs', { name: 'vs', hosts: [hello.fqdn], http: [
      { match: [{ uri: StringMatch.prefix('/public/') }], rewrite: { uri: '/internal/' }, destinations: [RouteDestination.to(hello)] },
      { match: [{ uri: StringMatch.exact('/exact') }], rewrite: { uri: '/internal/e' }, destinations: [RouteDestination.to(hello)] },
      { match: [{ uri: StringMatch.regex('/re/.*') }], rewrite: { uri: '/internal/' }, destinations: [RouteDestination.to(hello)] },
      { rewrite: { uri: '/internal/' }, destinations: [RouteDestination.to(hello)] },
    ] });
    expect(fromWorld(c, [allow], '/public/x').outcome).toBe(Outcome.OK);
    expect(fromWorld(c, [allow], '/exact').outcome).toBe(Outcome.OK);
    expect(fromWorld(c, [allow], '/other').outcome).toBe(Outcome.OK);
    const regex = fromWorld(c, [allow], '/re/x');
    expect(regex.notes).toContainEqual(expect.stringContaining('not modelled: spec.http[2].rewrite.uri of VirtualService default/vs after a regex match'));
    const unwritten = MeshModel.fromObjects([...synth(setup().c), allow]).request({ source: RequestSource.workload('world-v1'), host: 'hello', path: '/public/x' });
    expect(unwritten.outcome).toBe(Outcome.DENIED);
  });

  test('a regex rewrite, header operations and CORS are reported as not modelled; a mirror leaves the response as it is', () => {
    const s = setup();
    new VirtualService(s.c, 'Vs', { name: 'vs', hosts: [s.hello.fqdn], http: [{
      destinations: [RouteDestination.to(s.hello)], mirror: RouteDestination.to(s.world), mirrorPercentage: 10,
      rewrite: { uriRegexRewrite: { match: '^/a', rewrite: '/b' } }, headers: { request: { set: { 'x-a': '1' } } }, corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example')] },
    }] });
    const t = fromWorld(s.c);
    expect(t.outcome).toBe(Outcome.OK);
    expect(t.notes).toEqual(expect.arrayContaining([
      'spec.http[0] of VirtualService default/vs mirrors 10% of the requests to world.default.svc.cluster.local: the copies\' answers are discarded (the response is unchanged); the copies are not traced',
      expect.stringContaining('not modelled: spec.http[0].headers (or a destination\'s headers) of VirtualService default/vs'),
      expect.stringContaining('not modelled: spec.http[0].corsPolicy of VirtualService default/vs'),
      expect.stringContaining('not modelled: spec.http[0].rewrite.uriRegexRewrite of VirtualService default/vs'),
    ]));
  });
});
