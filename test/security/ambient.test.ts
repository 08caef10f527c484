import { ApiObject, Chart } from 'cdk8s';
import {
  AllowPolicy, Caller, Condition, DataPlaneMode, DenyByDefault, DenyPolicy, EnforcementPoint, HttpMethod, JwksSource, JwtProtectedService, MeshNamespace,
  MeshService, MeshValidation, MtlsMode, MutualTlsPolicy, PolicyTarget, RequestAuthentication, Waypoint, Workload, WorkloadImage,
} from '../../lib';
import { chart, find, ofKind, synth, validationErrors } from '../util';

/** hello calls world in namespace `shop`, in `dataPlane` mode. */
function shop(dataPlane: DataPlaneMode = DataPlaneMode.AMBIENT) {
  const c = chart();
  const ns = new MeshNamespace(c, 'Ns', { name: 'shop', dataPlane });
  const hello = new MeshService(c, 'Hello', { name: 'hello', namespace: ns });
  const world = new MeshService(c, 'World', { name: 'world', namespace: ns });
  const worldV1 = new Workload(c, 'WorldV1', { service: world, version: 'v1', image: WorkloadImage.httpEcho() });
  new Workload(c, 'HelloV1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho({ next: world }) });
  new MutualTlsPolicy(c, 'Strict', { target: PolicyTarget.fromNamespace(ns) });
  return { c, ns, hello, world, worldV1 };
}

/** The chart's objects without its validations (which fail on the declared call the test expects to fail). */
const objectsOf = (c: Chart) => c.node.findAll().filter(ApiObject.isApiObject).map(o => o.toJson());

const FIX = "add one: const waypoint = new Waypoint(scope, 'Waypoint', { namespace }); waypoint.serve(service) before this policy";

describe('security constructs in ambient mode', () => {
  test('an L4 policy without a waypoint is enforced by ztunnel, through the selector', () => {
    const { c, hello, world } = shop();
    const policy = new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)], ports: [8080] }] });
    expect(policy.enforcedBy).toBe(EnforcementPoint.ZTUNNEL);
    const spec = find(synth(c), 'AuthorizationPolicy', 'world').spec;
    expect(spec.selector).toEqual({ matchLabels: { app: 'world' } });
    expect(spec.targetRefs).toBeUndefined();
  });

  test('fails a pod-selected L7 policy in ambient without a waypoint, naming the fix', () => {
    const { c, hello, world } = shop();
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)], methods: [HttpMethod.GET] }] }))
      .toThrow(`test/P: 'rules[0].methods' is an L7 attribute, which ztunnel cannot enforce (it would drop the rule: an ALLOW rule that never matches, a DENY rule that matches every request): service shop/world is in ambient namespace shop and no waypoint enforces policies for it; ${FIX}; got ["GET"]`);
  });

  test('fails L7 conditions without a waypoint, and takes L4 conditions to ztunnel', () => {
    const { c, world } = shop();
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [{ when: [Condition.requestHeader('x-token', ['admin'])] }] }))
      .toThrow("'rules[0].when[0]' is an L7 attribute, which ztunnel cannot enforce (");
    const l4 = new AllowPolicy(c, 'Q', { target: PolicyTarget.fromService(world), name: 'q', rules: [{ ipBlocks: ['10.0.0.0/8'], when: [Condition.sourceIp(['10.1.0.0/16'])] }] });
    expect(l4.enforcedBy).toBe(EnforcementPoint.ZTUNNEL);
  });

  test('with a waypoint serving the service, L7 and L4 policies attach to the Service through targetRefs', () => {
    const { c, ns, hello, world } = shop();
    new Waypoint(c, 'Waypoint', { namespace: ns }).serve(world);
    const l7 = new AllowPolicy(c, 'L7', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)], methods: [HttpMethod.GET] }] });
    const l4 = new AllowPolicy(c, 'L4', { target: PolicyTarget.fromService(world), name: 'world-l4', rules: [{ from: [Caller.fromService(hello)] }] });
    expect([l7.enforcedBy, l4.enforcedBy]).toEqual([EnforcementPoint.WAYPOINT, EnforcementPoint.WAYPOINT]);
    const objects = synth(c);
    for (const name of ['world', 'world-l4']) {
      const spec = find(objects, 'AuthorizationPolicy', name).spec;
      expect(spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'world' }]);
      expect(spec.selector).toBeUndefined();
    }
  });

  test('a namespace policy attaches to the waypoint Gateway the namespace uses', () => {
    const { c, ns } = shop();
    new Waypoint(c, 'Waypoint', { namespace: ns, name: 'shop-waypoint' }).serve(ns);
    new AllowPolicy(c, 'P', { target: PolicyTarget.fromNamespace(ns), name: 'reads', rules: [{ methods: [HttpMethod.GET] }] });
    expect(find(synth(c), 'AuthorizationPolicy', 'reads').spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop-waypoint' }]);
  });

  test('fails an L7 policy on one workload even with a waypoint: policies reach a waypoint through a Service or the Gateway', () => {
    const { c, ns, world, worldV1 } = shop();
    new Waypoint(c, 'Waypoint', { namespace: ns }).serve(world);
    expect(() => new AllowPolicy(c, 'P', { target: PolicyTarget.fromWorkload(worldV1), rules: [{ paths: ['/api/*'] }] }))
      .toThrow("'rules[0].paths' is an L7 attribute, which ztunnel cannot enforce (it would drop the rule: an ALLOW rule that never matches, a DENY rule that matches every request): workload shop/world-v1 is in ambient namespace shop and no waypoint enforces policies for it; policies reach a waypoint through a Service or the waypoint's Gateway only; target PolicyTarget.fromService(svc)");
  });

  test('sidecar mode keeps the selector, whatever the rule', () => {
    const { c, world } = shop(DataPlaneMode.SIDECAR);
    const policy = new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [{ methods: [HttpMethod.GET] }] });
    expect(policy.enforcedBy).toBe(EnforcementPoint.SIDECAR);
    expect(find(synth(c), 'AuthorizationPolicy', 'world').spec.selector).toEqual({ matchLabels: { app: 'world' } });
  });

  test('an imported namespace declared ambient takes its policies to ztunnel and its services to a waypoint; undeclared stays sidecar', () => {
    const c = chart();
    const imported = MeshNamespace.fromName('shop', { dataPlane: DataPlaneMode.AMBIENT });
    const svc = new MeshService(c, 'Svc', { name: 'svc', namespace: imported });
    const l4 = new AllowPolicy(c, 'L4', { target: PolicyTarget.fromNamespace(imported), rules: [{ ports: [8080] }] });
    expect(l4.enforcedBy).toBe(EnforcementPoint.ZTUNNEL);
    expect(() => new AllowPolicy(c, 'L7', { target: PolicyTarget.fromNamespace(imported), rules: [{ methods: [HttpMethod.GET] }] }))
      .toThrow("test/L7: 'rules[0].methods' is an L7 attribute, which ztunnel cannot enforce");
    new Waypoint(c, 'Waypoint', { namespace: imported }).serve(svc);
    const l7 = new AllowPolicy(c, 'Svc7', { target: PolicyTarget.fromService(svc), rules: [{ methods: [HttpMethod.GET] }] });
    expect(l7.enforcedBy).toBe(EnforcementPoint.WAYPOINT);
    const sidecar = new AllowPolicy(c, 'Other', { target: PolicyTarget.fromNamespace(MeshNamespace.fromName('other')), rules: [{ methods: [HttpMethod.GET] }] });
    expect(sidecar.enforcedBy).toBe(EnforcementPoint.SIDECAR);
  });

  test('policies in ambient namespaces do not warn that the pods have no sidecar', () => {
    const { c, world } = shop();
    new AllowPolicy(c, 'P', { target: PolicyTarget.fromService(world), rules: [{ ports: [8080] }] });
    expect(MeshValidation.of(c).warnings().filter(w => w.includes('no sidecar'))).toEqual([]);
  });

  test('DenyByDefault denies at ztunnel, and with a waypoint also at the waypoint, letting the waypoint through at ztunnel', () => {
    const { c, ns, world } = shop();
    new Waypoint(c, 'Waypoint', { namespace: ns }).serve(world);
    const deny = new DenyByDefault(c, 'Deny', { namespace: ns });
    expect(deny.waypointPolicies).toHaveLength(2);
    // The mesh model denies hello's declared call to world at the waypoint (allow-nothing-waypoint).
    expect(validationErrors(c)).toEqual([expect.stringMatching(/declared call to world:8080 gives 403, expected ok: .*403 at waypoint shop\/waypoint: denied: no rule of ALLOW AuthorizationPolicy shop\/allow-nothing-waypoint matches/)]);
    const objects = objectsOf(c);
    expect(find(objects, 'AuthorizationPolicy', 'allow-nothing').spec).toEqual({});
    expect(find(objects, 'AuthorizationPolicy', 'allow-nothing-waypoint').spec).toEqual({ targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }] });
    expect(find(objects, 'AuthorizationPolicy', 'allow-nothing-from-waypoints').spec).toEqual({
      action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/waypoint'] } }] }],
    });
  });

  test('DenyByDefault without a waypoint is the one allow-nothing policy of sidecar mode', () => {
    const { c, ns } = shop();
    new DenyByDefault(c, 'Deny', { namespace: ns });
    // ztunnel denies hello's declared call to world (allow-nothing, L4).
    expect(validationErrors(c)).toEqual([expect.stringMatching(/declared call to world:8080 gives 403, expected ok: shop\/hello-v1 → shop\/world-v1: 403: denied: no rule of ALLOW AuthorizationPolicy shop\/allow-nothing matches/)]);
    expect(ofKind(objectsOf(c), 'AuthorizationPolicy').map(o => o.metadata.name)).toEqual(['allow-nothing']);
  });

  test('JwtProtectedService attaches its three policies to the waypoint of the service', () => {
    const { c, ns, world } = shop();
    new Waypoint(c, 'Waypoint', { namespace: ns }).serve(world);
    new JwtProtectedService(c, 'Jwt', { target: PolicyTarget.fromService(world), issuer: 'https://issuer.example.com', jwks: JwksSource.fromUri('https://issuer.example.com/jwks') });
    // hello's declared call to world carries no token: the waypoint denies it (require-token).
    expect(validationErrors(c)).toEqual([expect.stringMatching(/declared call to world:8080 gives 403, expected ok: .*403 at waypoint shop\/waypoint: denied by DENY AuthorizationPolicy shop\/world-jwt-require-token/)]);
    const objects = objectsOf(c);
    for (const [kind, name] of [['RequestAuthentication', 'world-jwt'], ['AuthorizationPolicy', 'world-jwt'], ['AuthorizationPolicy', 'world-jwt-require-token']]) {
      const spec = find(objects, kind, name).spec;
      expect(spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'world' }]);
      expect(spec.selector).toBeUndefined();
    }
  });

  test('fails JWT verification in ambient without a waypoint, naming the fix', () => {
    const { c, world } = shop();
    expect(() => new JwtProtectedService(c, 'Jwt', { target: PolicyTarget.fromService(world), issuer: 'https://issuer.example.com', jwks: JwksSource.fromUri('https://issuer.example.com/jwks') }))
      .toThrow(`test/Jwt: 'issuer' is an L7 attribute, which ztunnel cannot enforce (it would drop the rule: an ALLOW rule that never matches, a DENY rule that matches every request): service shop/world is in ambient namespace shop and no waypoint enforces policies for it; ${FIX}; got "https://issuer.example.com"`);
    expect(() => new RequestAuthentication(c, 'Ra', { target: PolicyTarget.fromService(world), jwtRules: [{ issuer: 'https://issuer.example.com' }] }))
      .toThrow("test/Ra: 'jwtRules' is an L7 attribute, which ztunnel cannot enforce (");
  });

  test('fails MtlsMode.DISABLE in ambient, which ztunnel does not support', () => {
    const { c, world } = shop();
    expect(() => new MutualTlsPolicy(c, 'Off', { target: PolicyTarget.fromService(world), mode: MtlsMode.DISABLE }))
      .toThrow("test/Off: 'mode' DISABLE is not supported in ambient mode (ztunnel always speaks mutual TLS between ambient pods), got it for service shop/world; use MtlsMode.PERMISSIVE to admit plain-text clients");
    expect(() => new MutualTlsPolicy(c, 'Port', { target: PolicyTarget.fromService(world), portExceptions: [{ port: 8080, mode: MtlsMode.DISABLE }] }))
      .toThrow("test/Port: 'portExceptions[0].mode' DISABLE is not supported in ambient mode");
  });
});

describe('enforcement point chosen before the waypoint', () => {
  test('fails when a waypoint starts serving the target after the policy was created', () => {
    const { c, ns, hello, world } = shop();
    new AllowPolicy(c, 'Early', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)] }] });
    new Waypoint(c, 'Waypoint', { namespace: ns }).serve(world);
    expect(() => synth(c)).toThrow("test/Early: 'target' service shop/world uses waypoint shop/waypoint since waypoint.serve(...) was called after this policy was created, so the policy is not attached to it; create the policy after serve");
  });
});

test('DenyByDefault fails when a waypoint starts serving the namespace after it', () => {
  const { c, ns } = shop();
  new DenyByDefault(c, 'Deny', { namespace: ns });
  new Waypoint(c, 'Waypoint', { namespace: ns }).serve(ns);
  expect(() => synth(c)).toThrow("test/Deny: 'namespace' shop uses waypoints that served it only after this policy was created, so it neither denies at them nor lets them through at ztunnel; create DenyByDefault after waypoint.serve(...)");
});

describe('policies ztunnel enforces behind a waypoint', () => {
  const WHY = 'names callers, but ztunnel enforces this policy on';

  test('fails a workload policy naming callers when its service uses a waypoint: ztunnel sees the waypoint as the peer', () => {
    const { c, ns, hello, world, worldV1 } = shop();
    new Waypoint(c, 'Waypoint', { namespace: ns }).serve(world);
    const p = new DenyPolicy(c, 'P', { target: PolicyTarget.fromWorkload(worldV1), rules: [{ from: [Caller.fromService(hello)] }] });
    expect(p.enforcedBy).toBe(EnforcementPoint.ZTUNNEL);
    expect(validationErrors(c)).toContain(`test/P: 'rules[0].from' ${WHY} workload shop/world-v1, whose traffic comes through waypoint shop/waypoint, which ztunnel sees as the peer (an ALLOW rule refuses the callers, a DENY rule lets them through); target PolicyTarget.fromService(service) of service shop/world, so that the waypoint enforces it, got [{"source":{"principals":["cluster.local/ns/shop/sa/hello"]}}]`);
  });

  test('fails a namespace policy naming callers when only its services use waypoints', () => {
    const { c, ns, hello, world } = shop();
    new Waypoint(c, 'Waypoint', { namespace: ns }).serve(world);
    new AllowPolicy(c, 'P', { target: PolicyTarget.fromNamespace(ns), rules: [{ from: [Caller.fromService(hello)] }] });
    expect(validationErrors(c).filter(e => e.includes(WHY))).toEqual([expect.stringContaining("test/P: 'rules[0].from' names callers, but ztunnel enforces this policy on namespace shop, whose traffic comes through waypoint shop/waypoint")]);
  });

  test('accepts selector policies without callers, policies that let the waypoint through, and namespaces without waypoints', () => {
    const { c, ns, hello, world, worldV1 } = shop();
    new AllowPolicy(c, 'NoWaypointYet', { name: 'a', target: PolicyTarget.fromWorkload(worldV1), rules: [{ from: [Caller.fromService(hello)] }] });
    const other = new MeshNamespace(c, 'Other', { name: 'other', dataPlane: DataPlaneMode.AMBIENT });
    new Waypoint(c, 'Waypoint', { namespace: other }).serve(other);
    const svc = new MeshService(c, 'Svc', { name: 'svc', namespace: other });
    new Workload(c, 'SvcV1', { service: svc, version: 'v1', image: WorkloadImage.httpEcho() });
    new AllowPolicy(c, 'Ports', { name: 'b', target: PolicyTarget.selector(other, { app: 'svc' }), rules: [{ ports: [8080] }] });
    new AllowPolicy(c, 'Own', { name: 'c', target: PolicyTarget.selector(other, { app: 'svc' }), rules: [{ from: [Caller.fromServiceAccount(other, 'waypoint')] }] });
    void ns; void world;
    expect(validationErrors(c).filter(e => e.includes(WHY))).toEqual([]);
  });
});
