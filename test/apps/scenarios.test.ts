import { App, Chart, Duration, Testing } from 'cdk8s';
import { addScenarios } from '../../apps/scenarios';
import { CanaryScenario } from '../../apps/scenarios/canary';
import { HeaderRoutingScenario } from '../../apps/scenarios/header-routing';
import { HelloWorldScenario } from '../../apps/scenarios/hello-world';
import { RetriesScenario } from '../../apps/scenarios/retries';
import { MeshModel, Outcome } from '../../lib';
import { expectRequest } from '../../lib/testing';
import { find, ofKind, synth } from '../util';

const app = (): App => Testing.app();
const env = (d: any) => Object.fromEntries(d.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));

describe('course scenarios', () => {
  const OWN_NAMESPACE = ['hello-world', 'header-routing', 'canary', 'retries', 'authorization', 'jwt-auth', 'egress'];

  test('each scenario owns its namespace, named as its chart, and no scenario owns default or shares a workload with another', () => {
    const a = app();
    addScenarios(a);
    const charts = a.node.children.filter((c): c is Chart => c instanceof Chart);
    const namespaces = charts.flatMap(c => synth(c).filter(o => o.kind === 'Namespace').map(o => `${c.node.id}: ${o.metadata.name}`));
    expect(namespaces).toEqual([...OWN_NAMESPACE.slice(0, 4).map(id => `${id}: ${id}`), 'mutual-tls: ns1', 'mutual-tls: ns2', 'mutual-tls: legacy', 'authorization: authorization', 'jwt-auth: jwt-auth', 'egress: egress']);
    for (const c of charts.filter(x => OWN_NAMESPACE.includes(x.node.id))) {
      expect([c.node.id, [...new Set(MeshModel.of(c).workloads().map(w => w.split('/')[0]))]]).toEqual([c.node.id, [c.node.id]]);
    }
    const workloads = charts.flatMap(c => MeshModel.of(c).workloads());
    expect(workloads.filter((w, i) => workloads.indexOf(w) !== i)).toEqual([]);
  });

  test('every Istio object uses a v1 API', () => {
    const a = app();
    for (const chart of [new HelloWorldScenario(a), new HeaderRoutingScenario(a), new CanaryScenario(a), new RetriesScenario(a)]) {
      for (const obj of synth(chart)) {
        if (obj.apiVersion.includes('istio.io')) expect(obj.apiVersion).toMatch(/^(networking|security|telemetry)\.istio\.io\/v1$/);
        if (obj.kind === 'Deployment') expect(obj.apiVersion).toBe('apps/v1');
      }
    }
  });

  test('header-routing: end-user john reaches hello v2, everyone else v1', () => {
    const objects = synth(new HeaderRoutingScenario(app()));
    const vs = find(objects, 'VirtualService', 'helloworld');
    expect(vs.spec.hosts).toEqual(['hello.example.com']);
    expect(vs.spec.http.map((r: any) => [r.match?.[0].headers?.['end-user'], r.route[0].destination.subset])).toEqual([
      [{ exact: 'john' }, 'v2'],
      [undefined, 'v1'],
    ]);
    expect(find(objects, 'DestinationRule', 'hello').spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2']);
    expect(find(objects, 'Deployment', 'hello-v2').spec.template.metadata.labels.version).toBe('v2');
  });

  test('header-routing through the mesh model: john → v2, anyone else (or no header) → v1', () => {
    const scenario = new HeaderRoutingScenario(app());
    expectRequest(scenario, { from: 'ingress', host: 'hello.example.com', headers: { 'end-user': 'john' } })
      .toReach('header-routing/hello-v2').toReach('hello.header-routing', { subset: 'v2' }).toSplit({ v2: 100 }).toUseMtls();
    expectRequest(scenario, { from: 'ingress', host: 'hello.example.com', headers: { 'End-User': 'jane' } }).toReach('hello.header-routing', { subset: 'v1' });
    expectRequest(scenario, { from: 'ingress', host: 'hello.example.com' }).toReach('header-routing/hello-v1');
  });

  test('canary: 90/10 between hello v1 and v2', () => {
    const vs = find(synth(new CanaryScenario(app())), 'VirtualService', 'helloworld');
    expect(vs.spec.http[0].route.map((r: any) => [r.destination.subset, r.weight])).toEqual([['v1', 90], ['v2', 10]]);
  });

  test('canary through the mesh model: 90/10, and both versions answer', () => {
    const gw = expectRequest(new CanaryScenario(app()), { from: 'ingress', host: 'hello.example.com' }).toBeAllowed().toSplit({ v1: 90, v2: 10 }).toUseMtls();
    gw.toReach('hello.canary', { subset: 'v1' }).toReach('hello.canary', { subset: 'v2' });
    expect(() => gw.toReach('hello.canary', { subset: 'v3' })).toThrow(/to reach hello.canary subset v3/);
    const hop = gw.trace.hops[gw.trace.hops.length - 1];
    expect(hop.distribution.map(d => [d.destination.subset, d.outcome, d.pods])).toEqual([['v1', 'ok', ['canary/hello-v1']], ['v2', 'ok', ['canary/hello-v2']]]);
  });

  test('retries: v3 has 2 normal pods and 1 slow pod; 10s timeout, 2 attempts of 2s retried on gateway errors', () => {
    const objects = synth(new RetriesScenario(app()));
    const fast = find(objects, 'Deployment', 'hello-v3');
    const slow = find(objects, 'Deployment', 'hello-v3-slow');
    expect([fast.spec.replicas, slow.spec.replicas]).toEqual([2, 1]);
    expect(env(fast).LATENCY).toBeUndefined();
    expect(env(slow).LATENCY).toBe('5');
    expect(slow.spec.template.metadata.labels.version).toBe('v3');
    const [route] = find(objects, 'VirtualService', 'helloworld').spec.http;
    expect(route.route[0].destination.subset).toBe('v3');
    expect(route.timeout).toBe('10s');
    expect(route.retries).toEqual({ attempts: 2, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' });
  });

  test('retries through the mesh model: the v3 pods, the slow one among them, retried twice after 2 s each, within 10 s', () => {
    const timeout = Duration.seconds(10);
    const perTry = Duration.seconds(2);
    const attempts = 2;
    expectRequest(new RetriesScenario(app()), { from: 'ingress', host: 'hello.example.com' })
      .toReach('retries/hello-v3').toReach('retries/hello-v3-slow').toReach('hello.retries', { subset: 'v3' })
      .toRetry({ attempts, perTryTimeout: perTry, timeout, retryOn: 'gateway-error,connect-failure,refused-stream' });
    // The first try and both retries fit in the route timeout, so a request the slow pod holds is answered by another.
    expect((attempts + 1) * perTry.toSeconds()).toBeLessThanOrEqual(timeout.toSeconds());
  });

  test('hello-world: /hello to hello, no subsets needed', () => {
    const objects = synth(new HelloWorldScenario(app()));
    expect(ofKind(objects, 'DestinationRule')).toEqual([]);
    expect(find(objects, 'VirtualService', 'helloworld').spec.http[0].match).toEqual([{ uri: { prefix: '/hello' } }]);
  });

  test('hello-world through the mesh model: /hello at the gateway reaches hello, other paths 404; hello → world → world-2 over mTLS', () => {
    const scenario = new HelloWorldScenario(app());
    const { hello, world, world2 } = scenario.mesh;
    expectRequest(scenario, { from: 'ingress', host: 'anything.example.com', path: '/hello/x' }).toReach(hello).toUseMtls();
    expectRequest(scenario, { from: 'ingress', host: 'anything.example.com', path: '/' }).toFailWith(404);
    expectRequest(scenario, { from: hello, host: 'world' }).toReach(world).toUseMtls();
    expectRequest(scenario, { from: world, host: 'world-2' }).toReach(world2).toUseMtls();
    expectRequest(scenario, { from: 'outside', host: 'world.hello-world' }).toFailWith(Outcome.REFUSED);
  });

  test('hello-world: a request at the gateway follows the declared calls, ingress → hello → world → world-2', () => {
    const scenario = new HelloWorldScenario(app());
    const { world, world2 } = scenario.mesh;
    const gw = expectRequest(scenario, { from: 'ingress', host: 'hello.example.com', path: '/hello' }).toReach(world).toReach(world2);
    const toWorld = gw.trace.followed!;
    const toWorld2 = toWorld[0].trace!.followed!;
    expect([...toWorld, ...toWorld2].map(c => [c.caller, c.host, c.outcome, c.trace!.hops.map(h => h.tls)])).toEqual([
      ['hello-world/hello-v1', 'world', Outcome.OK, ['mutual']],
      ['hello-world/world-v1', 'world-2', Outcome.OK, ['mutual']],
    ]);
    expect(toWorld2[0].trace!.followed).toBeUndefined();
  });
});
