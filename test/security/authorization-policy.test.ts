import { Chart, Testing } from 'cdk8s';
import {
  AllowPolicy, AuditPolicy, Caller, Condition, CustomPolicy, DenyPolicy, ExtensionProvider, HelloWorldMesh, HttpMethod, IstioInstallation,
  MeshNamespace, MeshService, MeshValidation, MtlsMode, MutualTlsPolicy, PolicyAction, PolicyTarget, RequestSource, Workload, WorkloadImage,
} from '../../lib';
import { expectRequest } from '../../lib/testing';
import { MeshModel, Outcome } from '../../lib/model';
import { chart, find, synth, validationErrors } from '../util';

function twoServices(c: Chart = chart()) {
  const hello = new MeshService(c, 'Hello', { name: 'hello' });
  const world = new MeshService(c, 'World', { name: 'world' });
  new Workload(c, 'HelloV1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
  new Workload(c, 'WorldV1', { service: world, version: 'v1', image: WorkloadImage.httpEcho() });
  new MutualTlsPolicy(c, 'Mtls', { mode: MtlsMode.STRICT });
  return { c, hello, world };
}

describe('DenyPolicy', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => warn.mockRestore());

  test('a DENY by header denies matching requests only, even where an ALLOW policy admits them', () => {
    const { c, hello, world } = twoServices();
    new AllowPolicy(c, 'Allow', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)] }] });
    const deny = new DenyPolicy(c, 'NoBadToken', {
      target: PolicyTarget.fromService(world),
      name: 'no-bad-token',
      rules: [{ methods: [HttpMethod.POST], when: [Condition.requestHeader('x-token', ['bad', 'expired*'])] }],
    });
    expect(deny.action).toBe(PolicyAction.DENY);
    const ap = find(synth(c), 'AuthorizationPolicy', 'no-bad-token', 'default');
    expect(ap.spec).toEqual({
      selector: { matchLabels: { app: 'world' } },
      action: 'DENY',
      rules: [{ to: [{ operation: { methods: ['POST'] } }], when: [{ key: 'request.headers[x-token]', values: ['bad', 'expired*'] }] }],
    });
    expectRequest(c, { from: 'hello-v1', host: 'world', method: 'POST', headers: { 'x-token': 'bad' } }).toBeDenied();
    expectRequest(c, { from: 'hello-v1', host: 'world', method: 'POST', headers: { 'x-token': 'expired-2024' } }).toBeDenied();
    expectRequest(c, { from: 'hello-v1', host: 'world', method: 'POST', headers: { 'x-token': 'good' } }).toBeAllowed();
    expectRequest(c, { from: 'hello-v1', host: 'world', method: 'GET', headers: { 'x-token': 'bad' } }).toBeAllowed();
  });

  test('not* fields: deny every caller except one, every method but GET, outside a path', () => {
    const { c, hello, world } = twoServices();
    new DenyPolicy(c, 'OnlyHello', {
      target: PolicyTarget.fromService(world),
      rules: [{ notFrom: [Caller.fromService(hello)], notMethods: [HttpMethod.GET], notPaths: ['/public/*'] }],
    });
    const ap = find(synth(c), 'AuthorizationPolicy', 'world');
    expect(ap.spec.rules).toEqual([{
      from: [{ source: { notPrincipals: ['cluster.local/ns/default/sa/hello'] } }],
      to: [{ operation: { notMethods: ['GET'], notPaths: ['/public/*'] } }],
    }]);
    const gateway = Caller.ingressGateway();
    expectRequest(c, { from: gateway, host: 'world.default', method: 'POST', path: '/api' }).toBeDenied();
    expectRequest(c, { from: gateway, host: 'world.default', method: 'GET', path: '/api' }).toBeAllowed();
    expectRequest(c, { from: gateway, host: 'world.default', method: 'POST', path: '/public/x' }).toBeAllowed();
    expectRequest(c, { from: 'hello-v1', host: 'world', method: 'POST', path: '/api' }).toBeAllowed();
  });

  test('callers are alternatives; the other source fields hold for each of them', () => {
    const { c, hello, world } = twoServices();
    new DenyPolicy(c, 'D', {
      target: PolicyTarget.fromService(world),
      rules: [{
        from: [Caller.fromService(hello), Caller.fromNamespace(MeshNamespace.fromName('batch'))],
        notRequestPrincipals: ['*'],
        remoteIpBlocks: ['203.0.113.0/24'],
        notIpBlocks: ['10.0.0.1'],
      }],
    });
    const common = { notRequestPrincipals: ['*'], remoteIpBlocks: ['203.0.113.0/24'], notIpBlocks: ['10.0.0.1'] };
    expect(find(synth(c), 'AuthorizationPolicy', 'world').spec.rules[0].from).toEqual([
      { source: { principals: ['cluster.local/ns/default/sa/hello'], ...common } },
      { source: { namespaces: ['batch'], ...common } },
    ]);
  });

  test('a gateway DENY by client address: denied inside the block, allowed outside, unknown without an address', () => {
    const c = chart();
    const mesh = new HelloWorldMesh(c, 'Hello', { gatewayHosts: ['hello.example.com'] });
    new DenyPolicy(c, 'Blocklist', {
      target: PolicyTarget.selector(MeshNamespace.fromName('istio-system'), { ...mesh.gateway.selector }),
      name: 'blocklist',
      rules: [{ remoteIpBlocks: ['203.0.113.0/24'] }, { when: [Condition.remoteIp(['198.51.100.7'])] }],
    });
    const outsider = (remoteIp?: string) => expectRequest(c, { from: RequestSource.ingressGateway({ remoteIp }), host: 'hello.example.com', path: '/hello' });
    outsider('203.0.113.9').toFailWith(403);
    outsider('198.51.100.7').toBeDenied();
    outsider('192.0.2.1').toBeAllowed().toReach(mesh.hello);
    expect(outsider(undefined).trace.outcome).toBe(Outcome.UNKNOWN);
  });

  test('warns, as istiod does, when a DENY rule uses only HTTP attributes (it denies every TCP connection); not with ports or a TCP attribute', () => {
    const { c, world } = twoServices();
    new DenyPolicy(c, 'Http', { target: PolicyTarget.fromService(world), name: 'http', rules: [{ methods: [HttpMethod.POST] }, { notRequestPrincipals: ['*'] }] });
    new DenyPolicy(c, 'Ported', { target: PolicyTarget.fromService(world), name: 'ported', rules: [{ methods: [HttpMethod.POST], ports: [8080] }, { notRequestPrincipals: ['*'], ipBlocks: ['10.0.0.0/8'] }] });
    new DenyPolicy(c, 'WhenOnly', { target: PolicyTarget.fromService(world), name: 'when-only', rules: [{ when: [Condition.requestHeader('x-token', ['bad'])] }] });
    const tcp = (i: number) => `test/Http: 'rules[${i}]' uses only HTTP attributes, so on the TCP ports of the target it denies every connection (istiod warns so too); name the HTTP ports in 'ports'`;
    expect(MeshValidation.of(c).warnings()).toEqual([tcp(0), tcp(1)]);
  });

  test('fails without rules, as istiod does', () => {
    const { c, world } = twoServices();
    expect(() => new DenyPolicy(c, 'D', { target: PolicyTarget.fromService(world), rules: [] }))
      .toThrow("test/D: 'rules' must list at least one rule (a DENY policy without rules never acts, and istiod rejects it; [{}] matches every request), got []");
  });

  test('fails bad ip blocks, request principals and hosts', () => {
    const { c, world } = twoServices();
    let n = 0;
    const deny = (rule: object) => () => new DenyPolicy(c, `D${n++}`, { target: PolicyTarget.fromService(world), name: 'd', rules: [rule] });
    expect(deny({ ipBlocks: ['10.0.0.0/33'] })).toThrow(/: 'rules\[0\]\.ipBlocks\[0\]' must be an IPv4 or IPv6 address or CIDR range such as "203.0.113.0\/24", got "10.0.0.0\/33"$/);
    expect(deny({ notRemoteIpBlocks: [] })).toThrow(/: 'rules\[0\]\.notRemoteIpBlocks' must list at least one address or CIDR range such as "203.0.113.0\/24"; leave it out to match any address, got \[\]$/);
    expect(deny({ requestPrincipals: ['alice'] })).toThrow(/: 'rules\[0\]\.requestPrincipals\[0\]' must be "<issuer>\/<subject>" \(request principal\), "<issuer>\/\*" or "\*", got "alice"$/);
    expect(deny({ hosts: ['a*b.example.com'] })).toThrow(/: 'rules\[0\]\.hosts\[0\]' must be a host such as "example.com", "example.com:\*" or "\*.example.com" \(one "\*" at the start or end\), got "a\*b.example.com"$/);
    expect(deny({ notFrom: ['hello'] })).toThrow(/: 'rules\[0\]\.notFrom\[0\]' must be a Caller such as Caller.fromService\(hello\), got "hello"$/);
  });
});

describe('Condition', () => {
  const render = (condition: Condition) => {
    const c = chart();
    const world = new MeshService(c, 'World', { name: 'world' });
    return new DenyPolicy(c, 'D', { target: PolicyTarget.fromService(world), rules: [{ when: [condition] }] });
  };
  const when = (condition: Condition) => find(Testing.synth(Chart.of(render(condition))), 'AuthorizationPolicy', 'world').spec.rules[0].when;

  test('factories name the keys istiod knows; excluding() sets notValues', () => {
    const cases: [Condition, object][] = [
      [Condition.requestHeader('x-token', ['a']), { key: 'request.headers[x-token]', values: ['a'] }],
      [Condition.remoteIp(['203.0.113.0/24']).excluding(['203.0.113.7']), { key: 'remote.ip', values: ['203.0.113.0/24'], notValues: ['203.0.113.7'] }],
      [Condition.sourceIp(['10.0.0.0/8']), { key: 'source.ip', values: ['10.0.0.0/8'] }],
      [Condition.requestAuthClaim('groups', ['admins']), { key: 'request.auth.claims[groups]', values: ['admins'] }],
      [Condition.sourceNamespace().excluding(['legacy']), { key: 'source.namespace', notValues: ['legacy'] }],
      [Condition.sourcePrincipal(['cluster.local/ns/default/sa/hello']), { key: 'source.principal', values: ['cluster.local/ns/default/sa/hello'] }],
      [Condition.sourceServiceAccount(['default/hello']), { key: 'source.serviceAccount', values: ['default/hello'] }],
      [Condition.sourceTrustDomain(['*.local']), { key: 'source.trustDomain', values: ['*.local'] }],
      [Condition.requestPrincipal(['https://idp/alice']), { key: 'request.auth.principal', values: ['https://idp/alice'] }],
      [Condition.requestAudiences(['shop']), { key: 'request.auth.audiences', values: ['shop'] }],
      [Condition.requestPresenter(['web']), { key: 'request.auth.presenter', values: ['web'] }],
      [Condition.destinationIp(['10.1.2.3']), { key: 'destination.ip', values: ['10.1.2.3'] }],
      [Condition.destinationPort([8080]), { key: 'destination.port', values: ['8080'] }],
      [Condition.connectionSni(['shop.example.com']), { key: 'connection.sni', values: ['shop.example.com'] }],
      [Condition.experimentalEnvoyFilter('network.mysql_proxy[db.table]', ['[update]']), { key: 'experimental.envoy.filters.network.mysql_proxy[db.table]', values: ['[update]'] }],
      [Condition.fromKey('request.auth.claims[realm][roles]', ['admin']), { key: 'request.auth.claims[realm][roles]', values: ['admin'] }],
    ];
    for (const [condition, expected] of cases) expect(when(condition)).toEqual([expected]);
  });

  test('a claim condition is judged on the verified token', () => {
    const { c, world } = twoServices();
    new DenyPolicy(c, 'NoGuests', { target: PolicyTarget.fromService(world), rules: [{ when: [Condition.requestAuthClaim('groups', ['guests'])] }] });
    new DenyPolicy(c, 'NoLegacy', { target: PolicyTarget.fromService(world), name: 'no-legacy', rules: [{ when: [Condition.sourceNamespace(['legacy'])] }] });
    expectRequest(c, { from: 'hello-v1', host: 'world' }).toBeAllowed();
    expectRequest(c, { from: RequestSource.pod('legacy', { sidecar: true }), host: 'world.default' }).toBeDenied();
  });

  test('fails unknown keys and keys istiod refuses, with its reason', () => {
    expect(() => render(Condition.fromKey('request.header[x-token]', ['a'])))
      .toThrow(/^test\/D: 'rules\[0\]\.when\[0\]\.key' is not a condition key istiod knows \(unknown attribute\), got "request.header\[x-token\]"; use a Condition factory such as Condition.requestHeader\("x-token", \[...\]\) or one of source.ip, remote.ip, /);
    expect(() => render(Condition.fromKey('destination.labels[version]', ['v1'])))
      .toThrow("test/D: 'rules[0].when[0].key' is replaced by the workload selector (the policy's target): istiod rejects it, got \"destination.labels[version]\"");
    expect(() => render(Condition.fromKey('destination.name', ['hello'])))
      .toThrow("test/D: 'rules[0].when[0].key' was only supported in v1alpha1 (deprecated): istiod rejects it, got \"destination.name\"");
    expect(() => render(Condition.requestHeader('', ['a'])))
      .toThrow("test/D: 'rules[0].when[0].key' must have the form request.headers[<name>] with a non-empty name, got \"request.headers[]\"");
  });

  test('fails bad values as istiod does', () => {
    expect(() => render(Condition.remoteIp(['10.0.0.300'])))
      .toThrow("test/D: 'rules[0].when[0].values' must be IPv4 or IPv6 addresses or CIDR ranges such as \"203.0.113.0/24\", but \"10.0.0.300\" is not (key remote.ip), got [\"10.0.0.300\"]");
    expect(() => render(Condition.destinationPort([70000])))
      .toThrow("test/D: 'rules[0].when[0].values' must be ports from 0 to 65535, but \"70000\" is not (key destination.port), got [\"70000\"]");
    expect(() => render(Condition.sourceServiceAccount(['default/*'])))
      .toThrow("test/D: 'rules[0].when[0].values' must be \"<namespace>/<serviceAccount>\" or \"<serviceAccount>\" without wildcards, but \"default/*\" is not (key source.serviceAccount), got [\"default/*\"]");
    expect(() => render(Condition.sourceTrustDomain(['a*b'])))
      .toThrow("test/D: 'rules[0].when[0].values' may use \"*\" only once, at the start or end, but \"a*b\" does not (key source.trustDomain), got [\"a*b\"]");
    expect(() => render(Condition.requestHeader('x-token', [''])))
      .toThrow("test/D: 'rules[0].when[0].values[0]' must be a non-empty string (key request.headers[x-token]), got \"\"");
    expect(() => render(Condition.requestHeader('x-token', [])))
      .toThrow("test/D: 'rules[0].when[0].values' must list at least one value (key request.headers[x-token]), got []");
    expect(() => render(Condition.requestHeader('x-token')))
      .toThrow("test/D: 'rules[0].when[0]' must set values or notValues (key request.headers[x-token]), got neither; pass values to the factory or call .excluding([...])");
  });
});

describe('AuditPolicy', () => {
  test('only logs: a matching request is still allowed', () => {
    const { c, world } = twoServices();
    const audit = new AuditPolicy(c, 'Audit', { target: PolicyTarget.fromService(world), rules: [{ paths: ['/admin/*'] }] });
    expect(audit.action).toBe(PolicyAction.AUDIT);
    expect(find(synth(c), 'AuthorizationPolicy', 'world').spec).toEqual({
      selector: { matchLabels: { app: 'world' } }, action: 'AUDIT', rules: [{ to: [{ operation: { paths: ['/admin/*'] } }] }],
    });
    const trace = expectRequest(c, { from: 'hello-v1', host: 'world', path: '/admin/users' }).toBeAllowed().trace;
    expect(trace.notes).toContain('AuthorizationPolicy default/world is AUDIT: it only logs');
  });
});

describe('CustomPolicy', () => {
  const extAuthz = ExtensionProvider.extAuthzHttp('sample-ext-authz-http', { service: 'ext-authz.foo.svc.cluster.local', port: 8000 });

  test('sends matching requests to the ext-authz provider the installation declares; the model does not decide them', () => {
    const app = Testing.app();
    const install = new IstioInstallation(new Chart(app, 'install'), 'Istio', { extensionProviders: [ExtensionProvider.jaeger(), extAuthz] });
    expect(install.spec.meshConfig?.extensionProviders).toContainEqual({ name: 'sample-ext-authz-http', envoyExtAuthzHttp: { service: 'ext-authz.foo.svc.cluster.local', port: 8000 } });
    const { c, world } = twoServices(new Chart(app, 'test'));
    const custom = new CustomPolicy(c, 'ExtAuthz', { target: PolicyTarget.fromService(world), provider: 'sample-ext-authz-http', rules: [{ paths: ['/headers'] }] });
    expect(custom.action).toBe(PolicyAction.CUSTOM);
    expect(validationErrors(c)).toEqual([]);
    expect(find(Testing.synth(c), 'AuthorizationPolicy', 'world').spec).toEqual({
      selector: { matchLabels: { app: 'world' } }, action: 'CUSTOM', provider: { name: 'sample-ext-authz-http' }, rules: [{ to: [{ operation: { paths: ['/headers'] } }] }],
    });
    const decided = MeshModel.fromObjects(Testing.synth(c)).request({ source: RequestSource.pod('default', { serviceAccount: 'hello', sidecar: true }), host: 'world', path: '/headers' });
    expect(decided.outcome).toBe(Outcome.UNKNOWN);
    expectRequest(c, { from: 'hello-v1', host: 'world', path: '/ip' }).toBeAllowed();
  });

  test('ext-authz providers are authorizers, not tracing or metrics backends', () => {
    const grpc = ExtensionProvider.extAuthzGrpc('ext-authz-grpc', { service: 'ext-authz.foo.svc.cluster.local', port: 9000 });
    expect(grpc.toMeshConfig()).toEqual({ name: 'ext-authz-grpc', envoyExtAuthzGrpc: { service: 'ext-authz.foo.svc.cluster.local', port: 9000 } });
    expect([grpc.authorization, grpc.tracing, grpc.metrics, ExtensionProvider.jaeger().authorization]).toEqual([true, false, false, false]);
    expect(() => ExtensionProvider.extAuthzHttp('ext-authz', { service: 'ext-authz', port: 8000 }))
      .toThrow('ExtensionProvider.extAuthzHttp: \'service\' must be a Service or the fully qualified host of a collector such as');
  });

  test('fails without a provider, and with one no IstioInstallation of the app declares as an authorizer', () => {
    const app = Testing.app();
    new IstioInstallation(new Chart(app, 'install'), 'Istio', { extensionProviders: [ExtensionProvider.jaeger()] });
    const { c, world } = twoServices(new Chart(app, 'test'));
    const target = PolicyTarget.fromService(world);
    expect(() => new CustomPolicy(c, 'None', { target, provider: '', rules: [{}] }))
      .toThrow("test/None: 'provider' must name an ext-authz extension provider of the mesh config (lowercase letters, digits, '-' and '.'), e.g. \"sample-ext-authz-http\"; a CUSTOM policy needs one, got \"\"");
    new CustomPolicy(c, 'Undeclared', { target, name: 'a', provider: 'sample-ext-authz-http', rules: [{}] });
    new CustomPolicy(c, 'Tracer', { target, name: 'b', provider: 'jaeger', rules: [{}] });
    expect(validationErrors(c)).toEqual([
      "test/Undeclared: 'provider' names sample-ext-authz-http, which no IstioInstallation declares: install/Istio (jaeger); add ExtensionProvider.extAuthzHttp(\"sample-ext-authz-http\", { service, port }) to extensionProviders",
      "test/Tracer: 'provider' is jaeger (opentelemetry jaeger-collector.istio-system.svc.cluster.local:4317), which is not an external authorizer; declare one with ExtensionProvider.extAuthzHttp() or extAuthzGrpc()",
    ]);
  });

  test('fails identities in its rules, which istiod rejects with CUSTOM', () => {
    const { c, hello, world } = twoServices();
    let n = 0;
    const custom = (rule: object) => () => new CustomPolicy(c, `C${n++}`, { target: PolicyTarget.fromService(world), provider: 'authz', rules: [rule] });
    expect(custom({ from: [Caller.fromService(hello)] })).toThrow(/^test\/C0: 'rules\[0\]\.from' is not supported in a CUSTOM policy \(istiod rejects identities there: the external authorizer decides on the request\), got /);
    expect(custom({ notRequestPrincipals: ['*'] })).toThrow("test/C1: 'rules[0].notRequestPrincipals' is not supported in a CUSTOM policy");
    expect(custom({ when: [Condition.requestAuthClaim('groups', ['a'])] }))
      .toThrow("test/C2: 'rules[0].when[0].key' is not supported in a CUSTOM policy (istiod rejects identity keys there), got \"request.auth.claims[groups]\"; move it to an AllowPolicy or DenyPolicy");
  });
});
