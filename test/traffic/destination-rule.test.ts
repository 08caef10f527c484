import { CanaryRoute, DestinationRule, LoadBalancerAlgorithm, MeshService, Workload } from '../../lib';
import { chart, find, synth, validationErrors } from '../util';

describe('DestinationRule', () => {
  test('derives one subset per workload version, including versions added later', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'V1', { service: hello, version: 'v1' });
    const dr = new DestinationRule(c, 'Dr', { service: hello });
    new Workload(c, 'V2', { service: hello, version: 'v2' });
    new Workload(c, 'V2b', { service: hello, version: 'v2', name: 'hello-v2-b' });
    const obj = find(synth(c), 'DestinationRule', 'hello');
    expect(obj.apiVersion).toBe('networking.istio.io/v1');
    expect(obj.spec.host).toBe('hello.default.svc.cluster.local');
    expect(obj.spec.subsets).toEqual([{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }]);
    expect(obj.spec.trafficPolicy).toBeUndefined();
    expect(dr.subsetNames).toEqual(['v1', 'v2']);
  });

  test('takes explicit subsets and a load balancer, and sets no tls (auto mTLS stays on)', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'V1', { service: hello, version: 'v1' });
    new DestinationRule(c, 'Dr', { service: hello, name: 'hello-stable', subsets: [{ name: 'stable', labels: { version: 'v1' } }], loadBalancer: LoadBalancerAlgorithm.ROUND_ROBIN });
    const obj = find(synth(c), 'DestinationRule', 'hello-stable');
    expect(obj.spec.subsets).toEqual([{ name: 'stable', labels: { version: 'v1' } }]);
    expect(obj.spec.trafficPolicy).toEqual({ loadBalancer: { simple: 'ROUND_ROBIN' } });
  });

  test('fails at synth on a subset that selects no workload', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'V1', { service: hello, version: 'v1' });
    new DestinationRule(c, 'Dr', { service: hello, subsets: [{ name: 'v9' }] });
    expect(validationErrors(c)).toEqual([
      "test/Dr: 'subsets[0]' (v9, labels {\"version\":\"v9\"}) selects no workload of service hello (versions: v1); add a Workload with version \"v9\" or fix the labels",
    ]);
  });

  test('fails at synth when the service has no workloads', () => {
    const c = chart();
    new DestinationRule(c, 'Dr', { service: new MeshService(c, 'Hello', { name: 'hello' }) });
    expect(validationErrors(c)[0]).toContain("test/Dr: 'subsets' is empty because service hello has no workloads");
  });

  test('fails on a second DestinationRule of the same name for a service (a CanaryRoute made one already)', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'V1', { service: hello, version: 'v1' });
    new Workload(c, 'V2', { service: hello, version: 'v2' });
    new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 90, v2: 10 } });
    expect(() => new DestinationRule(c, 'Dr', { service: hello }))
      .toThrow("test/Dr: 'name' \"hello\" is already the name of DestinationRule test/Canary/DestinationRule for service hello; reuse that one (CanaryRoute does) or pick another name");
  });

  test('fails on duplicate subset names', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    expect(() => new DestinationRule(c, 'Dr', { service: hello, subsets: [{ name: 'v1' }, { name: 'v1' }] }))
      .toThrow("test/Dr: 'subsets[1].name' must be unique, got \"v1\" twice");
  });

  test('fails on a subset name that is not a DNS label', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    expect(() => new DestinationRule(c, 'Dr', { service: hello, subsets: [{ name: 'v1.0' }] })).toThrow("test/Dr: 'subsets[0].name' must be a DNS-1123 label");
  });

  test('fails without subsets for an imported service', () => {
    const c = chart();
    const pay = MeshService.fromName(c, 'Pay', 'payments');
    expect(() => new DestinationRule(c, 'Dr', { service: pay }))
      .toThrow("test/Dr: 'subsets' must be given for service payments, which this app does not manage (its versions are unknown)");
  });

  test('fails on an unknown load balancer', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    expect(() => new DestinationRule(c, 'Dr', { service: hello, loadBalancer: 'FASTEST' as LoadBalancerAlgorithm }))
      .toThrow("test/Dr: 'loadBalancer' must be one of ROUND_ROBIN, LEAST_REQUEST, RANDOM, PASSTHROUGH, got \"FASTEST\"");
  });
});
