import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryScenario } from '../../apps/scenarios/canary';
import { HeaderRoutingScenario } from '../../apps/scenarios/header-routing';
import { HelloWorldScenario } from '../../apps/scenarios/hello-world';
import { Outcome, TrafficApi, TrafficApiSetting } from '../../lib';
import { expectRequest } from '../../lib/testing';
import { ofKind, synth } from '../util';

/** A scope whose constructs use `api`, as dist/<scenario> (Istio's API) and dist/gateway-api/<scenario> are built. */
function scope(api: TrafficApi): Construct {
  const s = new Construct(Testing.app(), 'twins');
  TrafficApiSetting.use(s, api);
  return s;
}

// The course's traffic scenarios and their Gateway API twins must do the same thing: the same requests reach the
// same versions and pods, over mTLS, through the mesh model (which translates HTTPRoutes as istiod does).
describe.each([TrafficApi.ISTIO, TrafficApi.GATEWAY_API])('traffic scenarios with %s', (api) => {
  test('the scenario emits the API it was asked for', () => {
    const objects = synth(new HelloWorldScenario(scope(api)));
    expect([ofKind(objects, 'VirtualService').length > 0, ofKind(objects, 'HTTPRoute').length > 0])
      .toEqual(api === TrafficApi.ISTIO ? [true, false] : [false, true]);
  });

  test('hello-world: /hello at the gateway reaches hello, other paths 404; hello → world over mTLS', () => {
    const scenario = new HelloWorldScenario(scope(api));
    const { hello, world } = scenario.mesh;
    expectRequest(scenario, { from: 'ingress', host: 'anything.example.com', path: '/hello/x' }).toReach(hello).toReach(world).toUseMtls();
    expectRequest(scenario, { from: 'ingress', host: 'anything.example.com', path: '/' }).toFailWith(404);
    expectRequest(scenario, { from: 'outside', host: 'world.hello-world' }).toFailWith(Outcome.REFUSED);
  });

  test('header-routing: john reaches hello v2, anyone else (or no header) v1', () => {
    const scenario = new HeaderRoutingScenario(scope(api));
    expectRequest(scenario, { from: 'ingress', host: 'hello.example.com', headers: { 'end-user': 'john' } })
      .toReach('header-routing/hello-v2').toSplit({ v2: 100 }).toUseMtls();
    expectRequest(scenario, { from: 'ingress', host: 'hello.example.com', headers: { 'end-user': 'jane' } }).toReach('header-routing/hello-v1').toSplit({ v1: 100 });
    expectRequest(scenario, { from: 'ingress', host: 'hello.example.com' }).toReach('header-routing/hello-v1');
  });

  test('canary: 90/10 between hello v1 and v2, and both answer', () => {
    const gw = expectRequest(new CanaryScenario(scope(api)), { from: 'ingress', host: 'hello.example.com' }).toBeAllowed().toSplit({ v1: 90, v2: 10 }).toUseMtls();
    const hop = gw.trace.hops[gw.trace.hops.length - 1];
    expect(hop.distribution.map(d => [d.outcome, d.pods])).toEqual([['ok', ['canary/hello-v1']], ['ok', ['canary/hello-v2']]]);
  });
});
