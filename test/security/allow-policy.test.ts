import {
  AllowPolicy, Caller, HttpMethod, MeshNamespace, MeshService, MtlsMode, MutualTlsPolicy, PolicyTarget, MeshValidation, RequestSource, SidecarInjection, Workload, WorkloadImage,
} from '../../lib';
import { expectRequest } from '../../lib/testing';
import { chart, find, synth, validationErrors } from '../util';

function threeServices() {
  const c = chart();
  const hello = new MeshService(c, 'Hello', { name: 'hello' });
  const world = new MeshService(c, 'World', { name: 'world' });
  const world2 = new MeshService(c, 'World2', { name: 'world-2' });
  for (const [id, service] of [['HelloV1', hello], ['WorldV1', world], ['World2V1', world2]] as const) {
    new Workload(c, id, { service, version: 'v1', image: WorkloadImage.httpEcho() });
  }
  return { c, hello, world, world2 };
}

describe('AllowPolicy', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => warn.mockRestore());

  test('emits an ALLOW security.istio.io/v1 policy with the callers\' principals, selecting the service', () => {
    const { c, hello, world } = threeServices();
    new MutualTlsPolicy(c, 'Mtls');
    new AllowPolicy(c, 'WorldViewer', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)], methods: [HttpMethod.GET, HttpMethod.HEAD] }] });
    const ap = find(synth(c), 'AuthorizationPolicy', 'world', 'default');
    expect(ap.apiVersion).toBe('security.istio.io/v1');
    expect(ap.spec).toEqual({
      selector: { matchLabels: { app: 'world' } },
      action: 'ALLOW',
      rules: [{
        from: [{ source: { principals: ['cluster.local/ns/default/sa/hello'] } }],
        to: [{ operation: { methods: ['GET', 'HEAD'] } }],
      }],
    });
  });

  test('only the named caller gets in, and only with the allowed methods', () => {
    const { c, hello, world } = threeServices();
    new MutualTlsPolicy(c, 'Mtls');
    new AllowPolicy(c, 'WorldViewer', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)], methods: [HttpMethod.GET] }] });
    expectRequest(c, { from: 'hello-v1', host: 'world' }).toBeAllowed();
    expectRequest(c, { from: 'hello-v1', host: 'world', method: 'POST' }).toBeDenied();
    expectRequest(c, { from: 'world-2-v1', host: 'world' }).toBeDenied();
    expectRequest(c, { from: Caller.ingressGateway(), host: 'world.default' }).toBeDenied();
    // hello itself has no policy: anyone with mTLS gets in
    expectRequest(c, { from: 'world-2-v1', host: 'hello' }).toBeAllowed().toUseMtls();
  });

  test('callers by workload, service account, ingress gateway and namespace; paths and ports', () => {
    const { c, hello, world } = threeServices();
    new MutualTlsPolicy(c, 'Mtls');
    const v1 = hello.workloads[0];
    new AllowPolicy(c, 'WorldCallers', {
      target: PolicyTarget.fromService(world),
      name: 'world-callers',
      rules: [
        { from: [Caller.fromService(v1), Caller.fromServiceAccount(MeshNamespace.fromName('batch'), 'reporter'), Caller.ingressGateway()] },
        { from: [Caller.fromNamespace(MeshNamespace.fromName('monitoring')), Caller.ingressGateway({ namespace: MeshNamespace.fromName('istio-ingress'), serviceAccount: 'gw' })], paths: ['/metrics', '/debug/*'], ports: [8080] },
      ],
    });
    const objects = synth(c);
    const ap = find(objects, 'AuthorizationPolicy', 'world-callers');
    expect(ap.spec.rules).toEqual([
      {
        from: [{ source: { principals: [
          'cluster.local/ns/default/sa/hello',
          'cluster.local/ns/batch/sa/reporter',
          'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
        ] } }],
      },
      {
        from: [{ source: { principals: ['cluster.local/ns/istio-ingress/sa/gw'] } }, { source: { namespaces: ['monitoring'] } }],
        to: [{ operation: { paths: ['/metrics', '/debug/*'], ports: ['8080'] } }],
      },
    ]);
    const monitoring = RequestSource.pod('monitoring', { serviceAccount: 'prometheus', sidecar: true });
    expectRequest(objects, { from: monitoring, host: 'world.default', path: '/debug/pprof' }).toBeAllowed();
    expectRequest(objects, { from: monitoring, host: 'world.default', path: '/' }).toBeDenied();
    expectRequest(objects, { from: Caller.ingressGateway(), host: 'world.default', method: 'DELETE', path: '/anything' }).toBeAllowed();
  });

  test('a workload target selects one Deployment and is named after it', () => {
    const { c, hello } = threeServices();
    new MutualTlsPolicy(c, 'Mtls');
    const v2 = new Workload(c, 'HelloV2', { service: hello, version: 'v2', image: WorkloadImage.httpEcho() });
    new AllowPolicy(c, 'V2', { target: PolicyTarget.fromWorkload(v2), rules: [{ from: [Caller.ingressGateway()] }] });
    expect(find(synth(c), 'AuthorizationPolicy', 'hello-v2').spec.selector.matchLabels)
      .toEqual({ 'app': 'hello', 'version': 'v2', 'app.kubernetes.io/instance': 'hello-v2' });
  });

  test('warns (printing once) when callers are named but mTLS is not STRICT in the chart', () => {
    const { c, hello, world } = threeServices();
    new AllowPolicy(c, 'WorldViewer', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)] }] });
    const message = "test/WorldViewer: 'rules[0].from' names callers, whose identity only mutual TLS proves, but mTLS for workload default/world-v1 is not set by any MutualTlsPolicy of this chart (Istio defaults to PERMISSIVE): plain-text requests carry no identity; make it STRICT with new MutualTlsPolicy(scope, id, { mode: MtlsMode.STRICT })";
    expect(MeshValidation.of(c).warnings()).toEqual([message]);
    synth(c);
    synth(c);
    expect(warn.mock.calls).toEqual([[`Warning: ${message}\n`]]);
  });

  test('warns about a PERMISSIVE workload exception, and not once the mesh is STRICT everywhere', () => {
    const { c, hello, world } = threeServices();
    new MutualTlsPolicy(c, 'Mtls');
    new AllowPolicy(c, 'WorldViewer', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)], ports: [8080] }] });
    expect(MeshValidation.of(c).warnings()).toEqual([]);
    new MutualTlsPolicy(c, 'WorldPermissive', { target: PolicyTarget.fromService(world), mode: MtlsMode.PERMISSIVE });
    expect(MeshValidation.of(c).warnings()).toEqual([
      "test/WorldViewer: 'rules[0].from' names callers, whose identity only mutual TLS proves, but mTLS for workload default/world-v1 port 8080 is PERMISSIVE (PeerAuthentication default/world): plain-text requests carry no identity; make it STRICT with new MutualTlsPolicy(scope, id, { mode: MtlsMode.STRICT })",
    ]);
    expectRequest(c, { from: RequestSource.pod('legacy'), host: 'world.default' }).toBeDenied();
  });

  test('fails at synth when callers are named but mTLS is DISABLE for the target', () => {
    const { c, hello, world } = threeServices();
    new MutualTlsPolicy(c, 'WorldOff', { target: PolicyTarget.fromService(world), mode: MtlsMode.DISABLE });
    new AllowPolicy(c, 'WorldViewer', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)] }, { methods: [HttpMethod.GET] }] });
    expect(validationErrors(c)).toEqual([
      "test/WorldViewer: 'rules[0].from' names callers, whose identity only mutual TLS proves, but mTLS for workload default/world-v1 is DISABLE (PeerAuthentication default/world), so the rule never matches; set MtlsMode.STRICT for those pods",
    ]);
  });

  test('warns when its pods have no sidecar', () => {
    const c = chart();
    const legacy = new MeshNamespace(c, 'Legacy', { name: 'legacy', injection: SidecarInjection.disabled() });
    const end = new MeshService(c, 'End', { name: 'end', namespace: legacy });
    new AllowPolicy(c, 'EndPolicy', { target: PolicyTarget.fromService(end), rules: [{ methods: [HttpMethod.GET] }] });
    expect(MeshValidation.of(c).warnings()).toEqual([
      "test/EndPolicy: 'target' is service legacy/end, whose pods have no sidecar (namespace legacy is not injected), so nothing enforces this AuthorizationPolicy; enable sidecar injection or drop it",
    ]);
  });

  test('fails without rules', () => {
    const { c, world } = threeServices();
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [] }))
      .toThrow("test/P: 'rules' must list at least one rule (an ALLOW policy without rules allows nothing; use DenyByDefault for that), got []");
  });

  test('fails on an empty caller list', () => {
    const { c, world } = threeServices();
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [{ from: [] }] }))
      .toThrow("test/P: 'rules[0].from' must list at least one caller; leave it out to allow any caller, got []");
  });

  test('fails on a caller that is not a Caller', () => {
    const { c, world } = threeServices();
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [{ from: ['cluster.local/ns/default/sa/hello' as unknown as Caller] }] }))
      .toThrow("test/P: 'rules[0].from[0]' must be a Caller such as Caller.fromService(hello), got \"cluster.local/ns/default/sa/hello\"");
  });

  test('fails on an invalid service account name', () => {
    const { c, world } = threeServices();
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromServiceAccount(MeshNamespace.fromName('batch'), 'Reporter')] }] }))
      .toThrow("test/P: 'rules[0].from[0].serviceAccount' must be a DNS-1123 subdomain");
  });

  test('fails on a method that is not an HTTP method', () => {
    const { c, world } = threeServices();
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [{ methods: [HttpMethod.GET, 'FETCH' as HttpMethod] }] }))
      .toThrow("test/P: 'rules[0].methods[1]' must be an HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, CONNECT, TRACE), got \"FETCH\"");
  });

  test('fails on a path without a leading slash', () => {
    const { c, world } = threeServices();
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [{ paths: ['login'] }] }))
      .toThrow("test/P: 'rules[0].paths[0]' must start with \"/\" (e.g. \"/login\" or \"/api/*\"), got \"login\"");
  });

  test('fails on a wildcard inside a path', () => {
    const { c, world } = threeServices();
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [{ paths: ['/api/*/items'] }] }))
      .toThrow("test/P: 'rules[0].paths[0]' may contain \"*\" only at the end (a prefix match such as \"/api/*\") or as a \"{*}\" or \"{**}\" segment, got \"/api/*/items\"");
  });

  test('fails on a path with a query', () => {
    const { c, world } = threeServices();
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [{ paths: ['/search?q=1'] }] }))
      .toThrow("test/P: 'rules[0].paths[0]' must be a path without query, fragment or spaces (Istio matches the normalized path only), got \"/search?q=1\"");
  });

  test('fails on a port that is not a container port of the service', () => {
    const c = chart();
    const api = new MeshService(c, 'Api', { name: 'api', ports: [{ port: 80, targetPort: 8080 }] });
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(api), rules: [{ ports: [80] }] }))
      .toThrow("test/P: 'rules[0].ports[0]' must be a container port of service default/api (8080): the sidecar sees the port the pod listens on, not the Service port; got 80");
  });

  test('fails on a workload target with no selector', () => {
    const c = chart();
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.selector(MeshNamespace.fromName('ns1'), {}), rules: [{}] }))
      .toThrow("test/P: 'target' is a workload policy with no selector, so it would apply to all of namespace ns1;");
  });
});
