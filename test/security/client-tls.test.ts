import { ClientTls, ClientTlsMode, DestinationRule, LoadBalancerAlgorithm, MeshNamespace, MeshService, MutualTlsPolicy, Outcome, SidecarInjection, Workload, WorkloadImage } from '../../lib';
import { expectRequest } from '../../lib/testing';
import { chart, find, synth } from '../util';

// DestinationRule's client TLS setting (lib/traffic/destination-rule.ts), used for servers without a sidecar.
describe('DestinationRule tls', () => {
  function legacyEnd() {
    const c = chart();
    const legacy = new MeshNamespace(c, 'Legacy', { name: 'legacy', injection: SidecarInjection.disabled() });
    const end = new MeshService(c, 'End', { name: 'end', namespace: legacy });
    new Workload(c, 'EndV1', { service: end, version: 'v1', image: WorkloadImage.httpEcho() });
    return { c, end };
  }

  test('emits tls DISABLE only when asked, next to the load balancer', () => {
    const { c, end } = legacyEnd();
    new DestinationRule(c, 'Plain', { service: end, name: 'legacy', tls: ClientTlsMode.DISABLE, loadBalancer: LoadBalancerAlgorithm.ROUND_ROBIN });
    new DestinationRule(c, 'Auto', { service: end, name: 'end-auto' });
    const objects = synth(c);
    const plain = find(objects, 'DestinationRule', 'legacy', 'legacy');
    expect(plain.spec.host).toBe('end.legacy.svc.cluster.local');
    expect(plain.spec.trafficPolicy).toEqual({ loadBalancer: { simple: 'ROUND_ROBIN' }, tls: { mode: 'DISABLE' } });
    expect(find(objects, 'DestinationRule', 'end-auto').spec.trafficPolicy).toBeUndefined();
  });

  test('DISABLE towards a sidecar server under STRICT gets 503 from the client\'s sidecar (the override breaks auto mTLS)', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    const world = new MeshService(c, 'World', { name: 'world' });
    new Workload(c, 'HelloV1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    new Workload(c, 'WorldV1', { service: world, version: 'v1', image: WorkloadImage.httpEcho() });
    new MutualTlsPolicy(c, 'Mtls');
    new DestinationRule(c, 'WorldPlain', { service: world, tls: ClientTlsMode.DISABLE });
    // https://istio.io/latest/docs/ops/common-problems/network-issues/#503-errors-after-setting-destination-rule
    expectRequest(synth(c), { from: 'hello-v1', host: 'world' }).toFailWith(Outcome.UNAVAILABLE);
  });

  test('fails on an unknown mode', () => {
    const { c, end } = legacyEnd();
    expect(() => new DestinationRule(c, 'Dr', { service: end, tls: 'BOGUS' as ClientTlsMode }))
      .toThrow("test/Dr: 'tls' must be one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL, got \"BOGUS\"");
  });

  test('fails on a port-level ISTIO_MUTUAL towards a service without sidecars', () => {
    const { c, end } = legacyEnd();
    expect(() => new DestinationRule(c, 'Dr', { service: end, trafficPolicy: { portLevelSettings: [{ port: 8080, tls: ClientTls.istioMutual() }] } }))
      .toThrow("test/Dr: 'trafficPolicy.portLevelSettings[0].tls' must not be ISTIO_MUTUAL: service end runs in namespace legacy without sidecars, which cannot answer mutual TLS; leave 'trafficPolicy.portLevelSettings[0].tls' unset (auto mTLS) or use ClientTls.disable()");
  });

  test('fails on ISTIO_MUTUAL towards a service without sidecars', () => {
    const { c, end } = legacyEnd();
    expect(() => new DestinationRule(c, 'Dr', { service: end, tls: ClientTlsMode.ISTIO_MUTUAL }))
      .toThrow("test/Dr: 'tls' must not be ISTIO_MUTUAL: service end runs in namespace legacy without sidecars, which cannot answer mutual TLS; leave 'tls' unset (auto mTLS) or use ClientTls.disable()");
  });
});
