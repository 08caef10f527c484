import { CanaryRoute, ClientTls, DestinationRule, LoadBalancer, LoadBalancerAlgorithm, MeshService, Workload, WorkloadImage } from '../../lib';
import { chart, find, synth, validationErrors } from '../util';

describe('DestinationRule', () => {
  test('derives one subset per workload version, including versions added later', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    const dr = new DestinationRule(c, 'Dr', { service: hello });
    new Workload(c, 'V2', { service: hello, version: 'v2', image: WorkloadImage.httpEcho() });
    new Workload(c, 'V2b', { service: hello, version: 'v2', image: WorkloadImage.httpEcho(), name: 'hello-v2-b' });
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
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    new DestinationRule(c, 'Dr', { service: hello, name: 'hello-stable', subsets: [{ name: 'stable', labels: { version: 'v1' } }], loadBalancer: LoadBalancerAlgorithm.ROUND_ROBIN });
    const obj = find(synth(c), 'DestinationRule', 'hello-stable');
    expect(obj.spec.subsets).toEqual([{ name: 'stable', labels: { version: 'v1' } }]);
    expect(obj.spec.trafficPolicy).toEqual({ loadBalancer: { simple: 'ROUND_ROBIN' } });
  });

  test('fails, as Istio\'s analyzer does (IST0173, an error), on a subset for a version not deployed yet, and stops once it is', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    new DestinationRule(c, 'Dr', { service: hello, subsets: [{ name: 'v1' }, { name: 'v9' }] });
    expect(validationErrors(c)).toEqual([expect.stringMatching(/^test\/Dr\/Resource: DestinationRule\/default\/hello: spec.subsets\[1\].labels: error: subset "v9" selects .* which matches none of its workloads .*\[IST0173\]$/)]);
    new Workload(c, 'V9', { service: hello, version: 'v9', image: WorkloadImage.httpEcho() });
    expect(validationErrors(c)).toEqual([]);
    expect(find(synth(c), 'DestinationRule', 'hello').spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v9']);
  });

  test('writes a rule without subsets (subsets: []), and one with only a traffic policy for an imported service', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    new DestinationRule(c, 'Dr', { service: hello, subsets: [], trafficPolicy: { loadBalancer: LoadBalancer.simple(LoadBalancerAlgorithm.RANDOM) } });
    new DestinationRule(c, 'Pay', { service: MeshService.fromName(c, 'PayService', 'payments'), trafficPolicy: { tls: ClientTls.disable() } });
    const objects = synth(c);
    expect(find(objects, 'DestinationRule', 'hello').spec).toEqual({ host: 'hello.default.svc.cluster.local', trafficPolicy: { loadBalancer: { simple: 'RANDOM' } } });
    expect(find(objects, 'DestinationRule', 'payments').spec).toEqual({ host: 'payments.default.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } });
  });

  test('fails at synth when the service has no workloads', () => {
    const c = chart();
    new DestinationRule(c, 'Dr', { service: new MeshService(c, 'Hello', { name: 'hello' }) });
    expect(validationErrors(c)[0]).toContain("test/Dr: 'subsets' is empty because service hello has no workloads");
  });

  test('fails on a second DestinationRule of the same name for a service (a CanaryRoute made one already)', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    new Workload(c, 'V2', { service: hello, version: 'v2', image: WorkloadImage.httpEcho() });
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
      .toThrow("test/Dr: 'subsets' must be given for service payments, which this app does not manage (its versions are unknown), unless the rule sets a 'trafficPolicy'");
  });

  test('fails on the deprecated loadBalancer next to trafficPolicy', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    expect(() => new DestinationRule(c, 'Dr', { service: hello, loadBalancer: LoadBalancerAlgorithm.RANDOM, trafficPolicy: { tls: ClientTls.disable() } }))
      .toThrow("test/Dr: 'loadBalancer' cannot be combined with 'trafficPolicy'; move it to trafficPolicy.loadBalancer, got \"RANDOM\"");
  });

  test('fails on an unknown load balancer', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    expect(() => new DestinationRule(c, 'Dr', { service: hello, loadBalancer: 'FASTEST' as LoadBalancerAlgorithm }))
      .toThrow("test/Dr: 'loadBalancer' must be one of ROUND_ROBIN, LEAST_REQUEST, RANDOM, PASSTHROUGH, got \"FASTEST\"");
  });
});
