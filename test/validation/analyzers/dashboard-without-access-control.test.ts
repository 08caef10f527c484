import { Chart, Testing } from 'cdk8s';
import {
  AddonDashboard, DashboardAccess, HelloWorldMesh, MeshValidation, TelemetryAddon, TrafficApi, TrafficApiSetting, validateManifests,
} from '../../../lib';
import { dashboardWithoutAccessControl } from '../../../lib/validation/analyzers/dashboard-without-access-control';
import { Severity } from '../../../lib/validation/finding';
import { MetricsScenario } from '../../../apps/scenarios/metrics';
import { TracingScenario } from '../../../apps/scenarios/tracing';
import { deployment, istio, namespace, service } from '../../model/manifests';
import { backend, httpRoute, k8sGateway, toGateway } from '../../model/gateway-api-manifests';

const EXTERNAL = 'validation.cdk8s-istio.io/external-hosts';
/** A Gateway on the default ingress gateway, port 80, for `hosts`. */
const gateway = (name: string, hosts: string[]) => istio('Gateway', name, 'istio-system', { selector: { istio: 'ingressgateway' }, servers: hosts.map((h, i) => ({ port: { number: 80, name: `http-${i}`, protocol: 'HTTP' }, hosts: [h] })) });
/** A VirtualService on `gw` sending `host` to `target` (declared external, as AddonDashboard does). */
const route = (name: string, host: string, gw: string, target: string, port?: number, extra: any = {}) => {
  const vs = istio('VirtualService', name, 'istio-system', { hosts: [host], gateways: [gw], http: [{ ...extra, route: [{ destination: { host: target, ...(port ? { port: { number: port } } : {}) } }] }] });
  return { ...vs, metadata: { ...vs.metadata, annotations: { [EXTERNAL]: target } } };
};
const onGateway = (name: string, spec: any) => istio('AuthorizationPolicy', name, 'istio-system', { selector: { matchLabels: { istio: 'ingressgateway' } }, ...spec });
const hosts = (h: string) => [{ operation: { hosts: [h, `${h}:*`] } }];

// The dashboards of the tracing and metrics scenarios as they were before access control (dist/ of issue 11's audit).
const oldTracing = [gateway('jaeger-gateway', ['tracing.example.com']), route('jaeger', 'tracing.example.com', 'jaeger-gateway', 'tracing.istio-system.svc.cluster.local', 80)];
const oldMetrics = [
  gateway('telemetry-gateway', ['grafana.example.com', 'kiali.example.com']),
  route('grafana', 'grafana.example.com', 'telemetry-gateway', 'grafana.istio-system.svc.cluster.local', 3000),
  route('kiali', 'kiali.example.com', 'telemetry-gateway', 'kiali.istio-system.svc.cluster.local', 20001),
];

describe('dashboardWithoutAccessControl (CDKI3002)', () => {
  test.each<[string, any[], string[]]>([
    ['fires on the old tracing scenario: Jaeger published with no policy', oldTracing, ['jaeger: tracing.example.com Jaeger']],
    ['fires on the old metrics scenario: Grafana and Kiali on one gateway', oldMetrics, ['grafana: grafana.example.com Grafana', 'kiali: kiali.example.com Kiali']],
    ['passes a DENY on the gateway pods for the host', [...oldTracing, onGateway('deny', { action: 'DENY', rules: [{ to: hosts('tracing.example.com') }] })], []],
    ['passes a DENY that depends on the client address (the model cannot tell: unknown)',
      [...oldTracing, onGateway('ips', { action: 'DENY', rules: [{ from: [{ source: { notRemoteIpBlocks: ['203.0.113.0/24'] } }], to: hosts('tracing.example.com') }] })], []],
    ['passes a token requirement at the gateway', [...oldTracing,
      istio('RequestAuthentication', 'jwt', 'istio-system', { selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [{ issuer: 'https://idp.example.com', jwksUri: 'https://idp.example.com/jwks' }] }),
      onGateway('token', { action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['https://idp.example.com/*'] } }], to: hosts('tracing.example.com') }] })], []],
    ['fires when the DENY names another host', [...oldTracing, onGateway('deny', { action: 'DENY', rules: [{ to: hosts('grafana.example.com') }] })], ['jaeger: tracing.example.com Jaeger']],
    ['fires on a wildcard host, Prometheus on 9090 and Zipkin on 9411',
      [gateway('gw', ['*']), route('prom', '*', 'gw', 'prometheus.istio-system.svc.cluster.local', 9090), route('zipkin', 'zipkin.example.com', 'gw', 'zipkin.istio-system.svc.cluster.local')],
      ['prom: * Prometheus', 'zipkin: zipkin.example.com Zipkin']],
    ['fires on a route under a path prefix', [gateway('gw', ['ops.example.com']), route('grafana', 'ops.example.com', 'gw', 'grafana.istio-system.svc.cluster.local', undefined, { match: [{ uri: { prefix: '/grafana' } }] })],
      ['grafana: ops.example.com Grafana']],
    ['passes a service that is not an addon UI, and an addon port that is not its UI', [gateway('gw', ['hello.example.com']),
      route('hello', 'hello.example.com', 'gw', 'hello.default.svc.cluster.local', 80), route('kiali', 'hello.example.com', 'gw', 'kiali.istio-system.svc.cluster.local', 9090)], []],
    ['passes a route to an addon for sidecars only (no gateway)', [{ ...route('grafana', 'grafana', 'mesh', 'grafana.istio-system.svc.cluster.local', 3000) }], []],
    ['passes a Gateway that does not serve the host', [gateway('gw', ['other.example.com']), route('grafana', 'grafana.example.com', 'gw', 'grafana.istio-system.svc.cluster.local', 3000)], []],
  ])('%s', (_name, objects, expected) => {
    const findings = dashboardWithoutAccessControl.check(objects, {});
    expect(findings.map(f => `${f.name}: ${/routes host (\S+)/.exec(f.message)?.[1]} ${/to the (\S+) UI/.exec(f.message)?.[1]}`)).toEqual(expected);
    expect(findings.every(f => f.severity === Severity.ERROR && f.code === 'CDKI3002' && f.kind === 'VirtualService')).toBe(true);
  });

  test('the message names the route, host, addon, what let it through, and the fix', () => {
    expect(dashboardWithoutAccessControl.check(oldTracing, {})).toEqual([expect.objectContaining({
      namespace: 'istio-system', name: 'jaeger', path: 'spec.http[0].route',
      message: 'routes host tracing.example.com on Gateway istio-system/jaeger-gateway to the Jaeger UI (tracing.istio-system.svc.cluster.local), and an anonymous request from outside gets through the gateway to it '
        + '(no AuthorizationPolicy applies: allowed); close it with an AuthorizationPolicy on the ingress gateway pods for that host: '
        + "AddonDashboard's 'access' (DashboardAccess.denyAll(), the default; .fromIpBlocks([...]); .jwt({...})), or acknowledge public access with DashboardAccess.publicAccess() "
        + '(the annotation galley.istio.io/analyze-suppress: CDKI3002 on the VirtualService)',
    })]);
  });

  test('fires when the addon is in the set and reached, not when its own sidecar denies the gateway', () => {
    const grafana = [namespace('istio-system'), service('grafana', 'istio-system', 3000), deployment('grafana', 'istio-system', 'v1', 'grafana', 3000)];
    const vs = route('grafana', 'grafana.example.com', 'gw', 'grafana.istio-system.svc.cluster.local', 3000);
    const objects = [...grafana, gateway('gw', ['grafana.example.com']), { ...vs, metadata: { ...vs.metadata, annotations: {} } }];
    expect(dashboardWithoutAccessControl.check(objects, {})).toHaveLength(1);
    const allowNothing = istio('AuthorizationPolicy', 'grafana', 'istio-system', { selector: { matchLabels: { app: 'grafana' } }, rules: [{ from: [{ source: { namespaces: ['ops'] } }] }] });
    expect(dashboardWithoutAccessControl.check([...objects, allowNothing], {})).toEqual([]);
  });

  test('is suppressed by the annotation on the VirtualService (what DashboardAccess.publicAccess() writes)', () => {
    const acknowledged = oldTracing.map(o => (o.kind === 'VirtualService' ? { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, 'galley.istio.io/analyze-suppress': 'CDKI3002' } } } : o));
    const finding = validateManifests(acknowledged).find(f => f.code === 'CDKI3002');
    expect(finding?.suppressedBy).toBe('annotation galley.istio.io/analyze-suppress=CDKI3002');
    expect(validateManifests(oldTracing).find(f => f.code === 'CDKI3002')?.suppressedBy).toBeUndefined();
  });

  test('the tracing and metrics scenarios, whose dashboards are closed by default, pass', () => {
    for (const c of [new TracingScenario(Testing.app()), new MetricsScenario(Testing.app())]) {
      expect(MeshValidation.of(c).findings().filter(f => f.code === 'CDKI3002')).toEqual([]);
    }
  });

  describe('Gateway API', () => {
    /** Grafana's UI behind an HTTPRoute on a Gateway API Gateway in istio-system, as AddonDashboard writes it (declared external). */
    const grafanaRoute = (parentRefs: any[], hostnames?: string[]) => httpRoute('grafana', 'istio-system', parentRefs, [{ backendRefs: [backend('grafana', 3000)] }], hostnames,
      { annotations: { [EXTERNAL]: 'grafana.istio-system.svc.cluster.local' } });
    const open = [k8sGateway('grafana-gateway', 'istio-system', { hostname: 'grafana.example.com' }), grafanaRoute([toGateway('grafana-gateway')], ['grafana.example.com'])];
    const policy = (name: string, rules: any[]) => istio('AuthorizationPolicy', name, 'istio-system', { action: 'DENY', rules, targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'grafana-gateway' }] });

    test.each<[string, any[], string[]]>([
      ['fires on an HTTPRoute to Grafana with no policy', open, ['grafana spec.rules[0].backendRefs[0]: grafana.example.com Grafana']],
      ['fires on a route without hostnames (the listener\'s)', [open[0], grafanaRoute([toGateway('grafana-gateway')])], ['grafana spec.rules[0].backendRefs[0]: grafana.example.com Grafana']],
      ['fires on a rule under a path prefix', [open[0], httpRoute('grafana', 'istio-system', [toGateway('grafana-gateway')],
        [{ matches: [{ path: { type: 'PathPrefix', value: '/grafana' } }], backendRefs: [backend('grafana', 3000)] }], ['grafana.example.com'],
        { annotations: { [EXTERNAL]: 'grafana.istio-system.svc.cluster.local' } })], ['grafana spec.rules[0].backendRefs[0]: grafana.example.com Grafana']],
      ['passes a DENY bound to the Gateway by targetRefs for the host', [...open, policy('deny', [{ to: hosts('grafana.example.com') }])], []],
      ['fires when the DENY names another host', [...open, policy('deny', [{ to: hosts('kiali.example.com') }])], ['grafana spec.rules[0].backendRefs[0]: grafana.example.com Grafana']],
      ['passes a parent Gateway the set does not have', [grafanaRoute([toGateway('elsewhere')], ['grafana.example.com'])], []],
      ['passes a route the Gateway may not admit (its namespace\'s labels unknown: the model cannot tell)', [
        k8sGateway('gw', 'default', { allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'ops' } } } } }),
        grafanaRoute([toGateway('default/gw')], ['grafana.example.com'])], []],
      ['fires when that Namespace is in the set with the labels', [{ ...namespace('istio-system'), metadata: { name: 'istio-system', labels: { team: 'ops' } } },
        k8sGateway('gw', 'default', { allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'ops' } } } } }),
        grafanaRoute([toGateway('default/gw')], ['grafana.example.com'])], ['grafana spec.rules[0].backendRefs[0]: grafana.example.com Grafana']],
    ])('%s', (_name, objects, expected) => {
      const findings = dashboardWithoutAccessControl.check(objects, {});
      expect(findings.map(f => `${f.name} ${f.path}: ${/routes host (\S+)/.exec(f.message)?.[1]} ${/to the (\S+) UI/.exec(f.message)?.[1]}`)).toEqual(expected);
      expect(findings.every(f => f.severity === Severity.ERROR && f.kind === 'HTTPRoute' && f.message.endsWith('on the HTTPRoute)'))).toBe(true);
    });

    /** Grafana's dashboard on HelloWorldMesh's gateway (in default), both emitted as Gateway API objects. */
    const onHelloGateway = (access?: DashboardAccess) => {
      const app = Testing.app();
      TrafficApiSetting.use(app, TrafficApi.GATEWAY_API);
      const c = new Chart(app, 'test');
      const mesh = new HelloWorldMesh(c, 'Hello', { gatewayHosts: ['hello.example.com'] });
      new AddonDashboard(c, 'Dashboard', { addon: TelemetryAddon.grafana(), host: 'grafana.example.com', gateway: mesh.gateway, access });
      return MeshValidation.of(c).findings().filter(f => f.code === 'CDKI3002' || f.code === 'CDKI3009');
    };

    test('AddonDashboard on another namespace\'s Gateway: attached (its selector is on kubernetes.io/metadata.name), closed by its default denyAll()', () => {
      expect(onHelloGateway()).toEqual([]);
    });

    test('AddonDashboard with publicAccess(): the finding on the HTTPRoute is suppressed', () => {
      expect(onHelloGateway(DashboardAccess.publicAccess()).map(f => [f.code, f.kind, f.name, f.suppressedBy])).toEqual([
        ['CDKI3002', 'HTTPRoute', 'grafana', 'annotation galley.istio.io/analyze-suppress=CDKI3002'],
      ]);
    });
  });
});
