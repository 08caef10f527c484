// The settings the jwt-auth, tracing and metrics scenarios shipped with before issue 11 broke them silently on a
// cluster; the checks must catch each, and the fixed scenarios must give none of their findings.
import { App, Chart, Testing } from 'cdk8s';
import { addScenarios } from '../../apps/scenarios';
import { HelloWorldScenario } from '../../apps/scenarios/hello-world';
import { InstallScenario, OTLP_TRACING_PROVIDER } from '../../apps/scenarios/install';
import { JwksLocation, JwtAuthScenario } from '../../apps/scenarios/jwt-auth';
import { TracingScenario } from '../../apps/scenarios/tracing';
import { DataPlaneMode, IstioMetric, MeshNamespace, MetricMode, PolicyTarget, TagOverride, Telemetry } from '../../lib';
import { validateManifests } from '../../lib/validation/validate';
import { synth } from '../util';

const app = (): App => Testing.app();
const NEW_CHECKS = /^CDKI300[3-6]$/;
const codes = (objects: any[]) => validateManifests(objects).filter(f => NEW_CHECKS.test(f.code)).map(f => `${f.code} ${f.severity} ${f.kind}/${f.namespace}/${f.name} ${f.path}`).sort();

describe('the old jwt-auth, tracing and metrics settings', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => warn.mockRestore());

  test('jwt-auth\'s course jwksUri http://auth.kubernetes.newtech.academy/.well-known/jwks.json: CDKI3003', () => {
    const objects = synth(new JwtAuthScenario(app(), 'jwt-auth', { jwks: JwksLocation.PUBLIC }));
    expect(objects.find(o => o.kind === 'RequestAuthentication').spec.jwtRules[0].jwksUri).toBe('http://auth.kubernetes.newtech.academy/.well-known/jwks.json');
    expect(codes(objects)).toEqual(['CDKI3003 warning RequestAuthentication/jwt-auth/hello-jwt spec.jwtRules[0].jwksUri']);
  });

  test('tracing\'s OpenTelemetry provider for http-echo: CDKI3004 on each http-echo workload', () => {
    const a = app();
    const objects = [new InstallScenario(a), new TracingScenario(a, 'tracing', { provider: OTLP_TRACING_PROVIDER }), new HelloWorldScenario(a)].flatMap(c => synth(c));
    const found = codes(objects);
    expect(found.length).toBeGreaterThanOrEqual(3);
    for (const f of found) expect(f).toMatch(/^CDKI3004 warning Deployment\/[^ ]+ spec\.template\.spec\.containers$/);
  });

  test('metrics\' Telemetry without request_protocol and with the size metrics off: CDKI3005 for each', () => {
    const chart = new Chart(app(), 'metrics');
    new Telemetry(chart, 'Metrics', {
      target: PolicyTarget.fromNamespace(MeshNamespace.fromName('default', { dataPlane: DataPlaneMode.SIDECAR })),
      metrics: {
        overrides: [
          { metric: IstioMetric.REQUEST_COUNT, tagOverrides: { destination_port: TagOverride.upsert('string(destination.port)'), request_protocol: TagOverride.remove() } },
          { metric: IstioMetric.REQUEST_SIZE, mode: MetricMode.CLIENT_AND_SERVER, disabled: true },
          { metric: IstioMetric.RESPONSE_SIZE, disabled: true },
        ],
      },
    });
    expect(codes(Testing.synth(chart))).toEqual([
      'CDKI3005 warning Telemetry/default/default spec.metrics[0].overrides[1].disabled',
      'CDKI3005 warning Telemetry/default/default spec.metrics[0].overrides[2].disabled',
      'CDKI3005 warning Telemetry/default/default spec.metrics[0].overrides[0].tagOverrides.request_protocol',
    ].sort());
  });

  test('the fixed scenarios, validated together, give none of these findings', () => {
    const a = app();
    addScenarios(a);
    const objects = a.node.children.filter((c): c is Chart => c instanceof Chart).flatMap(c => Testing.synth(c));
    expect(objects.some(o => o.kind === 'IstioOperator') && objects.some(o => o.kind === 'Telemetry') && objects.some(o => o.kind === 'RequestAuthentication')).toBe(true);
    expect(codes(objects)).toEqual([]);
  });
});
