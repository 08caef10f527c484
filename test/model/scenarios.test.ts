// The course's promises, as the mesh model sees each scenario's chart (built with our constructs).
import { Chart, Testing } from 'cdk8s';
import { AuthorizationScenario } from '../../apps/scenarios/authorization';
import { CanaryScenario } from '../../apps/scenarios/canary';
import { EgressScenario } from '../../apps/scenarios/egress';
import { HeaderRoutingScenario } from '../../apps/scenarios/header-routing';
import { InstallScenario } from '../../apps/scenarios/install';
import { JwtAuthScenario } from '../../apps/scenarios/jwt-auth';
import { HTTP_ECHO_ISSUER } from '../../lib/private/http-echo';
import { MutualTlsScenario } from '../../apps/scenarios/mutual-tls';
import { RetriesScenario } from '../../apps/scenarios/retries';
import { HopTls, MeshModel, Outcome, RequestSource, RequestTrace } from '../../lib';

const app = () => Testing.app();
const last = (t: RequestTrace) => t.hops[t.hops.length - 1];
const weights = (t: RequestTrace) => Object.fromEntries(last(t).distribution.map(d => [d.destination.subset, d.weight]));
const ingress = RequestSource.ingressGateway();
const workload = RequestSource.workload;

describe('the course\'s scenarios through the mesh model', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => warn.mockRestore());

  test('header-routing (7.3): end-user john reaches hello v2, everyone else hello v1', () => {
    const model = MeshModel.of(new HeaderRoutingScenario(app()));
    const john = model.request({ source: ingress, host: 'hello.example.com', headers: { 'End-User': 'john' } });
    expect([john.outcome, last(john).destination?.subset, last(john).pods, last(john).routeIndex]).toEqual([Outcome.OK, 'v2', ['header-routing/hello-v2'], 0]);
    const other = model.request({ source: ingress, host: 'hello.example.com', headers: { 'end-user': 'jane' } });
    expect([other.outcome, last(other).destination?.subset, last(other).routeIndex]).toEqual([Outcome.OK, 'v1', 1]);
  });

  test('canary (7.4): 90% of hello.example.com to v1, 10% to v2, both reachable over mTLS', () => {
    const trace = MeshModel.of(new CanaryScenario(app())).request({ source: ingress, host: 'hello.example.com' });
    expect(weights(trace)).toEqual({ v1: 90, v2: 10 });
    expect(last(trace).distribution.map(d => [d.outcome, d.pods])).toEqual([[Outcome.OK, ['canary/hello-v1']], [Outcome.OK, ['canary/hello-v2']]]);
    expect([last(trace).destination?.subset, last(trace).tls]).toEqual(['v1', HopTls.MUTUAL]);
  });

  test('retries (7.5): each try times out after 2 s and is retried twice, within 10 s, on the v3 pods, the slow one included', () => {
    const trace = MeshModel.of(new RetriesScenario(app())).request({ source: ingress, host: 'hello.example.com' });
    const hop = last(trace);
    expect([hop.timeout, hop.retries?.attempts, hop.retries?.perTryTimeout, hop.retries?.isDefault]).toEqual(['10s', 2, '2s', false]);
    expect(hop.pods).toEqual(['retries/hello-v3', 'retries/hello-v3-slow']);
  });

  test('mutual-tls (7.6): hello → world → end works; hello-reverse (no sidecar) → world-reverse is refused', () => {
    const model = MeshModel.of(new MutualTlsScenario(app()));
    expect(model.request({ source: ingress, host: 'hello-tls.example.com' }).outcome).toBe(Outcome.OK);
    const helloWorld = model.request({ source: workload('ns1/hello'), host: 'world.ns2', port: 8080 });
    expect([helloWorld.outcome, last(helloWorld).tls]).toEqual([Outcome.OK, HopTls.MUTUAL]);
    const worldEnd = model.request({ source: workload('ns2/world'), host: 'end.legacy', port: 8080 });
    expect([worldEnd.outcome, last(worldEnd).tls, last(worldEnd).tlsReason]).toEqual([Outcome.OK, HopTls.PLAIN_TEXT,
      'DestinationRule legacy/legacy sets tls mode DISABLE; legacy/end-tls has no sidecar']);
    expect(model.request({ source: ingress, host: 'hello-tls-reverse.example.com' }).outcome).toBe(Outcome.OK);
    const reverse = model.request({ source: workload('legacy/hello-reverse'), host: 'world-reverse.ns2', port: 8080 });
    expect([reverse.outcome, last(reverse).tls]).toEqual([Outcome.REFUSED, HopTls.REFUSED]);
    expect(reverse.reason).toMatch(/requires mTLS \(STRICT, PeerAuthentication istio-system\/default\) and legacy\/hello-reverse-tls has no sidecar/);
    expect(model.request({ source: workload('ns2/world-reverse'), host: 'end-reverse.ns1', port: 8080 }).outcome).toBe(Outcome.OK);
  });

  test('mutual-tls with admitLegacyClients: world-reverse admits the plain-text client', () => {
    const model = MeshModel.of(new MutualTlsScenario(app(), 'mutual-tls', { admitLegacyClients: true }));
    const reverse = model.request({ source: workload('legacy/hello-reverse'), host: 'world-reverse.ns2' });
    expect([reverse.outcome, last(reverse).tls]).toEqual([Outcome.OK, HopTls.PLAIN_TEXT]);
  });

  test('authorization (7.7): gateway → hello (GET, HEAD) → world → world-2, and nothing else, each decided by its policy', () => {
    const model = MeshModel.of(new AuthorizationScenario(app()));
    const get = model.request({ source: ingress, host: 'hello-rbac.example.com' });
    expect([get.outcome, last(get).decidingPolicy]).toEqual([Outcome.OK, 'authorization/hello-viewer']);
    expect(model.request({ source: ingress, host: 'hello-rbac.example.com', method: 'HEAD' }).outcome).toBe(Outcome.OK);
    const post = model.request({ source: ingress, host: 'hello-rbac.example.com', method: 'POST' });
    expect([post.outcome, post.status]).toEqual([Outcome.DENIED, 403]);
    expect(post.reason).toMatch(/no rule of ALLOW AuthorizationPolicy authorization\/allow-nothing, authorization\/hello-viewer matches \(principal cluster.local\/ns\/istio-system\/sa\/istio-ingressgateway-service-account, POST/);
    expect(model.request({ source: workload('authorization/hello'), host: 'world' }).outcome).toBe(Outcome.OK);
    expect(model.request({ source: workload('authorization/world'), host: 'world-2' }).outcome).toBe(Outcome.OK);
    for (const [from, host] of [['hello', 'world-2'], ['world-2', 'world'], ['world', 'hello']]) {
      const trace = model.request({ source: workload(`authorization/${from}`), host });
      expect([from, host, trace.outcome]).toEqual([from, host, Outcome.DENIED]);
    }
  });

  test('jwt-auth (7.8): no token → 403, a bad token → 401, a token with groups=users → hello; auth stays open', () => {
    const model = MeshModel.of(new JwtAuthScenario(app(), 'jwt-auth', { domain: 'example.com' }));
    const token = { issuer: HTTP_ECHO_ISSUER, subject: HTTP_ECHO_ISSUER, claims: { groups: ['users'] } };
    const none = model.request({ source: ingress, host: 'hello.example.com' });
    expect([none.outcome, last(none).decidingPolicy]).toEqual([Outcome.DENIED, 'jwt-auth/hello-jwt-require-token']);
    expect(model.request({ source: ingress, host: 'hello.example.com', token: { ...token, valid: false } }).outcome).toBe(Outcome.UNAUTHENTICATED);
    const ok = model.request({ source: ingress, host: 'hello.example.com', token });
    expect([ok.outcome, last(ok).authentication]).toEqual([Outcome.OK, `token of ${HTTP_ECHO_ISSUER}/${HTTP_ECHO_ISSUER} accepted by RequestAuthentication jwt-auth/hello-jwt`]);
    expect(model.request({ source: ingress, host: 'hello.example.com', token: { ...token, claims: { groups: ['guests'] } } }).outcome).toBe(Outcome.DENIED);
    expect(model.request({ source: ingress, host: 'auth.example.com', method: 'POST', path: '/login' }).outcome).toBe(Outcome.OK);
  });

  test('egress (7.9) under install\'s REGISTRY_ONLY: ifconfig.co on 80 and 443 leaves, another host gets 502', () => {
    const a = app();
    const objects = [new InstallScenario(a), new EgressScenario(a), new CanaryScenario(a)].flatMap(c => Testing.synth(c as Chart));
    const model = MeshModel.fromObjects(objects);
    const https = model.request({ source: workload('egress/curl'), host: 'ifconfig.co', port: 443 });
    expect([https.outcome, last(https).egress, last(https).match]).toEqual([Outcome.OK, 'ServiceEntry egress/ifconfig-co (MESH_EXTERNAL)', 'tls route 0: sniHosts match ifconfig.co']);
    const http = model.request({ source: workload('canary/hello'), host: 'ifconfig.co', port: 80 });
    expect([http.outcome, last(http).egress]).toEqual([Outcome.OK, 'ServiceEntry egress/ifconfig-co (MESH_EXTERNAL)']);
    const blocked = model.request({ source: workload('egress/curl'), host: 'example.org' });
    expect([blocked.outcome, blocked.status, last(blocked).egress]).toEqual([Outcome.BAD_GATEWAY, 502, 'BlackHoleCluster']);
    expect(blocked.reason).toMatch(/REGISTRY_ONLY \(meshConfig.outboundTrafficPolicy of IstioOperator istio-system\/istioctl-install\)/);
  });

  test('declared calls: hello → world → end and the reverse path as 7.6 shows it (refused), hello → world → world-2 in 7.7', () => {
    const summary = (model: MeshModel) => model.calls().map(c => [c.caller, c.host, c.expected, c.outcome]);
    expect(summary(MeshModel.of(new MutualTlsScenario(app())))).toEqual([
      ['ns2/world-tls', 'end.legacy', Outcome.OK, Outcome.OK],
      ['ns1/hello-tls', 'world.ns2', Outcome.OK, Outcome.OK],
      ['ns2/world-reverse-tls', 'end-reverse.ns1', Outcome.OK, Outcome.OK],
      ['legacy/hello-reverse-tls', 'world-reverse.ns2', Outcome.REFUSED, Outcome.REFUSED],
    ]);
    const admitted = MeshModel.of(new MutualTlsScenario(app(), 'mutual-tls', { admitLegacyClients: true })).calls().find(c => c.caller === 'legacy/hello-reverse-tls');
    expect([admitted?.expected, admitted?.outcome, admitted?.trace?.hops[0].tls]).toEqual([Outcome.OK, Outcome.OK, HopTls.PLAIN_TEXT]);
    expect(summary(MeshModel.of(new AuthorizationScenario(app())))).toEqual([
      ['authorization/world-v1', 'world-2', Outcome.OK, Outcome.OK],
      ['authorization/hello-v1', 'world', Outcome.OK, Outcome.OK],
    ]);
  });

  test('egress without an installation: Istio\'s default ALLOW_ANY passes any host through', () => {
    const trace = MeshModel.of(new CanaryScenario(app())).request({ source: workload('canary/hello'), host: 'example.org' });
    expect([trace.outcome, last(trace).egress]).toEqual([Outcome.OK, 'PassthroughCluster']);
  });
});
