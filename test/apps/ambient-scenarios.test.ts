import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { addAmbientScenarios } from '../../apps/scenarios/ambient';
import { AuthorizationScenario } from '../../apps/scenarios/authorization';
import { JwtAuthScenario } from '../../apps/scenarios/jwt-auth';
import { MutualTlsScenario } from '../../apps/scenarios/mutual-tls';
import { AllowPolicy, DataPlaneMode, EnforcementPoint, HopTls, MeshModel, MeshValidation, Outcome, RequestSource, RequestTrace } from '../../lib';
import { HTTP_ECHO_ISSUER } from '../../lib/private/http-echo';
import { find, ofKind, synth } from '../util';

/** The ambient twins, each in its own app, as addAmbientScenarios builds them. */
function ambient() {
  const scope = new Construct(Testing.app(), 'ambient');
  return {
    mutualTls: new MutualTlsScenario(scope, 'mutual-tls', { dataPlane: DataPlaneMode.AMBIENT }),
    authorization: new AuthorizationScenario(scope, 'authorization', DataPlaneMode.AMBIENT),
    jwtAuth: new JwtAuthScenario(scope, 'jwt-auth', { dataPlane: DataPlaneMode.AMBIENT }),
  };
}

describe('ambient scenarios', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  test('validate without findings', () => {
    for (const scenario of Object.values(ambient())) {
      synth(scenario);
      expect(MeshValidation.of(scenario).warnings()).toEqual([]);
    }
  });

  test('ambient/install: the ambient profile plus the ingress gateway the scenarios use', () => {
    const app = Testing.app();
    addAmbientScenarios(app);
    const install = app.node.findChild('ambient').node.findChild('install') as any;
    expect(find(synth(install), 'IstioOperator', 'istioctl-install').spec).toMatchObject({
      profile: 'ambient', components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: true }] },
    });
  });

  test('mutual-tls: ns1 and ns2 ambient, legacy outside the mesh; no DestinationRule towards legacy (ztunnel needs none)', () => {
    const objects = synth(ambient().mutualTls);
    expect(find(objects, 'Namespace', 'ns1').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect(find(objects, 'Namespace', 'ns2').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect(find(objects, 'Namespace', 'legacy').metadata.labels).toEqual({ 'istio-injection': 'disabled' });
    expect(find(objects, 'PeerAuthentication', 'default', 'istio-system').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(ofKind(objects, 'DestinationRule').map(o => o.spec.host)).not.toContain('end.legacy.svc.cluster.local');
  });

  test('authorization: every ALLOW rule goes to the waypoint, which ingress traffic uses; deny by default at both ends', () => {
    const { authorization } = ambient();
    const policies = authorization.node.findAll().filter((c): c is AllowPolicy => c instanceof AllowPolicy);
    expect(policies.map(p => [p.name, p.enforcedBy])).toEqual([
      ['hello-viewer', EnforcementPoint.WAYPOINT], ['world-viewer', EnforcementPoint.WAYPOINT], ['world-2-viewer', EnforcementPoint.WAYPOINT],
    ]);
    const objects = synth(authorization);
    expect(find(objects, 'Namespace', 'authorization').metadata.labels).toMatchObject({
      'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint', 'istio.io/ingress-use-waypoint': 'true',
    });
    expect(find(objects, 'AuthorizationPolicy', 'world-viewer').spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'world' }]);
    expect(ofKind(objects, 'AuthorizationPolicy').map(o => o.metadata.name)).toEqual(expect.arrayContaining([
      'allow-nothing', 'allow-nothing-waypoint', 'allow-nothing-from-waypoints',
    ]));
  });

  test('jwt-auth: hello uses the waypoint, which verifies its tokens; auth stays on ztunnel, accepting istiod\'s plain text', () => {
    const objects = synth(ambient().jwtAuth);
    expect(find(objects, 'Service', 'hello').metadata.labels).toMatchObject({ 'istio.io/use-waypoint': 'waypoint', 'istio.io/ingress-use-waypoint': 'true' });
    expect(find(objects, 'Service', 'auth').metadata.labels['istio.io/use-waypoint']).toBeUndefined();
    expect(find(objects, 'RequestAuthentication', 'hello-jwt').spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'hello' }]);
    expect(find(objects, 'PeerAuthentication', 'auth').spec).toEqual({ selector: { matchLabels: { app: 'auth' } }, mtls: { mode: 'PERMISSIVE' } });
  });
});

const last = (t: RequestTrace) => t.hops[t.hops.length - 1];
const ingress = RequestSource.ingressGateway();
const workload = RequestSource.workload;

describe('ambient scenarios through the mesh model: the sidecar scenarios\' contact rules', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  test('mutual-tls: ztunnel mTLS between ns1 and ns2 with the caller\'s identity, plain text to legacy, STRICT refuses legacy\'s plain text', () => {
    const model = MeshModel.of(ambient().mutualTls);
    expect(model.identity('ns1/hello-tls')).toMatchObject({ sidecar: false, ambient: true, principal: 'cluster.local/ns/ns1/sa/hello' });
    expect(model.identity('legacy/end-tls')).toMatchObject({ sidecar: false, ambient: false });
    const helloWorld = model.request({ source: workload('ns1/hello'), host: 'world.ns2', port: 8080 });
    expect([helloWorld.outcome, last(helloWorld).tls, last(helloWorld).tlsReason]).toEqual([Outcome.OK, HopTls.MUTUAL, expect.stringMatching(/^ns1\/hello-tls's ztunnel sends HBONE/)]);
    const worldEnd = model.request({ source: workload('ns2/world'), host: 'end.legacy', port: 8080 });
    expect([worldEnd.outcome, last(worldEnd).tls]).toEqual([Outcome.OK, HopTls.PLAIN_TEXT]);
    const reverse = model.request({ source: workload('legacy/hello-reverse'), host: 'world-reverse.ns2', port: 8080 });
    expect([reverse.outcome, last(reverse).tls]).toEqual([Outcome.REFUSED, HopTls.REFUSED]);
    expect(reverse.reason).toMatch(/the ztunnel of ns2\/world-reverse-tls \(ambient\) requires mTLS \(STRICT, PeerAuthentication istio-system\/default\)/);
    const gateway = model.request({ source: ingress, host: 'hello-tls.example.com' });
    expect([gateway.outcome, last(gateway).tls]).toEqual([Outcome.OK, HopTls.MUTUAL]);
    // The declared calls, the refused one included, come out as declared.
    expect(model.calls().map(c => [c.caller, c.outcome, c.asExpected])).toEqual(expect.arrayContaining([
      ['legacy/hello-reverse-tls', Outcome.REFUSED, true], ['ns1/hello-tls', Outcome.OK, true], ['ns2/world-tls', Outcome.OK, true],
    ]));
  });

  test('mutual-tls with admitLegacyClients: world-reverse\'s ztunnel admits the plain-text client', () => {
    const model = MeshModel.of(new MutualTlsScenario(new Construct(Testing.app(), 'ambient'), 'mutual-tls', { dataPlane: DataPlaneMode.AMBIENT, admitLegacyClients: true }));
    const reverse = model.request({ source: workload('legacy/hello-reverse'), host: 'world-reverse.ns2' });
    expect([reverse.outcome, last(reverse).tls]).toEqual([Outcome.OK, HopTls.PLAIN_TEXT]);
  });

  test('authorization: gateway → hello (GET, HEAD) → world → world-2 decided at the waypoint, and nothing else', () => {
    const model = MeshModel.of(ambient().authorization);
    const get = model.request({ source: ingress, host: 'hello-rbac.example.com' });
    expect(get.outcome).toBe(Outcome.OK);
    expect(get.hops.map(h => [h.client, h.server])).toEqual([
      ['outside', 'ingress gateway istio-system/istio-ingressgateway'],
      ['ingress gateway istio-system/istio-ingressgateway', 'waypoint authorization/waypoint'],
      ['waypoint authorization/waypoint', 'authorization/hello-v1'],
    ]);
    expect(get.hops[1].decidingPolicy).toBe('authorization/hello-viewer');
    // Behind the waypoint, hello's ztunnel sees the waypoint's identity, which allow-nothing-from-waypoints admits.
    expect([last(get).tls, last(get).decidingPolicy]).toEqual([HopTls.MUTUAL, 'authorization/allow-nothing-from-waypoints']);
    expect(model.request({ source: ingress, host: 'hello-rbac.example.com', method: 'HEAD' }).outcome).toBe(Outcome.OK);
    const post = model.request({ source: ingress, host: 'hello-rbac.example.com', method: 'POST' });
    expect([post.outcome, post.status, last(post).server]).toEqual([Outcome.DENIED, 403, 'waypoint authorization/waypoint']);
    expect(post.reason).toMatch(/403 at waypoint authorization\/waypoint: denied: no rule of ALLOW AuthorizationPolicy authorization\/allow-nothing-waypoint, authorization\/hello-viewer matches \(principal cluster.local\/ns\/istio-system\/sa\/istio-ingressgateway-service-account, POST/);
    const helloWorld = model.request({ source: workload('authorization/hello'), host: 'world' });
    expect([helloWorld.outcome, helloWorld.hops[0].decidingPolicy]).toEqual([Outcome.OK, 'authorization/world-viewer']);
    expect(model.request({ source: workload('authorization/world'), host: 'world-2' }).outcome).toBe(Outcome.OK);
    for (const [from, host] of [['hello', 'world-2'], ['world-2', 'world'], ['world', 'hello']]) {
      const trace = model.request({ source: workload(`authorization/${from}`), host });
      expect([from, host, trace.outcome, last(trace).server]).toEqual([from, host, Outcome.DENIED, 'waypoint authorization/waypoint']);
    }
    // A client outside the mesh sends plain text straight to the pod, whose ztunnel refuses it (STRICT).
    const outsider = model.request({ source: RequestSource.pod('legacy', { serviceAccount: 'curl' }), host: 'world.authorization' });
    expect([outsider.outcome, last(outsider).server]).toEqual([Outcome.REFUSED, 'authorization/world-v1']);
  });

  test('jwt-auth: ingress → hello through its waypoint: no token 403, bad token 401, groups=users 200, without the group 403', () => {
    const model = MeshModel.of(ambient().jwtAuth);
    const token = { issuer: HTTP_ECHO_ISSUER, subject: HTTP_ECHO_ISSUER, claims: { groups: ['users'] } };
    const none = model.request({ source: ingress, host: 'hello.kubernetes.newtech.academy' });
    expect([none.outcome, last(none).server, last(none).decidingPolicy]).toEqual([Outcome.DENIED, 'waypoint jwt-auth/waypoint', 'jwt-auth/hello-jwt-require-token']);
    const bad = model.request({ source: ingress, host: 'hello.kubernetes.newtech.academy', token: { ...token, valid: false } });
    expect([bad.outcome, bad.status, last(bad).server]).toEqual([Outcome.UNAUTHENTICATED, 401, 'waypoint jwt-auth/waypoint']);
    const ok = model.request({ source: ingress, host: 'hello.kubernetes.newtech.academy', token });
    expect([ok.outcome, ok.hops[1].authentication, last(ok).server]).toEqual([
      Outcome.OK, `token of ${HTTP_ECHO_ISSUER}/${HTTP_ECHO_ISSUER} accepted by RequestAuthentication jwt-auth/hello-jwt`, 'jwt-auth/hello',
    ]);
    expect(model.request({ source: ingress, host: 'hello.kubernetes.newtech.academy', token: { ...token, claims: { groups: ['guests'] } } }).outcome).toBe(Outcome.DENIED);
    expect(model.request({ source: ingress, host: 'auth.kubernetes.newtech.academy', method: 'POST', path: '/login' }).outcome).toBe(Outcome.OK);
  });
});
