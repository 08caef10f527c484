import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { addAmbientScenarios } from '../../apps/scenarios/ambient';
import { AuthorizationScenario } from '../../apps/scenarios/authorization';
import { JwtAuthScenario } from '../../apps/scenarios/jwt-auth';
import { MutualTlsScenario } from '../../apps/scenarios/mutual-tls';
import { AllowPolicy, DataPlaneMode, EnforcementPoint, MeshValidation } from '../../lib';
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
