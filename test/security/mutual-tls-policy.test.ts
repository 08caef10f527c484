import {
  DataPlaneMode, MeshNamespace, MeshService, MtlsMode, MutualTlsPolicy, Outcome, PolicyTarget, MeshValidation, RequestSource, ServiceProtocol, SidecarInjection, Workload, WorkloadImage,
} from '../../lib';
import { expectRequest } from '../../lib/testing';
import { chart, find, ofKind, synth } from '../util';

describe('MutualTlsPolicy', () => {
  test('defaults to a mesh-wide STRICT PeerAuthentication named default in istio-system, and no DestinationRule', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    const policy = new MutualTlsPolicy(c, 'Mtls');
    const objects = synth(c);
    const pa = find(objects, 'PeerAuthentication', 'default', 'istio-system');
    expect(pa.apiVersion).toBe('security.istio.io/v1');
    expect(pa.spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(policy.isMeshWide).toBe(true);
    expect(ofKind(objects, 'DestinationRule')).toEqual([]);
  });

  test('STRICT refuses a caller without a sidecar and accepts one with a sidecar', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    const world = new MeshService(c, 'World', { name: 'world' });
    new Workload(c, 'HelloV1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    new Workload(c, 'WorldV1', { service: world, version: 'v1', image: WorkloadImage.httpEcho() });
    new MutualTlsPolicy(c, 'Mtls');
    expectRequest(c, { from: 'hello-v1', host: 'world' }).toBeAllowed().toUseMtls();
    expectRequest(c, { from: RequestSource.pod('legacy'), host: 'world.default' }).toFailWith(Outcome.REFUSED);
  });

  test('a namespace policy goes to that namespace without a selector', () => {
    const c = chart();
    const legacy = MeshNamespace.fromName('legacy-clients', { dataPlane: DataPlaneMode.SIDECAR });
    new MutualTlsPolicy(c, 'Mtls', { target: PolicyTarget.fromNamespace(legacy), mode: MtlsMode.PERMISSIVE });
    const pa = find(synth(c), 'PeerAuthentication', 'default', 'legacy-clients');
    expect(pa.spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
  });

  test('a service policy selects app=<service>, is named after it, and may have port exceptions on container ports', () => {
    const c = chart();
    const ns = new MeshNamespace(c, 'Ns', { name: 'shop' });
    const api = new MeshService(c, 'Api', {
      name: 'api', namespace: ns,
      ports: [{ port: 80, targetPort: 8080 }, { port: 9090, protocol: ServiceProtocol.HTTP, name: 'http-metrics' }],
    });
    new Workload(c, 'V1', { service: api, version: 'v1', image: WorkloadImage.httpEcho() });
    new MutualTlsPolicy(c, 'ApiMtls', { target: PolicyTarget.fromService(api), portExceptions: [{ port: 9090, mode: MtlsMode.PERMISSIVE }] });
    const objects = synth(c);
    const pa = find(objects, 'PeerAuthentication', 'api', 'shop');
    expect(pa.spec).toEqual({ selector: { matchLabels: { app: 'api' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9090: { mode: 'PERMISSIVE' } } });
    const monitoring = RequestSource.pod('monitoring');
    expectRequest(objects, { from: monitoring, host: 'api.shop', port: 9090 }).toBeAllowed();
    // Service port 80 sends to container port 8080, which is STRICT.
    expectRequest(objects, { from: monitoring, host: 'api.shop', port: 80 }).toFailWith(Outcome.REFUSED);
  });

  test('a workload policy selects exactly that Deployment and is named after it', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    const v2 = new Workload(c, 'V2', { service: hello, version: 'v2', image: WorkloadImage.httpEcho() });
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    new MutualTlsPolicy(c, 'Mesh');
    new MutualTlsPolicy(c, 'V2Permissive', { target: PolicyTarget.fromWorkload(v2), mode: MtlsMode.PERMISSIVE });
    const objects = synth(c);
    expect(find(objects, 'PeerAuthentication', 'hello-v2').spec.selector.matchLabels)
      .toEqual({ 'app': 'hello', 'version': 'v2', 'app.kubernetes.io/instance': 'hello-v2' });
    // A plain-text client gets through to hello-v2 (PERMISSIVE) and is refused by hello-v1 (STRICT).
    const { trace } = expectRequest(objects, { from: RequestSource.pod('legacy'), host: 'hello.default' });
    expect(trace.notes).toContain('pods of default/hello differ: default/hello-v2 → ok, default/hello-v1 → refused; the trace follows default/hello-v2');
  });

  test('a selector policy (a workload the app does not manage) gets a name from its path', () => {
    const c = chart();
    new MutualTlsPolicy(c, 'Gw', { target: PolicyTarget.selector(MeshNamespace.fromName('istio-system'), { istio: 'ingressgateway' }) });
    const [pa] = ofKind(synth(c), 'PeerAuthentication');
    expect(pa.metadata.namespace).toBe('istio-system');
    expect(pa.metadata.name).toMatch(/^test-gw-[0-9a-f]{8}$/);
    expect(pa.spec.selector).toEqual({ matchLabels: { istio: 'ingressgateway' } });
  });

  test('resolve: workload over namespace over mesh, port exceptions per port, nothing when no policy applies', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    const world = new MeshService(c, 'World', { name: 'world' });
    new Workload(c, 'HelloV1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    const labels = { app: 'hello', version: 'v1' };
    expect(MutualTlsPolicy.resolve(c, 'default', labels)).toEqual({});
    const mesh = new MutualTlsPolicy(c, 'Mesh');
    expect(MutualTlsPolicy.resolve(c, 'default', labels)).toEqual({ mode: MtlsMode.STRICT, policy: mesh });
    const ns = new MutualTlsPolicy(c, 'Ns', { target: PolicyTarget.fromNamespace({ name: 'default' }), mode: MtlsMode.PERMISSIVE });
    expect(MutualTlsPolicy.resolve(c, 'default', labels).policy).toBe(ns);
    const wl = new MutualTlsPolicy(c, 'HelloMtls', { target: PolicyTarget.fromService(hello), portExceptions: [{ port: 8080, mode: MtlsMode.DISABLE }] });
    expect(MutualTlsPolicy.resolve(c, 'default', labels, 8080)).toEqual({ mode: MtlsMode.DISABLE, policy: wl });
    expect(MutualTlsPolicy.resolve(c, 'default', labels)).toEqual({ mode: MtlsMode.DISABLE, policy: wl });
    expect(MutualTlsPolicy.resolve(c, 'default', { app: world.name })).toEqual({ mode: MtlsMode.PERMISSIVE, policy: ns });
    expect(MutualTlsPolicy.resolve(c, 'other', { app: 'x' })).toEqual({ mode: MtlsMode.STRICT, policy: mesh });
  });

  test('warns when it turns mTLS off namespace-wide or targets pods without a sidecar', () => {
    const c = chart();
    const legacy = new MeshNamespace(c, 'Legacy', { name: 'legacy', injection: SidecarInjection.disabled() });
    const end = new MeshService(c, 'End', { name: 'end', namespace: legacy });
    new MutualTlsPolicy(c, 'Off', { target: PolicyTarget.fromNamespace(MeshNamespace.fromName('ns1')), mode: MtlsMode.DISABLE });
    new MutualTlsPolicy(c, 'EndMtls', { target: PolicyTarget.fromService(end) });
    expect(MeshValidation.of(c).warnings()).toEqual([
      "test/Off: 'mode' DISABLE turns mutual TLS off for namespace ns1: no caller identity is proven and traffic is plain text; use PERMISSIVE while migrating, or a workload policy for the one server that needs it",
      "test/EndMtls: 'target' is service legacy/end, whose pods have no sidecar (namespace legacy is not injected), so nothing enforces this PeerAuthentication; enable sidecar injection or drop it",
    ]);
  });

  test('a STRICT mesh policy raises no warning', () => {
    const c = chart();
    new MutualTlsPolicy(c, 'Mtls');
    expect(MeshValidation.of(c).warnings()).toEqual([]);
  });

  test('fails on a workload policy with no selector', () => {
    const c = chart();
    expect(() => new MutualTlsPolicy(c, 'Mtls', { target: PolicyTarget.selector(MeshNamespace.fromName('ns1'), {}) }))
      .toThrow("test/Mtls: 'target' is a workload policy with no selector, so it would apply to all of namespace ns1; select pods by at least one label (PolicyTarget.fromService(svc), PolicyTarget.fromWorkload(w)) or use PolicyTarget.fromNamespace(ns), got {}");
  });

  test('fails on a wildcard label value', () => {
    const c = chart();
    expect(() => new MutualTlsPolicy(c, 'Mtls', { target: PolicyTarget.selector(MeshNamespace.fromName('ns1'), { app: 'web-*' }) }))
      .toThrow("test/Mtls: 'target.matchLabels.app' must be a non-empty label value without wildcards, got \"web-*\"");
  });

  test('fails on an unknown mode', () => {
    const c = chart();
    expect(() => new MutualTlsPolicy(c, 'Mtls', { mode: 'ON' as MtlsMode })).toThrow("test/Mtls: 'mode' must be one of STRICT, PERMISSIVE, DISABLE, got \"ON\"");
  });

  test('fails on port exceptions of a mesh or namespace policy', () => {
    const c = chart();
    expect(() => new MutualTlsPolicy(c, 'Mtls', { portExceptions: [{ port: 8080, mode: MtlsMode.DISABLE }] }))
      .toThrow("test/Mtls: 'portExceptions' applies to workload policies only (istiod rejects port-level mTLS without a selector); target a service or workload, got the mesh");
  });

  test('fails on a port exception that is not a container port of the service', () => {
    const c = chart();
    const api = new MeshService(c, 'Api', { name: 'api', ports: [{ port: 80, targetPort: 8080 }] });
    expect(() => new MutualTlsPolicy(c, 'Mtls', { target: PolicyTarget.fromService(api), portExceptions: [{ port: 80, mode: MtlsMode.DISABLE }] }))
      .toThrow("test/Mtls: 'portExceptions[0]' must be a container port of service default/api (8080): the sidecar sees the port the pod listens on, not the Service port; got 80");
  });

  test('fails on a port given twice', () => {
    const c = chart();
    const api = new MeshService(c, 'Api', { name: 'api' });
    expect(() => new MutualTlsPolicy(c, 'Mtls', {
      target: PolicyTarget.fromService(api),
      portExceptions: [{ port: 8080, mode: MtlsMode.DISABLE }, { port: 8080, mode: MtlsMode.PERMISSIVE }],
    })).toThrow("test/Mtls: 'portExceptions[1].port' must be unique, got 8080 twice");
  });

  test('fails on a second mesh-wide policy', () => {
    const c = chart();
    new MutualTlsPolicy(c, 'First');
    expect(() => new MutualTlsPolicy(c, 'Second', { mode: MtlsMode.PERMISSIVE }))
      .toThrow("test/Second: 'target' must not repeat the mesh-wide policy test/First of namespace istio-system: Istio would apply only the oldest one; change that policy instead");
  });

  test('fails on an invalid name', () => {
    const c = chart();
    expect(() => new MutualTlsPolicy(c, 'Mtls', { name: 'Default' })).toThrow("test/Mtls: 'name' must be a DNS-1123 subdomain");
  });
});
