import { CanaryRoute, DestinationRule, IngressGateway, MeshService, Workload, WorkloadImage } from '../../lib';
import { chart, find, ofKind, synth, validationErrors } from '../util';

function setup() {
  const c = chart();
  const hello = new MeshService(c, 'Hello', { name: 'hello' });
  new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
  new Workload(c, 'V2', { service: hello, version: 'v2', image: WorkloadImage.httpEcho() });
  return { c, hello };
}

describe('CanaryRoute', () => {
  test('sends 90% to v1 and 10% to v2 and defines both subsets', () => {
    const { c, hello } = setup();
    const canary = new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 90, v2: 10 } });
    const objects = synth(c);
    const vs = find(objects, 'VirtualService', 'hello');
    expect(vs.spec.hosts).toEqual(['hello.default.svc.cluster.local']);
    expect(vs.spec.gateways).toBeUndefined();
    expect(vs.spec.http[0].route.map((r: any) => [r.destination.subset, r.weight])).toEqual([['v1', 90], ['v2', 10]]);
    expect(find(objects, 'DestinationRule', 'hello').spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2']);
    expect(canary.destinationRule?.subsetNames).toEqual(['v1', 'v2']);
  });

  test('splits gateway traffic for the given hosts and reuses an existing DestinationRule', () => {
    const { c, hello } = setup();
    const dr = new DestinationRule(c, 'Dr', { service: hello });
    const gw = new IngressGateway(c, 'Gw', { name: 'gw', servers: [{ hosts: ['*'] }] });
    const canary = new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 50, v2: 50 }, gateway: gw, hosts: ['hello.example.com'], name: 'helloworld' });
    const objects = synth(c);
    expect(canary.destinationRule).toBe(dr);
    expect(ofKind(objects, 'DestinationRule')).toHaveLength(1);
    expect(find(objects, 'VirtualService', 'helloworld').spec.gateways).toEqual(['default/gw']);
  });

  test('fails when weights do not sum to 100', () => {
    const { c, hello } = setup();
    expect(() => new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 85, v2: 10 } }))
      .toThrow("test/Canary: 'weights' must sum to 100, got 95 (v1=85, v2=10)");
  });

  test('fails on a fractional weight', () => {
    const { c, hello } = setup();
    expect(() => new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 89.5, v2: 10.5 } }))
      .toThrow("test/Canary: 'weights.v1' must be an integer from 0 to 100, got 89.5");
  });

  test('fails with a single version', () => {
    const { c, hello } = setup();
    expect(() => new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 100 } }))
      .toThrow("test/Canary: 'weights' must give at least two versions, e.g. { v1: 90, v2: 10 }, got {\"v1\":100}");
  });

  test('fails with a gateway but no hosts', () => {
    const { c, hello } = setup();
    const gw = new IngressGateway(c, 'Gw', { name: 'gw', servers: [{ hosts: ['*'] }] });
    expect(() => new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 90, v2: 10 }, gateway: gw }))
      .toThrow("test/Canary: 'hosts' must be set with a gateway: name the hosts whose traffic default/gw splits");
  });

  test('fails at synth on a version no workload carries', () => {
    const { c, hello } = setup();
    new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 90, v3: 10 } });
    expect(validationErrors(c)).toEqual([
      "test/Canary/VirtualService: 'http[0].destinations[1].subset' \"v3\" is not a subset of service hello (subsets: v1, v2); add a Workload with version \"v3\" or pick an existing subset",
    ]);
  });
});
