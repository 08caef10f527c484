import { Testing } from 'cdk8s';
import { AuthorizationScenario } from '../../apps/scenarios/authorization';
import { CanaryScenario } from '../../apps/scenarios/canary';
import { HeaderRoutingScenario } from '../../apps/scenarios/header-routing';
import { HelloWorldScenario } from '../../apps/scenarios/hello-world';
import { JwtAuthScenario } from '../../apps/scenarios/jwt-auth';
import { MutualTlsScenario } from '../../apps/scenarios/mutual-tls';
import { RetriesScenario } from '../../apps/scenarios/retries';
import { callingMesh } from '../../bench/graph-bench';
import {
  buildMeshGraph, DataPlaneMode, HopTls, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, MeshEdge, MeshEdgeKind, MeshGraph, MeshNode, MeshNodeKind, Outcome,
  renderDot, renderJson, renderMarkdown, renderMermaid, TrafficApi, TrafficApiSetting,
} from '../../lib';
import { CALLS_ANNOTATION } from '../../lib/private/calls';
import { edgeWords, nodeWords, wrap } from '../../lib/graph/words';
import { backend, httpRoute, toService, versionService } from '../model/gateway-api-manifests';
import { deployment, istio, namespace, service, subsets } from '../model/manifests';
import { synth } from '../util';

const SVC = (name: string, ns = 'default'): string => `service:${name}.${ns}.svc.cluster.local`;

function node(g: MeshGraph, id: string): MeshNode {
  const found = g.nodes.find(n => n.id === id);
  if (!found) throw new Error(`no node ${id}; nodes: ${g.nodes.map(n => n.id).join(', ')}`);
  return found;
}

function edge(g: MeshGraph, source: string, target: string): MeshEdge {
  const found = g.edges.filter(e => e.source === source && e.target === target);
  if (found.length !== 1) throw new Error(`expected one edge ${source} → ${target}, got ${found.length}; edges: ${g.edges.map(e => `${e.source} → ${e.target}`).join(', ')}`);
  return found[0];
}

/** A Deployment declaring calls to `hosts`. */
function calling(d: any, ...hosts: string[]): any {
  d.metadata.annotations = { [CALLS_ANNOTATION]: JSON.stringify(hosts.map(host => ({ host }))) };
  return d;
}

/** The Mermaid blocks of a page. */
const diagrams = (page: string): string[] => [...page.matchAll(/```mermaid\n([\s\S]*?)```/g)].map(m => m[1]);
/** The quoted label texts of a diagram. */
const labels = (diagram: string): string[] => [...diagram.matchAll(/"([^"]*)"/g)].map(m => m[1]);

/** A mesh of `n` services in namespaces of `perNamespace`, each calling the next. */
function chain(n: number, perNamespace = 50): any[] {
  const nsOf = (i: number) => `team-${Math.floor(i / perNamespace)}`;
  const objects: any[] = [...new Set(Array.from({ length: n }, (_, i) => nsOf(i)))].map(ns => namespace(ns));
  for (let i = 0; i < n; i++) {
    objects.push(service(`s${i}`, nsOf(i)), calling(deployment(`s${i}`, nsOf(i)), `s${(i + 1) % n}.${nsOf((i + 1) % n)}`));
  }
  return objects;
}

describe('buildMeshGraph: nodes', () => {
  test('one node per service holding its versions with their pods, from the model', () => {
    const g = buildMeshGraph(synth(new CanaryScenario(Testing.app())));
    const hello = node(g, SVC('hello', 'canary'));
    expect(hello.kind).toBe(MeshNodeKind.SERVICE);
    expect(hello.versions.map(v => [v.name, v.pods])).toEqual([['v1', 3], ['v2', 3]]);
    expect(g.nodes.filter(n => n.kind === MeshNodeKind.SERVICE).map(n => n.name).sort()).toEqual(['hello', 'world', 'world-2']);
  });

  test('a host on a Gateway\'s second server is traced on that server\'s port, not the first one', () => {
    const objects = [
      namespace('shop'), service('web', 'shop'), deployment('web', 'shop'),
      istio('Gateway', 'gw', 'shop', { selector: { istio: 'ingressgateway' }, servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['plain.example.com'] },
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['secure.example.com'], tls: { mode: 'SIMPLE', credentialName: 'cert' } },
      ] }),
      istio('VirtualService', 'web', 'shop', { hosts: ['plain.example.com', 'secure.example.com'], gateways: ['gw'], http: [{ route: [{ destination: { host: 'web' } }] }] }),
    ];
    const g = buildMeshGraph(objects);
    expect(g.edges.filter(e => e.kind === MeshEdgeKind.INGRESS).map(e => [e.host, e.outcome]).sort()).toEqual([['plain.example.com', Outcome.OK], ['secure.example.com', Outcome.OK]]);
    expect(g.nodes.find(n => n.kind === MeshNodeKind.INGRESS)!.badges).toEqual([]);
  });

  test('no "JWT required" badge where a RequestAuthentication meets a policy that admits callers by identity alone', () => {
    const objects = [
      namespace('shop'), service('web', 'shop'), deployment('web', 'shop'),
      istio('RequestAuthentication', 'web', 'shop', { selector: { matchLabels: { app: 'web' } }, jwtRules: [{ issuer: 'https://idp.example.com', jwksUri: 'https://idp.example.com/keys' }] }),
      istio('AuthorizationPolicy', 'web', 'shop', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/client'] } }] }] }),
    ];
    expect(node(buildMeshGraph(objects), SVC('web', 'shop')).badges).not.toContain('JWT required');
    const requiring = [...objects.slice(0, 4), istio('AuthorizationPolicy', 'web', 'shop', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] })];
    expect(node(buildMeshGraph(requiring), SVC('web', 'shop')).badges).toContain('JWT required');
  });

  test('badges: deny by default, JWT required, slow pod', () => {
    const authz = buildMeshGraph(synth(new AuthorizationScenario(Testing.app())));
    expect(node(authz, SVC('hello', 'authorization')).badges).toContain('deny by default');
    const jwt = buildMeshGraph(synth(new JwtAuthScenario(Testing.app())));
    expect(node(jwt, SVC('hello', 'jwt-auth')).badges).toContain('JWT required');
    expect(node(jwt, SVC('auth', 'jwt-auth')).badges).not.toContain('JWT required');
    const retries = buildMeshGraph(synth(new RetriesScenario(Testing.app())));
    const v3 = node(retries, SVC('hello', 'retries')).versions.find(v => v.name === 'v3')!;
    expect([v3.pods, v3.slowPods, v3.latencySeconds]).toEqual([3, 1, 5]);
  });

  test('mesh-wide badges: REGISTRY_ONLY, Telemetry provider and sampling, egress gateway', () => {
    const g = buildMeshGraph([
      { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'i', namespace: 'istio-system' }, spec: { meshConfig: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } } },
      { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: 'mesh-default', namespace: 'istio-system' }, spec: { tracing: [{ providers: [{ name: 'zipkin' }], randomSamplingPercentage: 10 }] } },
      istio('Gateway', 'egress', 'istio-system', { selector: { istio: 'egressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['ifconfig.co'] }] }),
      istio('ServiceEntry', 'ifconfig', 'default', { hosts: ['ifconfig.co'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' }),
    ]);
    expect(g.badges).toEqual(['outbound traffic REGISTRY_ONLY: hosts outside the registry get 502', 'egress gateway', 'mesh tracing: zipkin, 10% sampled']);
    expect(node(g, 'external:ifconfig.co').badges).toEqual(['via egress gateway', 'ServiceEntry']);
  });
});

describe('buildMeshGraph: edges carry the model\'s outcome', () => {
  // Mesh-wide STRICT; `legacy` has no sidecars. Its client calls hello (refused); hello calls world (mTLS) and the
  // legacy server `old` (plain text: auto mTLS sees no sidecar there).
  const strict = [
    namespace('default'), namespace('legacy', false),
    istio('PeerAuthentication', 'default', 'istio-system', { mtls: { mode: 'STRICT' } }),
    service('hello', 'default'), calling(deployment('hello', 'default'), 'world', 'old.legacy'),
    service('world', 'default'), deployment('world', 'default'),
    service('old', 'legacy'), deployment('old', 'legacy'),
    calling(deployment('client', 'legacy'), 'hello.default'),
  ];

  test('a STRICT mesh with a plain-text caller: refused; sidecar to sidecar: mTLS; sidecar to a pod without one: plain text', () => {
    const g = buildMeshGraph(strict);
    const refused = edge(g, 'client:legacy/client', SVC('hello'));
    expect([refused.kind, refused.outcome, refused.tls]).toEqual([MeshEdgeKind.CALL, Outcome.REFUSED, HopTls.REFUSED]);
    expect([edge(g, SVC('hello'), SVC('world')).outcome, edge(g, SVC('hello'), SVC('world')).tls]).toEqual([Outcome.OK, HopTls.MUTUAL]);
    expect([edge(g, SVC('hello'), SVC('old', 'legacy')).outcome, edge(g, SVC('hello'), SVC('old', 'legacy')).tls]).toEqual([Outcome.OK, HopTls.PLAIN_TEXT]);
    const text = renderMermaid(g);
    expect(text).toMatch(/--x\|"refused ✗"\|/);
    expect(text).toMatch(/==>\|"mTLS ✓"\|/);
    expect(text).toMatch(/-\.->\|"plain text"\|/);
  });

  test('ambient namespaces say ambient and the mode ztunnel enforces, not "no sidecars"; the legacy one stays without', () => {
    const g = buildMeshGraph(synth(new MutualTlsScenario(Testing.app(), 'mutual-tls', { dataPlane: DataPlaneMode.AMBIENT })));
    expect(g.namespaces.map(ns => [ns.name, ns.ambient ?? false, ns.mtls])).toEqual([['legacy', false, undefined], ['ns1', true, 'STRICT'], ['ns2', true, 'STRICT']]);
    expect(labels(renderMermaid(g)).filter(l => l.includes('<b>hello</b>'))[0]).toContain('ambient · mTLS STRICT');
  });

  test('pods without sidecars are not labelled mTLS', () => {
    const g = buildMeshGraph(strict);
    expect(g.namespaces.find(ns => ns.name === 'legacy')).toEqual({ name: 'legacy', sidecars: false });
    const legacyLines = labels(renderMermaid(g)).filter(l => l.includes('<b>old</b>') || l.includes('<b>client</b>'));
    expect(legacyLines).toHaveLength(2);
    for (const l of legacyLines) {
      expect(l).toContain('legacy · no sidecars');
      expect(l).not.toContain('mTLS');
    }
  });

  test('a denied call reads "denied 403", and a call declared to fail says it fails as declared', () => {
    const objects = [
      namespace('default'),
      service('hello', 'default'), calling(deployment('hello', 'default'), 'world'),
      service('world', 'default'), deployment('world', 'default'),
      istio('AuthorizationPolicy', 'allow-nothing', 'default', {}),
    ];
    expect(renderMermaid(buildMeshGraph(objects))).toContain('|"denied 403"|');
    const mtls = buildMeshGraph(synth(new MutualTlsScenario(Testing.app())));
    const reverse = edge(mtls, SVC('hello-reverse', 'legacy'), SVC('world-reverse', 'ns2'));
    expect([reverse.outcome, reverse.expected]).toEqual([Outcome.REFUSED, Outcome.REFUSED]);
    expect(renderMermaid(mtls)).toContain('refused ✗ (as declared)');
  });
});

test('a request the ingress gateway itself denies is said on the gateway, with no arrow', () => {
  const objects = [
    namespace('default'), service('web', 'default'), deployment('web', 'default'),
    istio('Gateway', 'gw', 'default', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
    istio('VirtualService', 'web', 'default', { hosts: ['web.example.com'], gateways: ['gw'], http: [{ route: [{ destination: { host: 'web' } }] }] }),
    istio('AuthorizationPolicy', 'gateway-deny', 'istio-system', { selector: { matchLabels: { istio: 'ingressgateway' } }, action: 'DENY', rules: [{}] }),
  ];
  const g = buildMeshGraph(objects);
  expect(g.edges).toEqual([]);
  expect(g.nodes.find(n => n.kind === MeshNodeKind.INGRESS)!.badges).toEqual(['web.example.com: denied 403 at the gateway']);
});

describe('buildMeshGraph: ambient waypoints', () => {
  const WAYPOINT = 'waypoint:shop/waypoint';
  const waypointGateway = {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'waypoint', namespace: 'shop', labels: { 'istio.io/waypoint-for': 'service' } },
    spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
  };
  const useWaypoint = (svc: any, name: string) => ({ ...svc, metadata: { ...svc.metadata, labels: { 'istio.io/use-waypoint': name } } });
  /** An enrolled namespace `shop`: hello and curl call world through the waypoint, whose policy admits hello's GETs only; both call stock, which opts out. */
  const shop = (...more: any[]) => [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio.io/dataplane-mode': 'ambient' } } },
    waypointGateway,
    useWaypoint(service('world', 'shop'), 'waypoint'), deployment('world', 'shop'),
    useWaypoint(service('stock', 'shop'), 'none'), deployment('stock', 'shop'),
    service('hello', 'shop'), calling(deployment('hello', 'shop'), 'world', 'stock'),
    calling(deployment('curl', 'shop'), 'world', 'stock'),
    istio('AuthorizationPolicy', 'world-viewer', 'shop', {
      targetRefs: [{ group: '', kind: 'Service', name: 'world' }],
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/hello'] } }], to: [{ operation: { methods: ['GET'] } }] }],
    }),
    ...more,
  ];

  test('a waypoint is a node in its namespace, saying which Services use it and that an L7 policy applies there', () => {
    const g = buildMeshGraph(shop());
    const wp = node(g, WAYPOINT);
    expect([wp.kind, wp.name, wp.namespace, wp.versions]).toEqual([MeshNodeKind.WAYPOINT, 'waypoint', 'shop', []]);
    expect(wp.badges).toEqual(['for world', 'L7 policy']);
  });

  test('a call through the waypoint is two edges: caller → waypoint (HBONE mTLS), waypoint → Service with the outcome', () => {
    const g = buildMeshGraph(shop());
    const into = edge(g, SVC('hello', 'shop'), WAYPOINT);
    expect([into.outcome, into.tls, into.host]).toEqual([Outcome.OK, HopTls.MUTUAL, 'world']);
    const on = edge(g, WAYPOINT, SVC('world', 'shop'));
    expect([on.outcome, on.tls, on.kind]).toEqual([Outcome.OK, HopTls.MUTUAL, MeshEdgeKind.CALL]);
    expect(g.edges.filter(e => e.target === SVC('world', 'shop') && e.source !== WAYPOINT)).toEqual([]);
  });

  test('a request the waypoint denies ends on the edge into it, and nothing goes on from the waypoint for it', () => {
    const g = buildMeshGraph(shop());
    const curl = edge(g, 'client:shop/curl', WAYPOINT);
    expect(curl.outcome).toBe(Outcome.DENIED);
    // The one edge on to world is hello's.
    expect(g.edges.filter(e => e.source === WAYPOINT).map(e => [e.target, e.outcome])).toEqual([[SVC('world', 'shop'), Outcome.OK]]);
    expect(renderMarkdown(g)).toContain('4 requests drawn: 3 mTLS ✓, 1 denied 403.');
  });

  test('two callers the waypoint passes on alike: one edge on from it, standing for both requests', () => {
    const curlViewer = istio('AuthorizationPolicy', 'curl-viewer', 'shop', {
      targetRefs: [{ group: '', kind: 'Service', name: 'world' }], rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/curl'] } }] }],
    });
    const g = buildMeshGraph(shop(curlViewer));
    expect(edge(g, 'client:shop/curl', WAYPOINT).outcome).toBe(Outcome.OK);
    expect([edge(g, WAYPOINT, SVC('world', 'shop')).outcome, edge(g, WAYPOINT, SVC('world', 'shop')).count]).toEqual([Outcome.OK, 2]);
    expect(renderMarkdown(g)).toContain('4 requests drawn: 4 mTLS ✓.');
    // One caller: the edge stands for its request alone.
    expect(edge(buildMeshGraph(shop()), WAYPOINT, SVC('world', 'shop')).count).toBeUndefined();
  });

  test('a Service that opts out of the waypoint (use-waypoint none) keeps its direct edges', () => {
    const g = buildMeshGraph(shop());
    expect(edge(g, SVC('hello', 'shop'), SVC('stock', 'shop')).outcome).toBe(Outcome.OK);
    expect(edge(g, 'client:shop/curl', SVC('stock', 'shop')).outcome).toBe(Outcome.OK);
    expect(node(g, WAYPOINT).badges[0]).toBe('for world');
  });

  test('a waypoint no Service of the set uses is not drawn', () => {
    const g = buildMeshGraph(shop().map(o => (o.kind === 'Service' && o.metadata.name === 'world' ? service('world', 'shop') : o)));
    expect(g.nodes.filter(n => n.kind === MeshNodeKind.WAYPOINT)).toEqual([]);
    expect(edge(g, SVC('hello', 'shop'), SVC('world', 'shop')).outcome).toBe(Outcome.OK);
  });

  test('ambient jwt-auth: the ingress request without a token is denied at the waypoint, which requires a JWT', () => {
    const g = buildMeshGraph(synth(new JwtAuthScenario(Testing.app(), 'jwt-auth', { dataPlane: DataPlaneMode.AMBIENT })));
    const wp = node(g, 'waypoint:jwt-auth/waypoint');
    expect(wp.badges).toEqual(['for hello', 'L7 policy', 'JWT required']);
    const ingress = g.nodes.find(n => n.kind === MeshNodeKind.INGRESS)!;
    const denied = edge(g, ingress.id, wp.id);
    expect([denied.outcome, denied.host]).toEqual([Outcome.DENIED, 'hello.kubernetes.newtech.academy']);
    expect(g.edges.filter(e => e.target === SVC('hello', 'jwt-auth'))).toEqual([]);
  });

  test('ambient authorization: every call and the ingress request pass the waypoint, which denies by default', () => {
    const g = buildMeshGraph(synth(new AuthorizationScenario(Testing.app(), 'authorization', DataPlaneMode.AMBIENT)));
    const wp = 'waypoint:authorization/waypoint';
    expect(node(g, wp).badges).toEqual(['for hello, world, world-2', 'L7 policy', 'deny by default']);
    expect(g.edges.filter(e => e.target === wp).map(e => [e.source, e.host, e.outcome])).toEqual([
      [SVC('hello', 'authorization'), 'world', Outcome.OK],
      [g.nodes.find(n => n.kind === MeshNodeKind.INGRESS)!.id, 'hello-rbac.example.com', Outcome.OK],
      [SVC('world', 'authorization'), 'world-2', Outcome.OK],
    ].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    expect(g.edges.filter(e => e.source === wp).map(e => e.target).sort()).toEqual([SVC('hello', 'authorization'), SVC('world', 'authorization'), SVC('world-2', 'authorization')].sort());
  });

  test('drawn as a hexagon in its namespace\'s box; an edge into it says where the call goes', () => {
    const g = buildMeshGraph(shop());
    const diagram = renderMermaid(g);
    expect(diagram).toMatch(/subgraph ns [^]*n\d+\{\{"<b>waypoint<\/b><br\/>for world<br\/>L7 policy"\}\}[^]*\n {2}end/);
    expect(edgeWords(edge(g, SVC('hello', 'shop'), WAYPOINT), true)).toEqual(['to world', 'mTLS ✓']);
    expect(renderMarkdown(g)).toContain('A hexagon inside a namespace is an ambient waypoint');
    expect(renderMarkdown(buildMeshGraph(synth(new CanaryScenario(Testing.app()))))).not.toContain('ambient waypoint');
  });
});

describe('buildMeshGraph: routes', () => {
  test('header routing: the ingress edge lists the routes in route order, the catch-all last as "otherwise"', () => {
    const g = buildMeshGraph(synth(new HeaderRoutingScenario(Testing.app())));
    const ingress = g.edges.find(e => e.kind === MeshEdgeKind.INGRESS)!;
    expect(ingress.target).toBe(SVC('hello', 'header-routing'));
    expect(ingress.branches.map(b => [b.order, b.condition, b.destinations.map(d => d.subset)])).toEqual([
      [0, 'end-user=john', ['v2']],
      [1, 'otherwise', ['v1']],
    ]);
    const text = renderMermaid(g);
    expect(text.indexOf('1. end-user=john → v2')).toBeGreaterThan(0);
    expect(text.indexOf('2. otherwise → v1')).toBeGreaterThan(text.indexOf('1. end-user=john → v2'));
  });

  test('a wildcard host on the gateway: the edge says "any host" and goes where the first route (path /hello) takes it', () => {
    const g = buildMeshGraph(synth(new HelloWorldScenario(Testing.app())));
    const ingress = g.edges.filter(e => e.kind === MeshEdgeKind.INGRESS);
    expect(ingress.map(e => [e.host, e.target, e.outcome, e.branches.map(b => b.condition)])).toEqual([['any host', SVC('hello', 'hello-world'), Outcome.OK, ['path /hello*']]]);
    expect(g.nodes.filter(n => n.kind === MeshNodeKind.EXTERNAL)).toEqual([]);
  });

  test('route order is the VirtualService\'s, not the destinations\': a first route to v2 stays first', () => {
    const objects = [
      namespace('default'),
      service('web', 'default'), deployment('web', 'default', 'v1'), deployment('web', 'default', 'v2'), subsets('web', 'default', ['v1', 'v2']),
      service('caller', 'default'), calling(deployment('caller', 'default'), 'web'),
      istio('VirtualService', 'web', 'default', {
        hosts: ['web'],
        http: [
          { match: [{ uri: { prefix: '/beta' } }, { headers: { 'x-canary': { exact: 'yes' } } }], route: [{ destination: { host: 'web', subset: 'v2' } }] },
          { route: [{ destination: { host: 'web', subset: 'v1' }, weight: 90 }, { destination: { host: 'web', subset: 'v2' }, weight: 10 }] },
        ],
      }),
    ];
    const e = edge(buildMeshGraph(objects), SVC('caller'), SVC('web'));
    expect(e.branches.map(b => b.condition)).toEqual(['path /beta* or x-canary=yes', 'otherwise']);
    expect(e.branches[1].destinations.map(d => [d.subset, d.weight])).toEqual([['v1', 90], ['v2', 10]]);
  });

  test('a route\'s own fault reads on its line when several routes share an edge; an abort is said once', () => {
    const objects = [
      namespace('default'),
      service('web', 'default'), deployment('web', 'default', 'v1'), subsets('web', 'default', ['v1']),
      service('caller', 'default'), calling(deployment('caller', 'default'), 'web'),
      istio('VirtualService', 'web', 'default', {
        hosts: ['web'],
        http: [
          { match: [{ headers: { 'end-user': { exact: 'jason' } } }], fault: { delay: { fixedDelay: '7s', percentage: { value: 100 } } }, route: [{ destination: { host: 'web', subset: 'v1' } }] },
          { match: [{ headers: { 'end-user': { exact: 'bob' } } }], fault: { abort: { httpStatus: 500, percentage: { value: 100 } } }, route: [{ destination: { host: 'web', subset: 'v1' } }] },
          { route: [{ destination: { host: 'web', subset: 'v1' } }] },
        ],
      }),
    ];
    const e = edge(buildMeshGraph(objects), SVC('caller'), SVC('web'));
    expect(e.branches.map(b => [b.condition, b.settings])).toEqual([['end-user=jason', ['delay 7s for 100%']], ['end-user=bob', ['abort 500 for 100%']], ['otherwise', undefined]]);
    expect(edgeWords(e)).toEqual(['1. end-user=jason → v1, delay 7s for 100%', '2. end-user=bob → abort 500 for 100%', '3. otherwise → v1', 'mTLS ✓']);
  });

  test('a route matching paths only lists them once: "path /login, /static*"', () => {
    const objects = [
      namespace('default'), service('web', 'default'), deployment('web', 'default'),
      service('caller', 'default'), calling(deployment('caller', 'default'), 'web'),
      istio('VirtualService', 'web', 'default', { hosts: ['web'], http: [{ match: [{ uri: { exact: '/login' } }, { uri: { prefix: '/static' } }], route: [{ destination: { host: 'web' } }] }] }),
    ];
    expect(edge(buildMeshGraph(objects), SVC('caller'), SVC('web')).branches.map(b => b.condition)).toEqual(['path /login, /static*']);
  });

  test('canary weights and retries read as plain words on the edge', () => {
    expect(renderMermaid(buildMeshGraph(synth(new CanaryScenario(Testing.app()))))).toContain('to v1 90% · v2 10%');
    const retries = renderMermaid(buildMeshGraph(synth(new RetriesScenario(Testing.app()))));
    expect(retries).toContain('timeout 10s<br/>2 retries × 2s');
  });
});

describe('buildMeshGraph: Gateway API per-version Services', () => {
  /** An app whose scenarios are built with Gateway API. */
  const gatewayApiApp = () => {
    const app = Testing.app();
    TrafficApiSetting.use(app, TrafficApi.GATEWAY_API);
    return app;
  };
  /** What a picture shows: nodes with their versions and badges, edges with their routes and outcome (the gateway by kind: its id names its labels). */
  const shown = (g: MeshGraph) => {
    const key = (id: string) => (node(g, id).kind === MeshNodeKind.INGRESS ? 'ingress' : id);
    return {
      nodes: g.nodes.map(n => [key(n.id), n.name, n.versions.map(v => `${v.name}:${v.pods}`), n.badges]),
      edges: g.edges.map(e => [key(e.source), key(e.target), e.host, e.fromVersions, e.outcome, e.branches.map(b => [b.order, b.condition, b.destinations.map(d => [d.subset, d.weight])])]),
    };
  };

  test.each([
    ['canary', CanaryScenario],
    ['header-routing', HeaderRoutingScenario],
    ['hello-world', HelloWorldScenario],
  ])('%s built with Gateway API draws the graph it draws with Istio\'s API', (_, Scenario) => {
    expect(shown(buildMeshGraph(synth(new Scenario(gatewayApiApp()))))).toEqual(shown(buildMeshGraph(synth(new Scenario(Testing.app())))));
  });

  test('canary with Gateway API: hello-v1 and hello-v2 are versions of hello, and the gateway edge splits 90/10 by version', () => {
    const g = buildMeshGraph(synth(new CanaryScenario(gatewayApiApp())));
    expect(g.nodes.filter(n => n.kind === MeshNodeKind.SERVICE).map(n => [n.name, n.versions.map(v => [v.name, v.pods])])).toEqual([
      ['hello', [['v1', 3], ['v2', 3]]], ['world-2', [['v1', 3]]], ['world', [['v1', 3]]],
    ]);
    const ingress = g.edges.filter(e => e.kind === MeshEdgeKind.INGRESS);
    expect(ingress.map(e => [e.target, e.branches.map(b => [b.condition, b.destinations.map(d => [d.subset, d.weight])])])).toEqual([
      [SVC('hello', 'canary'), [['', [['v1', 90], ['v2', 10]]]]],
    ]);
    expect(renderMermaid(g)).toContain('to v1 90% · v2 10%');
  });

  test('a GAMMA route splitting a call over per-version Services: one edge to the service, labelled by version and weight', () => {
    const objects = [
      namespace('shop'),
      service('web', 'shop'), versionService('web', 'v1', 'shop'), versionService('web', 'v2', 'shop'),
      deployment('web', 'shop', 'v1'), deployment('web', 'shop', 'v2'),
      service('caller', 'shop'), calling(deployment('caller', 'shop'), 'web'),
      httpRoute('web', 'shop', [toService('web')], [{ backendRefs: [backend('web-v1', 9080, { weight: 80 }), backend('web-v2', 9080, { weight: 20 })] }]),
    ];
    const g = buildMeshGraph(objects);
    expect(g.nodes.map(n => n.id)).toEqual([SVC('caller', 'shop'), SVC('web', 'shop')]);
    expect(node(g, SVC('web', 'shop')).versions.map(v => [v.name, v.workloads])).toEqual([['v1', ['shop/web-v1']], ['v2', ['shop/web-v2']]]);
    expect(g.edges.map(e => [e.source, e.target, e.branches.map(b => [b.condition, b.destinations.map(d => [d.subset, d.weight])])])).toEqual([
      [SVC('caller', 'shop'), SVC('web', 'shop'), [['', [['v1', 80], ['v2', 20]]]]],
    ]);
  });

  test('a call to a per-version Service itself lands on its service, to that version', () => {
    const objects = [
      namespace('shop'), service('web', 'shop'), versionService('web', 'v2', 'shop'), deployment('web', 'shop', 'v1'), deployment('web', 'shop', 'v2'),
      service('caller', 'shop'), calling(deployment('caller', 'shop'), 'web-v2'),
    ];
    const e = edge(buildMeshGraph(objects), SVC('caller', 'shop'), SVC('web', 'shop'));
    expect(e.branches.map(b => b.destinations.map(d => d.subset))).toEqual([['v2']]);
  });

  test('a Service with a version label but more than a version added to another\'s selector stays a box of its own', () => {
    const tiered = { ...versionService('web', 'v1', 'shop'), metadata: { name: 'web-front', namespace: 'shop' } };
    tiered.spec = { ...tiered.spec, selector: { app: 'web', version: 'v1', tier: 'front' } };
    const orphan = versionService('api', 'v1', 'shop');
    const g = buildMeshGraph([namespace('shop'), service('web', 'shop'), tiered, orphan, deployment('web', 'shop', 'v1')]);
    expect(g.nodes.map(n => n.id)).toEqual([SVC('api-v1', 'shop'), SVC('web-front', 'shop'), SVC('web', 'shop')]);
  });
});

describe('rendering', () => {
  const scenarios = [AuthorizationScenario, CanaryScenario, HeaderRoutingScenario, JwtAuthScenario, MutualTlsScenario, RetriesScenario];

  test('no node id leaks into a label, and no label line is longer than 24 characters', () => {
    for (const Scenario of scenarios) {
      const g = buildMeshGraph(synth(new Scenario(Testing.app())));
      const ids = g.nodes.map(n => n.id);
      for (const label of diagrams(renderMarkdown(g)).flatMap(labels)) {
        for (const id of ids) expect(label).not.toContain(id);
        expect(label).not.toMatch(/\b(service|client|external|ingress):|\bn\d+\b/);
        // Node and edge labels; the one-line namespace box title is not wrapped by Mermaid.
        if (label.startsWith('namespace ')) continue;
        for (const line of label.replace(/<\/?b>/g, '').split('<br/>')) expect(line.length).toBeLessThanOrEqual(24);
      }
    }
  });

  test('a node outside a namespace box says its namespace on one line, or a long one cut after its hyphens above its mode', () => {
    const web: MeshNode = { id: SVC('web', 'x'), kind: MeshNodeKind.SERVICE, name: 'web', namespace: 'x', versions: [], badges: [] };
    expect(nodeWords(web, { name: 'egress', sidecars: true, mtls: 'PERMISSIVE' }, true).lines).toEqual(['egress · mTLS PERMISSIVE']);
    expect(nodeWords(web, { name: 'mtls-migration-namespace-bar', sidecars: true, mtls: 'PERMISSIVE' }, true).lines).toEqual(['mtls-migration-', 'namespace-bar', 'mTLS PERMISSIVE']);
    expect(nodeWords(web, { name: 'mtls-migration-legacy', sidecars: false }, true).lines).toEqual(['mtls-migration-legacy', 'no sidecars']);
  });

  test('callers of the same services: the one whose calls read unlike the others\' is declared between them', () => {
    const client = (name: string): MeshNode => ({ id: `client:${name}`, kind: MeshNodeKind.CLIENT, name, versions: [], badges: [] });
    const nodes = [client('a'), client('b'), client('legacy'), client('x'), client('y')];
    const call = (source: string, target: string, outcome: Outcome): MeshEdge => ({
      source: `client:${source}`, target: `client:${target}`, kind: MeshEdgeKind.CALL, host: target, fromVersions: [], outcome,
      ...(outcome === Outcome.OK ? { tls: HopTls.MUTUAL } : {}), branches: [], settings: [],
    });
    const edges = ['a', 'b', 'legacy'].flatMap(s => ['x', 'y'].map(t => call(s, t, s === 'legacy' ? Outcome.REFUSED : Outcome.OK)));
    const text = renderMermaid({ nodes, edges, namespaces: [], badges: [] });
    const sources = [...text.matchAll(/^ {2}(n\d) \S+\|/gm)].map(m => nodes[Number(m[1].slice(1))].name);
    expect(sources).toEqual(['a', 'a', 'legacy', 'legacy', 'b', 'b']);
    // Chains keep their order: no two callers call the same services.
    const chain = renderMermaid({ nodes, edges: [call('a', 'x', Outcome.OK), call('legacy', 'y', Outcome.REFUSED), call('b', 'y', Outcome.OK)], namespaces: [], badges: [] });
    expect([...chain.matchAll(/^ {2}(n\d) \S+\|/gm)].map(m => nodes[Number(m[1].slice(1))].name)).toEqual(['a', 'legacy', 'b']);
  });

  test('wrap cuts at spaces and after the dots of a long host, never inside a word', () => {
    expect(wrap('1. end-user=john → v2 and more words here')).toEqual(['1. end-user=john → v2', 'and more words here']);
    expect(wrap('auth.kubernetes.newtech.academy')).toEqual(['auth.kubernetes.', 'newtech.academy']);
    expect(wrap('hello.kubernetes.newtech.academy ok')).toEqual(['hello.kubernetes.', 'newtech.academy ok']);
    expect(wrap('an-unbreakable-word-longer-than-the-width')).toEqual(['an-unbreakable-word-longer-than-the-width']);
  });

  test('jwt-auth shows plain words, not raw policy fields', () => {
    const page = renderMarkdown(buildMeshGraph(synth(new JwtAuthScenario(Testing.app()))));
    expect(page).toContain('JWT required');
    expect(page).not.toMatch(/requestPrincipals|notRequestPrincipals|principals/);
  });

  test('dot and json carry the same nodes and edges', () => {
    const g = buildMeshGraph(synth(new HeaderRoutingScenario(Testing.app())));
    const dot = renderDot(g);
    expect(dot.startsWith('digraph mesh {')).toBe(true);
    expect(dot.match(/ -> /g)).toHaveLength(g.edges.length);
    expect(dot).toContain('1. end-user=john → v2');
    expect(JSON.parse(renderJson(g))).toEqual(JSON.parse(JSON.stringify(g)));
  });

  test('an input with no mesh objects gets a sentence, not an empty chart', () => {
    for (const objects of [[], [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }]]) {
      const page = renderMarkdown(buildMeshGraph(objects));
      expect(diagrams(page)).toEqual([]);
      expect(page).toContain('No services, workloads, gateway routes or external hosts to draw');
    }
  });
});

describe('splitting', () => {
  test('up to 40 nodes stay in one diagram; 41 become parts of about equal size', () => {
    expect(diagrams(renderMarkdown(buildMeshGraph(chain(40))))).toHaveLength(1);
    const split = renderMarkdown(buildMeshGraph(chain(41)));
    expect(split).toContain('## Namespace team-0, part 1 of 2');
    // 21 and 20 services, each with the two neighbours calling in and called.
    expect(diagrams(split).map(d => new Set(d.match(/^\s+n\d+(?=[({[])/gm)).size)).toEqual([23, 22]);
    expect(diagrams(renderMarkdown(buildMeshGraph(chain(41)), { maxNodes: 50 }))).toHaveLength(1);
  });

  test('several namespaces: an overview with one node per namespace, then one diagram per namespace', () => {
    const page = renderMarkdown(buildMeshGraph(chain(60, 20)));
    const [overview, ...rest] = diagrams(page);
    expect(labels(overview).filter(l => l.startsWith('<b>namespace'))).toEqual([
      '<b>namespace team-0</b><br/>20 services · 20 pods', '<b>namespace team-1</b><br/>20 services · 20 pods', '<b>namespace team-2</b><br/>20 services · 20 pods',
    ]);
    expect(rest).toHaveLength(3);
    expect(page.match(/^## .*/gm)).toEqual(['## Overview', '## Namespace team-0', '## Namespace team-1', '## Namespace team-2']);
  });

  test('a split page keeps the nodes outside any namespace that no edge ties to one (a host nobody calls)', () => {
    const lonely = istio('ServiceEntry', 'lonely', 'team-0', { hosts: ['lonely.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }] });
    const page = renderMarkdown(buildMeshGraph([...chain(60, 20), lonely]));
    expect(page.match(/^## .*/gm)).toContain('## Outside any namespace');
    expect(page).toContain('lonely.example.com');
  });

  test('many hosts outside any namespace are cut into parts too', () => {
    const entries = Array.from({ length: 60 }, (_, i) => istio('ServiceEntry', `e${i}`, 'default', { hosts: [`h${i}.example.com`], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }] }));
    const page = renderMarkdown(buildMeshGraph(entries));
    expect(page.match(/^## .*/gm)).toEqual(['## Hosts, part 1 of 2', '## Hosts, part 2 of 2']);
    expect(diagrams(page).map(d => (d.match(/\.example\.com/g) ?? []).length)).toEqual([30, 30]);
  });

  test('the 1,000-service bench mesh splits into diagrams each within Mermaid\'s limits', () => {
    const page = renderMarkdown(buildMeshGraph(callingMesh(1000)));
    const all = diagrams(page);
    expect(all.length).toBe(41); // the overview, and 20 namespaces of 50 services in two parts each
    for (const d of all) {
      expect(d.length).toBeLessThan(MERMAID_MAX_TEXT);
      expect((d.match(/^\s+n\d+ (==>|-\.->|--x)/gm) ?? []).length).toBeLessThan(MERMAID_MAX_EDGES);
      expect(new Set(d.match(/^\s+n\d+(?=[({[])/gm)).size).toBeLessThanOrEqual(40);
    }
  }, 60_000);
});
