import { MeshModel } from '../../lib/model';
import { DataPlaneMode, MeshNamespace, MeshService, MeshValidation, OutboundTrafficPolicyMode, PolicyTarget, Sidecar, SidecarInjection, SidecarScope, Workload, WorkloadImage } from '../../lib';
import { sidecarHostProblem } from '../../lib/private/sidecar-hosts';
import { chart, find, synth } from '../util';

function shop() {
  const c = chart();
  const ns2 = new MeshNamespace(c, 'Ns2', { name: 'ns2' });
  const world = new MeshService(c, 'World', { name: 'world' });
  const db = new MeshService(c, 'Db', { name: 'db', namespace: ns2 });
  const other = new MeshService(c, 'Other', { name: 'other' });
  new Workload(c, 'WorldV1', { service: world, version: 'v1', image: WorkloadImage.httpEcho() });
  new Workload(c, 'DbV1', { service: db, version: 'v1', image: WorkloadImage.httpEcho() });
  new Workload(c, 'OtherV1', { service: other, version: 'v1', image: WorkloadImage.httpEcho() });
  const hello = new MeshService(c, 'Hello', { name: 'hello' });
  const helloV1 = new Workload(c, 'HelloV1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho({ next: world }), calls: [{ service: db }, { service: db, path: '/x' }] });
  return { c, hello, helloV1, world, db, other };
}

describe('Sidecar', () => {
  test('fromCalls: exactly the called services, as <namespace>/<fqdn>, plus istio-system/*, for the workload\'s pods', () => {
    const { c, helloV1 } = shop();
    const sc = new Sidecar(c, 'Sc', { target: PolicyTarget.fromWorkload(helloV1), egress: [SidecarScope.fromCalls(helloV1)] });
    expect(SidecarScope.fromCalls(helloV1).hosts).toEqual([
      'default/world.default.svc.cluster.local', 'ns2/db.ns2.svc.cluster.local', 'ns2/db.ns2.svc.cluster.local',
    ]);
    const obj = find(synth(c), 'Sidecar', 'hello-v1', 'default');
    expect(obj.apiVersion).toBe('networking.istio.io/v1');
    expect(obj.spec).toEqual({
      workloadSelector: { labels: { ...helloV1.labels } },
      egress: [{ hosts: ['default/world.default.svc.cluster.local', 'ns2/db.ns2.svc.cluster.local', 'istio-system/*'] }],
    });
    expect(sc.egressHosts).not.toContain('default/other.default.svc.cluster.local');
  });

  test('hand-written hosts with the calls, without istio-system/*, and an outbound traffic policy', () => {
    const { c, helloV1 } = shop();
    new Sidecar(c, 'Sc', {
      target: PolicyTarget.fromWorkload(helloV1),
      egress: [SidecarScope.fromCalls(helloV1), SidecarScope.fromHosts('./api.example.com', '*/*.googleapis.com', 'ns3/*', '~/x.example.com')],
      includeControlPlane: false,
      outboundTrafficPolicy: OutboundTrafficPolicyMode.REGISTRY_ONLY,
    });
    expect(find(synth(c), 'Sidecar', 'hello-v1', 'default').spec).toEqual({
      workloadSelector: { labels: { ...helloV1.labels } },
      egress: [{ hosts: ['default/world.default.svc.cluster.local', 'ns2/db.ns2.svc.cluster.local', './api.example.com', '*/*.googleapis.com', 'ns3/*', '~/x.example.com'] }],
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    });
  });

  test('namespace-wide: no workloadSelector; only an outbound traffic policy', () => {
    const c = chart();
    const ns = new MeshNamespace(c, 'Ns', { name: 'shop' });
    new Sidecar(c, 'Sc', { target: PolicyTarget.fromNamespace(ns), name: 'default', outboundTrafficPolicy: OutboundTrafficPolicyMode.ALLOW_ANY });
    expect(find(synth(c), 'Sidecar', 'default', 'shop').spec).toEqual({ outboundTrafficPolicy: { mode: 'ALLOW_ANY' } });
  });

  test('the mesh model reports a Sidecar as not modelled rather than ignoring its egress scoping', () => {
    const { c, helloV1 } = shop();
    new Sidecar(c, 'Sc', { target: PolicyTarget.fromWorkload(helloV1), egress: [SidecarScope.fromHosts('./api.example.com')] });
    expect(MeshModel.fromObjects(synth(c)).notModelled()).toContain('not modelled: Sidecar default/hello-v1 may change this');
  });

  test('warns when its pods have no sidecar', () => {
    const c = chart();
    const legacy = new MeshNamespace(c, 'Legacy', { name: 'legacy', injection: SidecarInjection.disabled() });
    new Sidecar(c, 'Sc', { target: PolicyTarget.fromNamespace(legacy), outboundTrafficPolicy: OutboundTrafficPolicyMode.REGISTRY_ONLY });
    expect(MeshValidation.of(c).warnings()).toEqual([
      "test/Sc: 'target' is namespace legacy, whose pods have no sidecar (namespace legacy is not injected), so nothing enforces this Sidecar; enable sidecar injection or drop it",
    ]);
  });

  test('fails in an ambient namespace, where no pod has a sidecar, naming that none is needed', () => {
    const c = chart();
    const shop = new MeshNamespace(c, 'Shop', { name: 'shop', dataPlane: DataPlaneMode.AMBIENT });
    const world = new MeshService(c, 'World', { name: 'world', namespace: shop });
    expect(() => new Sidecar(c, 'Sc', { target: PolicyTarget.fromService(world), outboundTrafficPolicy: OutboundTrafficPolicyMode.REGISTRY_ONLY }))
      .toThrow("test/Sc: 'target' is in ambient namespace shop, whose pods have no sidecar, so a Sidecar has no effect there; remove it: ambient mode needs none (ztunnel has no per-workload egress scoping, and a Waypoint scopes L7), got service shop/world");
    expect(() => new Sidecar(c, 'Ns', { target: PolicyTarget.fromNamespace(MeshNamespace.fromName('imported', { dataPlane: DataPlaneMode.AMBIENT })), outboundTrafficPolicy: OutboundTrafficPolicyMode.REGISTRY_ONLY }))
      .toThrow("test/Ns: 'target' is in ambient namespace imported");
  });

  test('fails on a host without a namespace part', () => {
    const { c, helloV1 } = shop();
    expect(() => new Sidecar(c, 'Sc', { target: PolicyTarget.fromWorkload(helloV1), egress: [SidecarScope.fromHosts('api.example.com')] }))
      .toThrow(/Sc: 'egress\[0\]\.hosts\[0\]' must be of the form namespace\/dnsName .*, got "api.example.com"$/);
  });

  test('fails on the * namespace with a bad DNS name', () => {
    const { c, helloV1 } = shop();
    expect(() => new Sidecar(c, 'Sc', { target: PolicyTarget.fromWorkload(helloV1), egress: [SidecarScope.fromHosts('*/foo*.example.com')] }))
      .toThrow(/Sc: 'egress\[0\]\.hosts\[0\]' has the partial wildcard "foo\*.example.com": only a leading "\*." is allowed, got "\*\/foo\*.example.com"/);
    expect(() => new Sidecar(c, 'Sc2', { target: PolicyTarget.fromWorkload(helloV1), egress: [SidecarScope.fromHosts('*/a_b.example.com')] }))
      .toThrow(/Sc2: 'egress\[0\]\.hosts\[0\]' has the dnsName "a_b.example.com", whose label "a_b" is not a DNS-1123 label, got "\*\/a_b.example.com"/);
  });

  test('fails on an empty egress list, and on a workload without calls', () => {
    const { c, helloV1, other } = shop();
    expect(() => new Sidecar(c, 'Sc', { target: PolicyTarget.fromWorkload(helloV1), egress: [] }))
      .toThrow(/Sc: 'egress' must list at least one SidecarScope, .*got \[\]/);
    const otherV1 = c.node.findChild('OtherV1') as Workload;
    expect(otherV1.service).toBe(other);
    expect(() => new Sidecar(c, 'Sc2', { target: PolicyTarget.fromWorkload(otherV1), egress: [SidecarScope.fromCalls(otherV1)] }))
      .toThrow(/Sc2: 'egress\[0\]' has no hosts \(the calls of workload .*OtherV1\);.*got \[\]/);
  });

  test('fails on an empty Sidecar and on includeControlPlane without egress', () => {
    const { c, helloV1 } = shop();
    const target = PolicyTarget.fromWorkload(helloV1);
    expect(() => new Sidecar(c, 'Sc', { target })).toThrow(/Sc: 'egress' or 'outboundTrafficPolicy' must be given \(istiod rejects an empty Sidecar\), got undefined/);
    expect(() => new Sidecar(c, 'Sc2', { target, includeControlPlane: false, outboundTrafficPolicy: OutboundTrafficPolicyMode.ALLOW_ANY }))
      .toThrow(/Sc2: 'includeControlPlane' only applies with 'egress'.*got false/);
    expect(() => new Sidecar(c, 'Sc3', { target, outboundTrafficPolicy: 'DENY' as OutboundTrafficPolicyMode }))
      .toThrow(/Sc3: 'outboundTrafficPolicy' must be one of REGISTRY_ONLY, ALLOW_ANY, got "DENY"/);
  });
});

// One case per rule of Istio 1.30.3 pkg/config/validation/agent/validation.go ValidateNamespaceSlashWildcardHostname and
// the functions it calls, the verdict read from that code (`*/*`, `~/...` and the partial wildcard `*bar.com` are also
// cases of pkg/config/validation/validation_test.go TestValidateSidecar / TestValidateGateway).
describe('sidecarHostProblem (istiod\'s validateNamespaceSlashWildcardHostname)', () => {
  test.each([
    'ns1/bar.com', './bar.com', '*/bar.com', '*/*', 'ns1/*', 'ns1/*.example.com', '~/foo.com', 'ns1/istio.io.', 'ns1/Foo.Example.com', 'ns1/foo.123.',
  ])('accepts %s', host => expect(sidecarHostProblem(host)).toBeUndefined());
  test.each([
    ['bar.com', /namespace\/dnsName/],
    ['/bar.com', /non-empty/],
    ['ns1/', /non-empty/],
    ['ns_1/bar.com', /invalid namespace "ns_1"/],
    ['ns1/bar', /short name "bar"/],
    ['ns1/*bar.com', /partial wildcard/],
    ['ns1/foo.*.com', /partial wildcard/],
    ['ns1/foo.123', /all-numeric/],
    ['ns1/-a.com', /label "-a"/],
  ])('rejects %s', (host, message) => expect(sidecarHostProblem(host)).toMatch(message));
});
