import { App, Testing } from 'cdk8s';
import { CanaryScenario } from '../../apps/scenarios/canary';
import { HeaderRoutingScenario } from '../../apps/scenarios/header-routing';
import { HelloWorldScenario } from '../../apps/scenarios/hello-world';
import { RetriesScenario } from '../../apps/scenarios/retries';
import { find, ofKind, synth } from '../util';

const app = (): App => Testing.app();
const env = (d: any) => Object.fromEntries(d.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));

describe('course scenarios', () => {
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

  test('canary: 90/10 between hello v1 and v2', () => {
    const vs = find(synth(new CanaryScenario(app())), 'VirtualService', 'helloworld');
    expect(vs.spec.http[0].route.map((r: any) => [r.destination.subset, r.weight])).toEqual([['v1', 90], ['v2', 10]]);
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

  test('hello-world: /hello to hello, no subsets needed', () => {
    const objects = synth(new HelloWorldScenario(app()));
    expect(ofKind(objects, 'DestinationRule')).toEqual([]);
    expect(find(objects, 'VirtualService', 'helloworld').spec.http[0].match).toEqual([{ uri: { prefix: '/hello' } }]);
  });
});
