import { Testing } from 'cdk8s';
import { FaultKind, HopTls, MeshModel, MeshRequest, MeshService, Outcome, RequestSource, RequestTrace, RouteDestination, VirtualService, Workload, WorkloadImage } from '../../lib';
import { deployment, istio, namespace, service, subsets } from './manifests';

const last = (t: RequestTrace) => t.hops[t.hops.length - 1];
const hello = RequestSource.workload('default/hello');
const legacy = RequestSource.pod('legacy');

/** hello (client) and world v1/v2 (server) in injected `default`; `extra` added. */
function mesh(...extra: any[]): MeshModel {
  return MeshModel.fromObjects([
    namespace('default'), namespace('legacy', false),
    service('hello', 'default', 8080), deployment('hello', 'default', 'v1', 'hello', 8080),
    service('world', 'default', 8080), deployment('world', 'default', 'v1', 'world', 8080), deployment('world', 'default', 'v2', 'world', 8080),
    ...extra,
  ]);
}
const toWorld = (m: MeshModel, r: Partial<MeshRequest> = {}) => m.request({ source: hello, host: 'world', ...r });
const route = (host: string, subset: string, extra: any = {}) => ({ route: [{ destination: { host, subset } }], ...extra });

describe('MeshModel routing', () => {
  test('no VirtualService: default routing to every pod of the Service, Istio\'s default retries', () => {
    const hop = last(toWorld(mesh()));
    expect([hop.outcome, hop.virtualService, hop.pods, hop.distribution.map(d => d.weight)]).toEqual([Outcome.OK, undefined, ['default/world-v1', 'default/world-v2'], [100]]);
    expect(hop.retries).toEqual({ attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', isDefault: true });
  });

  test('weights are a distribution over subsets, each alternative with its pods; the heaviest is followed', () => {
    const m = mesh(subsets('world', 'default', ['v1', 'v2']), istio('VirtualService', 'world', 'default', {
      hosts: ['world'], http: [{ route: [{ destination: { host: 'world', subset: 'v1' }, weight: 25 }, { destination: { host: 'world', subset: 'v2' }, weight: 75 }] }],
    }));
    const hop = last(toWorld(m));
    expect(hop.distribution.map(d => [d.destination.subset, d.weight, d.pods])).toEqual([['v1', 25, ['default/world-v1']], ['v2', 75, ['default/world-v2']]]);
    expect(hop.destination).toEqual({ host: 'world.default.svc.cluster.local', subset: 'v2', port: 8080 });
  });

  test('an exact VirtualService host wins over a wildcard, a longer wildcard over a shorter', () => {
    const wildcard = (name: string, host: string, subset: string) => istio('VirtualService', name, 'default', { hosts: [host], http: [route('world.default.svc.cluster.local', subset)] });
    const drs = subsets('world', 'default', ['v1', 'v2']);
    expect(last(toWorld(mesh(drs, wildcard('all', '*.svc.cluster.local', 'v1'), wildcard('ns', '*.default.svc.cluster.local', 'v2')))).virtualService).toBe('default/ns');
    expect(last(toWorld(mesh(drs, wildcard('ns', '*.default.svc.cluster.local', 'v2'), wildcard('exact', 'world', 'v1')))).virtualService).toBe('default/exact');
  });

  test('the first matching route wins, even when a later one matches better', () => {
    const m = mesh(subsets('world', 'default', ['v1', 'v2']), istio('VirtualService', 'world', 'default', {
      hosts: ['world'],
      http: [{ match: [{ uri: { prefix: '/api' } }], ...route('world', 'v1') }, { match: [{ uri: { exact: '/api/v2' } }], ...route('world', 'v2') }],
    }));
    const hop = last(toWorld(m, { path: '/api/v2' }));
    expect([hop.routeIndex, hop.destination?.subset]).toEqual([0, 'v1']);
  });

  test('matches: headers (case-insensitive names), regex, query, method, sourceLabels; no match is 404 for sidecars too', () => {
    const m = mesh(subsets('world', 'default', ['v1', 'v2']), istio('VirtualService', 'world', 'default', {
      hosts: ['world'],
      http: [
        { match: [{ headers: { 'x-user': { regex: 'j.*n' } }, queryParams: { beta: { exact: '1' } } }], ...route('world', 'v2') },
        { match: [{ method: { exact: 'GET' }, sourceLabels: { app: 'hello' } }], ...route('world', 'v1') },
      ],
    }));
    expect(last(toWorld(m, { headers: { 'X-User': 'john' }, path: '/?beta=1' })).routeIndex).toBe(0);
    expect(last(toWorld(m, { headers: { 'X-User': 'john' } })).routeIndex).toBe(1);
    const post = toWorld(m, { method: 'POST' });
    expect([post.outcome, post.status, post.reason]).toEqual([Outcome.NOT_FOUND, 404, 'default/hello-v1 → world.default.svc.cluster.local: 404: no route of VirtualService default/world matches POST /']);
  });

  test('a subset no DestinationRule defines, a subset without pods and an unknown destination host give 503', () => {
    const vs = (dest: any) => istio('VirtualService', 'world', 'default', { hosts: ['world'], http: [{ route: [{ destination: dest }] }] });
    const missing = toWorld(mesh(subsets('world', 'default', ['v1']), vs({ host: 'world', subset: 'v3' })));
    expect([missing.outcome, missing.status, missing.reason]).toEqual([Outcome.UNAVAILABLE, 503, 'default/hello-v1 → default/world: 503: DestinationRule default/world defines no subset v3']);
    expect(toWorld(mesh(vs({ host: 'world', subset: 'v1' }))).reason).toMatch(/503: no DestinationRule for world.default.svc.cluster.local defines subset v1/);
    expect(toWorld(mesh(subsets('world', 'default', ['v1', 'v9']), vs({ host: 'world', subset: 'v9' }))).reason).toMatch(/503: no healthy upstream: subset v9 of Service default\/world selects no pods/);
    const scaledDown = deployment('world', 'default', 'v9', 'world', 8080);
    scaledDown.spec.replicas = 0;
    expect(toWorld(mesh(subsets('world', 'default', ['v9']), scaledDown, vs({ host: 'world', subset: 'v9' }))).reason).toMatch(/503: no healthy upstream: subset v9/);
    expect(toWorld(mesh(vs({ host: 'nowhere' }))).reason).toMatch(/503: destination host nowhere.default.svc.cluster.local is neither a Service nor a ServiceEntry host/);
    const external = MeshModel.fromObjects([namespace('default'), service('hello', 'default', 8080), deployment('hello', 'default', 'v1', 'hello', 8080), vs({ host: 'payments.billing.svc.cluster.local' })],
      { externalHosts: ['payments.billing.svc.cluster.local'] });
    expect(external.request({ source: hello, host: 'world' }).outcome).toBe(Outcome.UNKNOWN);
  });

  test('a client without a sidecar is routed by Kubernetes: no VirtualService applies', () => {
    const m = mesh(subsets('world', 'default', ['v1', 'v2']), istio('VirtualService', 'world', 'default', { hosts: ['world'], http: [route('world', 'v2')] }));
    const hop = last(m.request({ source: legacy, host: 'world.default' }));
    expect([hop.virtualService, hop.pods, hop.tls]).toEqual([undefined, ['default/world-v1', 'default/world-v2'], HopTls.PLAIN_TEXT]);
  });

  test('timeouts, retries and faults of the route are recorded on the hop; a partial abort lets the request on', () => {
    const m = mesh(subsets('world', 'default', ['v1']), istio('VirtualService', 'world', 'default', {
      hosts: ['world'],
      http: [route('world', 'v1', { timeout: '3s', retries: { attempts: 4, perTryTimeout: '1s', retryOn: '5xx' }, fault: { abort: { httpStatus: 503, percentage: { value: 10 } }, delay: { fixedDelay: '1s' } } })],
    }));
    const trace = toWorld(m);
    expect([trace.outcome, last(trace).timeout, last(trace).retries, last(trace).faults]).toEqual([Outcome.OK, '3s',
      { attempts: 4, perTryTimeout: '1s', retryOn: '5xx', isDefault: false },
      [{ kind: FaultKind.DELAY, percentage: 100, fixedDelay: '1s' }, { kind: FaultKind.ABORT, percentage: 10, httpStatus: 503 }]]);
  });

  test('direct responses, redirects and delegates', () => {
    const vs = (http: any) => mesh(istio('VirtualService', 'world', 'default', { hosts: ['world'], http: [http] }));
    expect([toWorld(vs({ directResponse: { status: 403 } })).outcome, toWorld(vs({ directResponse: { status: 403 } })).status]).toEqual([Outcome.DENIED, 403]);
    expect(toWorld(vs({ redirect: { uri: '/v2' } })).status).toBe(301);
    const delegated = toWorld(vs({ delegate: { name: 'world-v1' } }));
    expect([delegated.outcome, delegated.reason]).toEqual([Outcome.UNKNOWN, 'default/hello-v1 → world.default.svc.cluster.local: route 0 delegates to another VirtualService (not modelled)']);
  });

  test('ingress: no server on the port is refused; a host no server lists, or no bound VirtualService, is 404', () => {
    const gw = (hosts: string[]) => istio('Gateway', 'gw', 'default', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts }] });
    const bound = istio('VirtualService', 'world', 'default', { hosts: ['world.example.com'], gateways: ['gw'], http: [{ route: [{ destination: { host: 'world' } }] }] });
    const ingress = RequestSource.ingressGateway();
    const m = mesh(gw(['world.example.com', 'other.example.com']), bound);
    expect(m.request({ source: ingress, host: 'world.example.com', port: 443 }).outcome).toBe(Outcome.REFUSED);
    expect(m.request({ source: ingress, host: 'nope.example.com' }).reason).toMatch(/404: no server on port 80 of Gateway default\/gw lists host nope.example.com/);
    expect(m.request({ source: ingress, host: 'other.example.com' }).reason).toMatch(/404: no VirtualService bound to Gateway default\/gw routes host other.example.com/);
    const ok = m.request({ source: ingress, host: 'world.example.com' });
    expect([ok.outcome, ok.hops.map(h => h.client), last(ok).listener]).toEqual([Outcome.OK, ['outside', 'ingress gateway istio-system/istio-ingressgateway'], 'Gateway default/gw server http (HTTP 80)']);
    // `ns/host` on the server: only VirtualServices of that namespace bind
    expect(mesh(gw(['other/world.example.com']), bound).request({ source: ingress, host: 'world.example.com' }).outcome).toBe(Outcome.NOT_FOUND);
    const redirect = mesh(istio('Gateway', 'gw', 'default', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], tls: { httpsRedirect: true } }] }), bound)
      .request({ source: ingress, host: 'world.example.com' });
    expect([redirect.outcome, redirect.status]).toEqual([Outcome.OK, 301]);
    // a VirtualService exported only to its own namespace is invisible to the gateway pods in istio-system
    const privateVs = istio('VirtualService', 'world', 'default', { hosts: ['world.example.com'], gateways: ['gw'], exportTo: ['.'], http: [{ route: [{ destination: { host: 'world' } }] }] });
    expect(mesh(gw(['world.example.com']), privateVs).request({ source: ingress, host: 'world.example.com' }).outcome).toBe(Outcome.NOT_FOUND);
    // a VirtualService not bound to the gateway is for sidecars only
    expect(mesh(gw(['*']), istio('VirtualService', 'world', 'default', { hosts: ['world.example.com'], http: [] })).request({ source: ingress, host: 'world.example.com' }).outcome).toBe(Outcome.NOT_FOUND);
  });

  test('ingress: gateway pods in the set are the ones the Gateway selects, with their own identity', () => {
    const gwPod = deployment('my-gateway', 'gateways', 'v1', 'my-gateway-sa', 8080);
    gwPod.spec.template.metadata.labels.istio = 'my-gateway';
    const m = mesh(namespace('gateways'), gwPod,
      istio('Gateway', 'gw', 'default', { selector: { istio: 'my-gateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
      istio('VirtualService', 'world', 'default', { hosts: ['*'], gateways: ['gw'], http: [{ route: [{ destination: { host: 'world' } }] }] }),
      istio('AuthorizationPolicy', 'from-gateway', 'default', { selector: { matchLabels: { app: 'world' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/gateways/sa/my-gateway-sa'] } }] }] }));
    expect(m.request({ source: RequestSource.ingressGateway(), host: 'world.example.com' }).outcome).toBe(Outcome.REFUSED);
    const trace = m.request({ source: RequestSource.ingressGateway({ namespace: 'gateways', labels: { istio: 'my-gateway' } }), host: 'world.example.com' });
    expect([trace.outcome, trace.hops.map(h => h.client)]).toEqual([Outcome.OK, ['outside', 'ingress gateway gateways/my-gateway-v1']]);
  });

  test('MeshModel.of reads a chart built with the constructs without running its validations', () => {
    const chart = Testing.chart();
    const world = new MeshService(chart, 'World', { name: 'world' });
    new MeshService(chart, 'Hello', { name: 'hello' });
    new Workload(chart, 'WorldV1', { service: world, version: 'v1', image: WorkloadImage.httpEcho() });
    new VirtualService(chart, 'Route', { hosts: ['world'], http: [{ destinations: [RouteDestination.to(world, { subset: 'v2' })] }] });
    const trace = MeshModel.of(chart).request({ source: RequestSource.pod('default', { sidecar: true }), host: 'world' });
    expect([trace.outcome, trace.reason]).toEqual([Outcome.UNAVAILABLE, 'pod default/default → default/world: 503: no DestinationRule for world.default.svc.cluster.local defines subset v2']);
    const direct = MeshModel.of(chart).request({ source: RequestSource.pod('default', { sidecar: true }), host: 'world', path: '/other' });
    expect(direct.outcome).toBe(Outcome.UNAVAILABLE);
    const plain = MeshModel.of(chart).request({ source: RequestSource.outside(), host: 'world.default' });
    expect([plain.outcome, plain.notes]).toEqual([Outcome.OK, ['namespace default has no Namespace object in the set: the model assumes its pods (default/world-v1) have sidecars']]);
  });
});

describe('MeshModel TCP ports (protocol selection)', () => {
  // db: a Service whose port is declared TCP by its name, as Istio's protocol selection reads it.
  function tcpMesh(...extra: any[]): MeshModel {
    return MeshModel.fromObjects([
      namespace('default'), service('hello', 'default', 8080), deployment('hello', 'default', 'v1', 'hello', 8080),
      service('db', 'default', 5432, 'tcp-postgres'), deployment('db', 'default', 'v1', 'db', 5432), ...extra,
    ]);
  }
  const toDb = (m: MeshModel) => m.request({ source: hello, host: 'db' });
  const ap = (name: string, spec: any) => istio('AuthorizationPolicy', name, 'default', { selector: { matchLabels: { app: 'db' } }, ...spec });

  test('http routes do not apply to a TCP port: default routing; tcp routes are not modelled (unknown)', () => {
    const httpOnly = istio('VirtualService', 'db', 'default', { hosts: ['db'], http: [{ match: [{ uri: { prefix: '/x' } }], route: [{ destination: { host: 'db' } }] }] });
    const routed = toDb(tcpMesh(httpOnly));
    expect([routed.outcome, routed.hops[0].match]).toEqual([Outcome.OK, expect.stringMatching(/port 5432 of db\.default\.svc\.cluster\.local is TCP \(tcp-postgres\) and VirtualService default\/db has no tcp routes/)]);
    const tcp = istio('VirtualService', 'db', 'default', { hosts: ['db'], tcp: [{ route: [{ destination: { host: 'db' } }] }] });
    expect(toDb(tcpMesh(tcp)).outcome).toBe(Outcome.UNKNOWN);
  });

  test('an ALLOW rule with HTTP-only fields matches nothing on a TCP port; one on principals still admits', () => {
    const helloPrincipal = 'cluster.local/ns/default/sa/hello';
    const withPaths = toDb(tcpMesh(ap('db-paths', { rules: [{ from: [{ source: { principals: [helloPrincipal] } }], to: [{ operation: { paths: ['/'] } }] }] })));
    expect([withPaths.outcome, withPaths.notes]).toEqual([Outcome.DENIED, expect.arrayContaining(['AuthorizationPolicy default/db-paths has HTTP-only fields (paths) on TCP port 5432: that rule matches nothing'])]);
    expect(toDb(tcpMesh(ap('db-principals', { rules: [{ from: [{ source: { principals: [helloPrincipal] } }] }] }))).outcome).toBe(Outcome.OK);
    expect(toDb(tcpMesh(ap('db-deny-get', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }))).outcome).toBe(Outcome.UNKNOWN);
  });
});

describe('MeshModel mTLS', () => {
  const pa = (name: string, ns: string, spec: any) => istio('PeerAuthentication', name, ns, spec);

  test('PeerAuthentication precedence: workload over namespace over mesh; UNSET inherits', () => {
    const strictMesh = pa('default', 'istio-system', { mtls: { mode: 'STRICT' } });
    expect(mesh(strictMesh).request({ source: legacy, host: 'world.default' }).outcome).toBe(Outcome.REFUSED);
    const permissiveNs = pa('default', 'default', { mtls: { mode: 'PERMISSIVE' } });
    expect(mesh(strictMesh, permissiveNs).request({ source: legacy, host: 'world.default' }).outcome).toBe(Outcome.OK);
    const strictWorkload = pa('world', 'default', { selector: { matchLabels: { app: 'world' } }, mtls: { mode: 'STRICT' } });
    const trace = mesh(strictMesh, permissiveNs, strictWorkload).request({ source: legacy, host: 'world.default' });
    expect([trace.outcome, last(trace).tlsReason]).toEqual([Outcome.REFUSED, 'pod legacy/default has no sidecar; server mode STRICT (PeerAuthentication default/world)']);
    const unset = pa('world', 'default', { selector: { matchLabels: { app: 'world' } }, mtls: { mode: 'UNSET' } });
    expect(mesh(strictMesh, permissiveNs, unset).request({ source: legacy, host: 'world.default' }).outcome).toBe(Outcome.OK);
    // a PeerAuthentication with a selector in the root namespace is not a workload policy for other namespaces
    const rootSelector = pa('world', 'istio-system', { selector: { matchLabels: { app: 'world' } }, mtls: { mode: 'STRICT' } });
    expect(mesh(rootSelector).request({ source: legacy, host: 'world.default' }).outcome).toBe(Outcome.OK);
  });

  test('portLevelMtls applies to the container port of a workload policy', () => {
    const m = (port: number) => mesh(pa('default', 'istio-system', { mtls: { mode: 'STRICT' } }),
      pa('world', 'default', { selector: { matchLabels: { app: 'world' } }, portLevelMtls: { [port]: { mode: 'PERMISSIVE' } } }));
    const open = m(8080).request({ source: legacy, host: 'world.default' });
    expect([open.outcome, last(open).tlsReason]).toEqual([Outcome.OK, 'pod legacy/default has no sidecar; server mode PERMISSIVE (PeerAuthentication default/world portLevelMtls 8080)']);
    expect(m(9090).request({ source: legacy, host: 'world.default' }).outcome).toBe(Outcome.REFUSED);
  });

  test('auto mTLS: mutual between sidecars, plain text to a DISABLE server; DestinationRule tls overrides', () => {
    expect(last(toWorld(mesh())).tls).toBe(HopTls.MUTUAL);
    const disabled = last(toWorld(mesh(pa('default', 'default', { mtls: { mode: 'DISABLE' } }))));
    expect([disabled.tls, disabled.tlsReason]).toEqual([HopTls.PLAIN_TEXT, 'auto mTLS: the server\'s mode is DISABLE; server mode DISABLE (PeerAuthentication default/default)']);
    const drDisable = istio('DestinationRule', 'world', 'default', { host: 'world', trafficPolicy: { tls: { mode: 'DISABLE' } } });
    // The server resets the plain-text connection; the client's sidecar answers 503.
    const refused = toWorld(mesh(drDisable, pa('default', 'default', { mtls: { mode: 'STRICT' } })));
    expect([refused.outcome, refused.status, last(refused).tls]).toEqual([Outcome.UNAVAILABLE, 503, HopTls.REFUSED]);
    const drMutual = istio('DestinationRule', 'world', 'default', { host: 'world', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
    const mismatch = toWorld(mesh(drMutual, pa('default', 'default', { mtls: { mode: 'DISABLE' } })));
    expect([mismatch.outcome, mismatch.status]).toEqual([Outcome.UNAVAILABLE, 503]);
  });

  test('ISTIO_MUTUAL to a pod without a sidecar fails with 503; plain text reaches it and nothing is enforced', () => {
    const objects = [
      namespace('default'), namespace('legacy', false), service('hello', 'default', 8080), deployment('hello', 'default', 'v1', 'hello', 8080),
      service('end', 'legacy', 8080), deployment('end', 'legacy', 'v1', 'end', 8080),
      istio('AuthorizationPolicy', 'allow-nothing', 'legacy', {}),
    ];
    const mutual = MeshModel.fromObjects([...objects, istio('DestinationRule', 'end', 'legacy', { host: 'end', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } })]);
    expect(mutual.request({ source: hello, host: 'end.legacy' }).outcome).toBe(Outcome.UNAVAILABLE);
    const plain = MeshModel.fromObjects(objects).request({ source: hello, host: 'end.legacy' });
    expect([plain.outcome, last(plain).tls, plain.notes]).toEqual([Outcome.OK, HopTls.PLAIN_TEXT, ['legacy/end-v1 has no sidecar: AuthorizationPolicy legacy/allow-nothing not enforced']]);
  });

  test('sidecars follow the injection labels: a pod label opts out of an injected namespace, or into a plain one', () => {
    const optedOut = deployment('world', 'default', 'v3', 'world', 8080);
    optedOut.spec.template.metadata.labels['sidecar.istio.io/inject'] = 'false';
    const strict = istio('PeerAuthentication', 'default', 'istio-system', { mtls: { mode: 'STRICT' } });
    const hop = last(toWorld(mesh(strict, optedOut, subsets('world', 'default', ['v3']), istio('VirtualService', 'world', 'default', { hosts: ['world'], http: [route('world', 'v3')] }))));
    expect([hop.outcome, hop.tls, hop.tlsReason]).toEqual([Outcome.OK, HopTls.PLAIN_TEXT, 'auto mTLS: the server has no sidecar; default/world-v3 has no sidecar']);
    const unlabelled = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'plain' } };
    const optedIn = deployment('client', 'plain', 'v1', 'client', 80);
    optedIn.spec.template.metadata.labels['sidecar.istio.io/inject'] = 'true';
    const trace = mesh(strict, unlabelled, optedIn).request({ source: RequestSource.workload('plain/client-v1'), host: 'world.default' });
    expect([trace.outcome, last(trace).tls]).toEqual([Outcome.OK, HopTls.MUTUAL]);
    expect(mesh(strict, unlabelled, deployment('other', 'plain', 'v1')).request({ source: RequestSource.workload('plain/other-v1'), host: 'world.default' }).outcome).toBe(Outcome.REFUSED);
    // an installation that injects every namespace without a label
    const everywhere = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'istio', namespace: 'istio-system' }, spec: { values: { sidecarInjectorWebhook: { enableNamespacesByDefault: true } } } };
    expect(mesh(strict, unlabelled, everywhere, deployment('other', 'plain', 'v1')).request({ source: RequestSource.workload('plain/other-v1'), host: 'world.default' }).outcome).toBe(Outcome.OK);
    // istio-injection=disabled wins over the pod's opt-in
    const disabled = deployment('client', 'legacy', 'v1', 'client', 80);
    disabled.spec.template.metadata.labels['sidecar.istio.io/inject'] = 'true';
    expect(mesh(strict, disabled).request({ source: RequestSource.workload('legacy/client-v1'), host: 'world.default' }).outcome).toBe(Outcome.REFUSED);
  });

  test('a DestinationRule in the client\'s namespace wins over one in the service\'s', () => {
    const own = istio('DestinationRule', 'world-from-legacy', 'other', { host: 'world.default.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } });
    const m = mesh(namespace('other'), service('client', 'other', 80), deployment('client', 'other', 'v1', 'client', 80), own,
      istio('DestinationRule', 'world', 'default', { host: 'world', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }));
    expect(last(m.request({ source: RequestSource.workload('other/client'), host: 'world.default' })).tlsReason).toMatch(/^DestinationRule other\/world-from-legacy sets tls mode DISABLE/);
    expect(last(toWorld(m)).tlsReason).toMatch(/^DestinationRule default\/world sets tls mode ISTIO_MUTUAL/);
  });
});

describe('MeshModel authorization', () => {
  const ap = (name: string, ns: string, spec: any) => istio('AuthorizationPolicy', name, ns, spec);
  const from = (...principals: string[]) => ({ from: [{ source: { principals } }] });
  const helloPrincipal = 'cluster.local/ns/default/sa/hello';
  const onWorld = { selector: { matchLabels: { app: 'world' } } };

  test('DENY wins over ALLOW; the deciding policy is named', () => {
    const m = mesh(ap('allow', 'default', { ...onWorld, rules: [from(helloPrincipal)] }), ap('deny', 'default', { ...onWorld, action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] }));
    expect(toWorld(m).outcome).toBe(Outcome.OK);
    const denied = toWorld(m, { path: '/admin/users' });
    expect([denied.outcome, last(denied).decidingPolicy, last(denied).authorization]).toEqual([Outcome.DENIED, 'default/deny', 'denied by DENY AuthorizationPolicy default/deny']);
  });

  test('a rule hanging on a field the model does not evaluate (ipBlocks, an unknown when key) gives an unknown outcome, never a guess', () => {
    const byIp = { from: [{ source: { ipBlocks: ['10.9.9.9/32'] } }] };
    const allowByIp = toWorld(mesh(ap('allow-ip', 'default', { ...onWorld, rules: [byIp] })));
    expect([allowByIp.outcome, last(allowByIp).decidingPolicy]).toEqual([Outcome.UNKNOWN, 'default/allow-ip']);
    expect(allowByIp.notes).toContain('not modelled: source.ipBlocks of AuthorizationPolicy default/allow-ip depends on pod addresses, which the model does not know (the outcome is unknown where it decides)');
    expect(toWorld(mesh(ap('deny-ip', 'default', { ...onWorld, action: 'DENY', rules: [byIp] }))).outcome).toBe(Outcome.UNKNOWN);
    // Where what the model evaluates already decides, the unevaluated field does not matter.
    const denyPostByIp = ap('deny-ip-post', 'default', { ...onWorld, action: 'DENY', rules: [{ ...byIp, to: [{ operation: { methods: ['POST'] } }] }] });
    expect(toWorld(mesh(denyPostByIp)).outcome).toBe(Outcome.OK);
    const allowBoth = toWorld(mesh(ap('allow-ip', 'default', { ...onWorld, rules: [byIp, from(helloPrincipal)] })));
    expect([allowBoth.outcome, last(allowBoth).decidingPolicy]).toEqual([Outcome.OK, 'default/allow-ip']);
    const when = ap('when-ip', 'default', { ...onWorld, rules: [{ when: [{ key: 'source.ip', values: ['10.0.0.1'] }] }] });
    expect(toWorld(mesh(when)).outcome).toBe(Outcome.UNKNOWN);
  });

  test('ALLOW policies add up; allow-nothing (spec: {}) alone denies everything', () => {
    const m = mesh(namespace('other'), service('client', 'other', 80), deployment('client', 'other', 'v1', 'client', 80),
      ap('allow-nothing', 'default', {}), ap('hello', 'default', { ...onWorld, rules: [from(helloPrincipal)] }),
      ap('other', 'default', { ...onWorld, rules: [{ from: [{ source: { namespaces: ['other'] } }] }] }));
    expect(toWorld(m).outcome).toBe(Outcome.OK);
    expect(m.request({ source: RequestSource.workload('other/client'), host: 'world.default' }).outcome).toBe(Outcome.OK);
    expect(m.request({ source: hello, host: 'hello' }).outcome).toBe(Outcome.DENIED);
  });

  test('a selector-less policy covers its namespace; one in the root namespace covers the mesh (with a selector: matching pods anywhere)', () => {
    expect(toWorld(mesh(ap('deny-all', 'default', { action: 'DENY', rules: [{}] }))).outcome).toBe(Outcome.DENIED);
    expect(toWorld(mesh(ap('deny-all', 'other', { action: 'DENY', rules: [{}] }))).outcome).toBe(Outcome.OK);
    const root = toWorld(mesh(ap('deny-all', 'istio-system', { action: 'DENY', rules: [{}] })));
    expect([root.outcome, last(root).decidingPolicy]).toEqual([Outcome.DENIED, 'istio-system/deny-all']);
    expect(toWorld(mesh(ap('deny-world', 'istio-system', { ...onWorld, action: 'DENY', rules: [{}] }))).outcome).toBe(Outcome.DENIED);
    expect(mesh(ap('deny-world', 'istio-system', { ...onWorld, action: 'DENY', rules: [{}] })).request({ source: hello, host: 'hello' }).outcome).toBe(Outcome.OK);
  });

  test('peer principals and namespaces need mTLS; notPrincipals matches a plain-text caller', () => {
    const m = mesh(ap('allow', 'default', { ...onWorld, rules: [from('*')] }));
    expect(toWorld(m).outcome).toBe(Outcome.OK);
    expect(m.request({ source: legacy, host: 'world.default' }).outcome).toBe(Outcome.DENIED);
    const deny = mesh(ap('deny', 'default', { ...onWorld, action: 'DENY', rules: [{ from: [{ source: { notPrincipals: [helloPrincipal] } }] }] }));
    expect([toWorld(deny).outcome, deny.request({ source: legacy, host: 'world.default' }).outcome]).toEqual([Outcome.OK, Outcome.DENIED]);
  });

  test('operations: methods, paths with templates, notPaths, ports (the container port), hosts; serviceAccounts', () => {
    const allow = (operation: any, source: any = { serviceAccounts: ['default/hello'] }) =>
      mesh(ap('allow', 'default', { ...onWorld, rules: [{ from: [{ source }], to: [{ operation }] }] }));
    expect(toWorld(allow({ methods: ['GET'], paths: ['/users/{*}/profile'] }), { path: '/users/7/profile' }).outcome).toBe(Outcome.OK);
    expect(toWorld(allow({ paths: ['/users/{*}/profile'] }), { path: '/users/7/8/profile' }).outcome).toBe(Outcome.DENIED);
    expect(toWorld(allow({ paths: ['/api/{**}'] }), { path: '/api/a/b' }).outcome).toBe(Outcome.OK);
    expect(toWorld(allow({ notPaths: ['/private*'] }), { path: '/private/x' }).outcome).toBe(Outcome.DENIED);
    expect(toWorld(allow({ ports: ['8080'] })).outcome).toBe(Outcome.OK);
    expect(toWorld(allow({ ports: ['9090'] })).outcome).toBe(Outcome.DENIED);
    expect(toWorld(allow({ hosts: ['WORLD'] })).outcome).toBe(Outcome.OK);
    expect(toWorld(allow({ methods: ['GET'] }, { serviceAccounts: ['default/other'] })).outcome).toBe(Outcome.DENIED);
  });

  test('when: request.auth.claims[...] (nested too), request.headers[...], notValues', () => {
    const ra = istio('RequestAuthentication', 'jwt', 'default', { ...onWorld, jwtRules: [{ issuer: 'https://issuer', jwksUri: 'https://issuer/jwks' }] });
    const allow = (when: any[]) => mesh(ra, ap('allow', 'default', { ...onWorld, rules: [{ when }] }));
    const token = (claims: Record<string, string[]>) => ({ issuer: 'https://issuer', subject: 'alice', claims });
    expect(toWorld(allow([{ key: 'request.auth.claims[groups]', values: ['admins'] }]), { token: token({ groups: ['users', 'admins'] }) }).outcome).toBe(Outcome.OK);
    expect(toWorld(allow([{ key: 'request.auth.claims[groups]', values: ['admins'] }]), { token: token({ groups: ['users'] }) }).outcome).toBe(Outcome.DENIED);
    expect(toWorld(allow([{ key: 'request.auth.claims[realm][role]', values: ['ops'] }]), { token: token({ 'realm.role': ['ops'] }) }).outcome).toBe(Outcome.OK);
    expect(toWorld(allow([{ key: 'request.headers[x-team]', notValues: ['blue'] }]), { headers: { 'X-Team': 'blue' } }).outcome).toBe(Outcome.DENIED);
    expect(toWorld(allow([{ key: 'request.auth.principal', values: ['https://issuer/alice'] }]), { token: token({}) }).outcome).toBe(Outcome.OK);
  });

  test('CUSTOM hands the decision to its provider (unknown); AUDIT decides nothing', () => {
    const custom = toWorld(mesh(ap('ext', 'default', { ...onWorld, action: 'CUSTOM', provider: { name: 'oauth2-proxy' }, rules: [{}] })));
    expect([custom.outcome, custom.reason]).toEqual([Outcome.UNKNOWN, 'default/hello-v1 → default/world-v1: CUSTOM AuthorizationPolicy default/ext sends it to extension provider oauth2-proxy, which decides (not modelled)']);
    const customThenDeny = mesh(ap('ext', 'default', { ...onWorld, action: 'CUSTOM', provider: { name: 'x' }, rules: [{}] }), ap('deny', 'default', { ...onWorld, action: 'DENY', rules: [{}] }));
    expect(toWorld(customThenDeny).outcome).toBe(Outcome.DENIED);
    const audit = toWorld(mesh(ap('audit', 'default', { ...onWorld, action: 'AUDIT', rules: [{}] })));
    expect([audit.outcome, audit.notes]).toEqual([Outcome.OK, ['AuthorizationPolicy default/audit is AUDIT: it only logs']]);
  });
});

describe('MeshModel RequestAuthentication', () => {
  const ra = (ns: string, rule: any, selector = true) => istio('RequestAuthentication', 'jwt', ns, { ...(selector ? { selector: { matchLabels: { app: 'world' } } } : {}), jwtRules: [rule] });
  const token = { issuer: 'https://issuer', subject: 'alice', audiences: ['shop'] };

  test('an invalid token, an unknown issuer or a wrong audience get 401; no token passes', () => {
    const m = mesh(ra('default', { issuer: 'https://issuer', audiences: ['shop'] }));
    expect(toWorld(m, { token }).outcome).toBe(Outcome.OK);
    expect(toWorld(m).outcome).toBe(Outcome.OK);
    const invalid = toWorld(m, { token: { ...token, valid: false } });
    expect([invalid.outcome, invalid.status, last(invalid).authentication]).toEqual([Outcome.UNAUTHENTICATED, 401, '401: invalid token (issuer https://issuer) rejected by RequestAuthentication default/jwt']);
    expect(toWorld(m, { token: { ...token, issuer: 'https://other' } }).outcome).toBe(Outcome.UNAUTHENTICATED);
    expect(toWorld(m, { token: { ...token, audiences: ['billing'] } }).outcome).toBe(Outcome.UNAUTHENTICATED);
  });

  test('a token the gateway verified goes on upstream only with forwardOriginalToken', () => {
    const objects = (forward: boolean) => mesh(
      istio('Gateway', 'gw', 'default', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
      istio('VirtualService', 'world', 'default', { hosts: ['*'], gateways: ['gw'], http: [{ route: [{ destination: { host: 'world' } }] }] }),
      istio('RequestAuthentication', 'at-gateway', 'istio-system', { selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [{ issuer: 'https://issuer', ...(forward ? { forwardOriginalToken: true } : {}) }] }),
      ra('default', { issuer: 'https://issuer' }),
      istio('AuthorizationPolicy', 'require-token', 'default', { selector: { matchLabels: { app: 'world' } }, rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] }),
    );
    const stripped = objects(false).request({ source: RequestSource.ingressGateway(), host: 'world.example.com', token });
    expect([stripped.outcome, stripped.notes]).toEqual([Outcome.DENIED, [
      'assumed: the token\'s signature is valid; istiod fetches RequestAuthentication istio-system/at-gateway\'s key set by OpenID discovery of issuer https://issuer, which is outside the set: if it cannot, or the keys differ, every token gets 401',
      'the ingress gateway\'s RequestAuthentication removes the token before forwarding (forwardOriginalToken is not set)',
    ]]);
    expect(objects(true).request({ source: RequestSource.ingressGateway(), host: 'world.example.com', token }).outcome).toBe(Outcome.OK);
  });

  test('a RequestAuthentication in the root namespace covers the mesh', () => {
    const m = mesh(ra('istio-system', { issuer: 'https://issuer' }, false));
    expect(m.request({ source: hello, host: 'hello', token: { ...token, valid: false } }).outcome).toBe(Outcome.UNAUTHENTICATED);
  });
});

describe('MeshModel bad input and what it does not model', () => {
  test('fails naming a workload that is not in the set, and lists what is', () => {
    expect(() => mesh().request({ source: RequestSource.workload('default/wrold'), host: 'world' }))
      .toThrow("MeshModel.request: 'source' must name a Service with pods or a workload of the set as namespace/name, got \"default/wrold\"; the set has: default/hello, default/world, default/hello-v1, default/world-v1, default/world-v2");
  });

  test('fails naming a cluster host that is not in the set, and lists what is', () => {
    expect(() => mesh().request({ source: hello, host: 'wrold' }))
      .toThrow("MeshModel.request: 'host' must be a Service, ServiceEntry or VirtualService host of the set, or a host outside the cluster, got \"wrold\" (wrold.default.svc.cluster.local); the set has: hello.default.svc.cluster.local, world.default.svc.cluster.local");
  });

  test('fails on a port the Service does not have, and on a source that is not a RequestSource', () => {
    expect(() => toWorld(mesh(), { port: 80 })).toThrow("MeshModel.request: 'port' must be a port of Service default/world (8080), got 80 for host world.default.svc.cluster.local");
    expect(() => mesh().request({ source: 'default/hello' as any, host: 'world' })).toThrow(/^MeshModel.request: 'source' must be a RequestSource/);
    expect(() => mesh().request({ source: hello, host: ' ' })).toThrow(/^MeshModel.request: 'host' must be a host name/);
  });

  test('objects it does not model leave a note in the traces that pass their namespace, and never a crash', () => {
    const m = mesh(
      { apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: { name: 'lua', namespace: 'default' }, spec: {} },
      { apiVersion: 'extensions.istio.io/v1alpha1', kind: 'WasmPlugin', metadata: { name: 'auth', namespace: 'elsewhere' } },
      { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'istio-system' }, spec: { egress: [{ hosts: ['./*'] }] } },
      { kind: 'Mystery' }, null, 42,
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'waypoint', namespace: 'default' }, spec: { gatewayClassName: 'istio-waypoint' } }, { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' } }] },
      istio('AuthorizationPolicy', 'gw', 'default', { targetRefs: [{ kind: 'Gateway', name: 'x' }], action: 'DENY', rules: [{}] }),
      istio('VirtualService', 'world', 'default', { hosts: ['world'], http: [{ match: [{ uri: { prefix: '/' }, futureField: 1 }], route: [{ destination: { host: 'world' } }], mirror: { host: 'hello' } }] }),
    );
    const trace = toWorld(m);
    expect(trace.outcome).toBe(Outcome.OK);
    expect(trace.notes).toEqual([
      'not modelled: spec.http[0].match.futureField of VirtualService default/world (ignored)',
      "spec.http[0] of VirtualService default/world mirrors the requests to hello: the copies' answers are discarded (the response is unchanged); the copies are not traced",
      'not modelled: AuthorizationPolicy default/gw spec.targetRef(s) may change this',
      'not modelled: EnvoyFilter default/lua may change this',
      'not modelled: Sidecar istio-system/default may change this',
      'not modelled: Mystery default/<unnamed> may change this',
      'not modelled: ConfigMap istio-system/istio may change this',
    ]);
    expect(m.notModelled()).toContain('not modelled: WasmPlugin elsewhere/auth may change this');
  });
});
