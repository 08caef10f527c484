import { Duration, Testing } from 'cdk8s';
import { AuthorizationScenario } from '../../apps/scenarios/authorization';
import { Caller, CanaryRoute, ExternalProtocol, ExternalService, HelloWorldMesh, MeshModel, Outcome, RequestSource, RouteDestination, VirtualService, Workload, WorkloadImage } from '../../lib';
import { expectRequest, RequestExpectation } from '../../lib/testing';

/** hello → world → world-2 (STRICT), hello v1/v2 at 80/20 on hello.example.com, and an external host. */
function chart() {
  const c = Testing.chart();
  const mesh = new HelloWorldMesh(c, 'HelloWorld', { exposeHello: false });
  const helloV2 = new Workload(c, 'HelloV2', { service: mesh.hello, version: 'v2', image: WorkloadImage.httpEcho() });
  new CanaryRoute(c, 'Canary', { service: mesh.hello, weights: { v1: 80, v2: 20 }, gateway: mesh.gateway, hosts: ['hello.example.com'] });
  new VirtualService(c, 'WorldRetries', {
    hosts: [mesh.world.fqdn],
    http: [{ destinations: [RouteDestination.to(mesh.world)], timeout: Duration.seconds(10), retries: { attempts: 3, perTryTimeout: Duration.millis(2500) } }],
  });
  const external = new ExternalService(c, 'Ifconfig', { hosts: ['ifconfig.co'], ports: [{ number: 80, protocol: ExternalProtocol.HTTP }] });
  return { c, mesh, helloV2, external };
}

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('did not throw');
};

describe('expectRequest', () => {
  test('passes on what the model says and chains', () => {
    const { c, mesh, helloV2 } = chart();
    const gw = expectRequest(c, { from: 'ingress', host: 'hello.example.com' });
    expect(gw).toBeInstanceOf(RequestExpectation);
    expect(gw.toBeAllowed().toSplit({ v1: 80, v2: 20 }).toReach(mesh.hello, { subset: 'v1', port: 8080 }).toReach(mesh.helloV1).toUseMtls()).toBe(gw);
    expect(gw.trace.outcome).toBe(Outcome.OK);
    expectRequest(c, { from: mesh.gateway, host: 'hello.example.com' }).toReach('hello').toReach('default/hello-v1');
    expectRequest(c, { from: helloV2, host: 'world' }).toBeAllowed().toReach(mesh.world).toRetry({ attempts: 3, perTryTimeout: Duration.millis(2500), timeout: Duration.seconds(10), retryOn: 'gateway-error,connect-failure,refused-stream' });
    expectRequest(c, { from: mesh.hello, host: 'ifconfig.co' }).toReach('ifconfig.co').toReach(chart().external);
  });

  test('takes manifest objects and a MeshModel as well as a chart', () => {
    const { c } = chart();
    expectRequest(Testing.synth(c), { from: 'default/hello', host: 'world' }).toBeAllowed();
    const model = MeshModel.of(c);
    expectRequest(model, { from: 'hello-v2', host: 'world' }).toBeAllowed();
    expectRequest(model, { from: RequestSource.pod('legacy'), host: 'world.default' }).toFailWith(Outcome.REFUSED);
  });

  test('Callers send from a pod with their identity and a sidecar', () => {
    const c = new AuthorizationScenario(Testing.app());
    const { hello, world } = c.mesh;
    expectRequest(c, { from: Caller.fromService(hello), host: 'world' }).toBeAllowed().toUseMtls();
    expectRequest(c, { from: Caller.fromService(world), host: 'world' }).toBeDenied();
    expectRequest(c, { from: Caller.ingressGateway(), host: 'hello.authorization' }).toBeAllowed();
    expectRequest(c, { from: Caller.fromServiceAccount({ name: 'authorization' }, 'hello'), host: 'world' }).toBeAllowed();
    expectRequest(c, { from: Caller.fromNamespace({ name: 'authorization' }), host: 'world' }).toFailWith(403);
  });

  test('fails with the expectation and the trace: outcome, one line per hop (route, weights, mTLS, policy, outcome)', () => {
    const c = new AuthorizationScenario(Testing.app());
    expect(message(() => expectRequest(c, { from: 'authorization/hello', host: 'world-2' }).toBeAllowed())).toBe([
      'expected workload authorization/hello → GET world-2/ to be allowed; the mesh model says:',
      'outcome 403: authorization/hello-v1 → authorization/world-2-v1: 403: denied: no rule of ALLOW AuthorizationPolicy authorization/allow-nothing, authorization/world-2-viewer matches (principal cluster.local/ns/authorization/sa/hello, GET / on port 8080)',
      '  1. authorization/hello-v1 → authorization/world-2-v1 | route: sidecar outbound 0.0.0.0_8080 of authorization/hello-v1: no VirtualService for world-2.authorization.svc.cluster.local: default routing to every pod of the Service → world-2.authorization.svc.cluster.local:8080'
      + ' | tls: mutual (auto mTLS: the server has a sidecar; server mode STRICT (PeerAuthentication authorization/default))'
      + ' | policy: denied: no rule of ALLOW AuthorizationPolicy authorization/allow-nothing, authorization/world-2-viewer matches (principal cluster.local/ns/authorization/sa/hello, GET / on port 8080)'
      + ' | 403: denied: no rule of ALLOW AuthorizationPolicy authorization/allow-nothing, authorization/world-2-viewer matches (principal cluster.local/ns/authorization/sa/hello, GET / on port 8080)',
    ].join('\n'));
    const { c: canary, mesh } = chart();
    const gw = expectRequest(canary, { from: 'ingress', host: 'hello.example.com', method: 'post', path: '/x', port: 80 });
    expect(message(() => gw.toSplit({ v1: 90, v2: 10 }))).toMatch(/^expected ingress istio-system\/istio-ingressgateway → post hello.example.com:80\/x to split \{"v1":90,"v2":10\}, but the weights are \{"v1":80,"v2":20\}; the mesh model says:\n.*\n  1\. outside → ingress gateway .*\n  2\. .*weights v1 80% \(ok\), v2 20% \(ok\) \| tls: mutual/);
    expect(message(() => gw.toReach(mesh.hello, { subset: 'v3' }))).toMatch(/^expected .* to reach hello.default.svc.cluster.local subset v3;/);
    gw.toReach(mesh.hello, { subset: 'v2' }); // the 20% share reaches v2
    expect(message(() => gw.toReach('ifconfig.co'))).toMatch(/to reach ifconfig.co;/);
    expect(message(() => gw.toBeDenied())).toMatch(/to be denied \(403\);/);
    expect(message(() => gw.toFailWith(404))).toMatch(/to fail with 404;/);
    expect(message(() => gw.toRetry({ attempts: 3, timeout: Duration.seconds(1) }))).toMatch(/to retry with attempts 3, timeout 1 second, but the route has attempts 2, timeout none;/);
    expect(message(() => expectRequest(canary, { from: 'outside', host: 'world' }).toUseMtls())).toMatch(/^expected outside → GET world\/ to use mutual TLS on every hop; the mesh model says:\noutcome refused: /);
  });

  test('toReach passes on a call the request follows (hello → world → world-2); the failure message shows the followed calls', () => {
    const { c, mesh } = chart();
    const gw = expectRequest(c, { from: 'ingress', host: 'hello.example.com' }).toReach(mesh.world).toReach(mesh.world2).toReach('default/world-2-v1');
    expect(gw.trace.notes).toContain('the request is split: the calls of default/hello-v1 (the heaviest alternative) are followed, not those of v2 20%');
    const lines = message(() => gw.toReach('ifconfig.co')).split('\n');
    expect(lines[0]).toMatch(/^expected ingress .* to reach ifconfig.co; the mesh model says:$/);
    expect(lines.slice(4).map(l => l.replace(/ \| .*/, ''))).toEqual([
      '     default/hello-v1 calls world:8080:',
      '       outcome ok: default/hello-v1 → default/world-v1: reaches default/world-v1 over mTLS',
      '         1. default/hello-v1 → default/world-v1',
      '            default/world-v1 calls world-2:8080:',
      '              outcome ok: default/world-v1 → default/world-2-v1: reaches default/world-2-v1 over mTLS',
      '                1. default/world-v1 → default/world-2-v1',
      '  note: the request is split: the calls of default/hello-v1 (the heaviest alternative) are followed, not those of v2 20%',
    ]);
  });

  test('a hop that stops before routing has no weights and no retries', () => {
    const { c } = chart();
    const notFound = expectRequest(c, { from: 'ingress', host: 'nowhere.example.com' }).toFailWith(Outcome.NOT_FOUND).toFailWith(404);
    expect(message(() => notFound.toSplit({ v1: 100 }))).toMatch(/but the weights are \{\};/);
    expect(message(() => notFound.toRetry({ attempts: 2 }))).toMatch(/to retry with attempts 2, but no route decided;/);
  });

  test('fails on arguments it cannot use, naming them', () => {
    const { c } = chart();
    expect(() => expectRequest({} as any, { from: 'hello', host: 'world' })).toThrow('expectRequest: the first argument must be a Chart, a MeshModel or a list of manifest objects, got object');
    expect(() => expectRequest(c, { from: 42 as any, host: 'world' })).toThrow("expectRequest: 'from' must be a MeshService, Workload, Caller, IngressGateway, RequestSource, 'ingress', 'outside' or 'namespace/workload', got 42");
    expect(() => expectRequest(c, { from: 'nobody', host: 'world' })).toThrow(/MeshModel.request: 'source' must name a Service with pods or a workload of the set as namespace\/name, got "default\/nobody"; the set has: .*default\/hello-v1/);
    const ok = expectRequest(c, { from: 'hello', host: 'world' });
    expect(() => ok.toFailWith(Outcome.OK)).toThrow(/^toFailWith: 'expected' must be an HTTP status or an Outcome other than OK \(refused, 401, 403, .*\), got "ok"; use toBeAllowed\(\) for OK$/);
    expect(() => ok.toReach(undefined as any)).toThrow("toReach: 'target' must be a MeshService, Workload, ExternalService, a host or 'namespace/workload', got undefined");
  });
});
