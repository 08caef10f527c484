import { ApiObject } from 'cdk8s';
import {
  AddonDashboard, Caller, DashboardAccess, DataPlaneMode, HelloWorldMesh, IngressGateway, JwksSource, MeshNamespace, MeshValidation, MtlsMode, MutualTlsPolicy,
  Outcome, PolicyTarget, RequestSource, TelemetryAddon,
} from '../../lib';
import { expectRequest } from '../../lib/testing';
import { chart, find, ofKind, synth } from '../util';

/** hello on its Gateway, Grafana (as samples/addons/grafana.yaml installs it: no sidecar) on the same Gateway with `access`. */
function helloAndGrafana(access?: DashboardAccess) {
  const c = chart();
  const mesh = new HelloWorldMesh(c, 'Hello', { gatewayHosts: ['hello.example.com'] });
  new ApiObject(c, 'GrafanaService', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'grafana', namespace: 'istio-system' }, spec: { selector: { 'app.kubernetes.io/name': 'grafana' }, ports: [{ name: 'service', port: 3000 }] } });
  new ApiObject(c, 'Grafana', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'grafana', namespace: 'istio-system' },
    spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } }, template: { metadata: { labels: { 'app.kubernetes.io/name': 'grafana', 'sidecar.istio.io/inject': 'false' } }, spec: { containers: [{ name: 'grafana', image: 'grafana/grafana', ports: [{ containerPort: 3000 }] }] } } },
  });
  const dashboard = new AddonDashboard(c, 'Dashboard', { addon: TelemetryAddon.grafana(), host: 'grafana.example.com', gateway: mesh.gateway, access });
  return { c, mesh, dashboard };
}
const outsider = (remoteIp?: string) => RequestSource.ingressGateway({ remoteIp });
const token = { issuer: 'https://idp.example.com', subject: 'alice' };

describe('AddonDashboard', () => {
  test('default: a Gateway and a VirtualService in istio-system to the addon Service, which stays outside the chart', () => {
    const c = chart();
    const d = new AddonDashboard(c, 'Grafana', { addon: TelemetryAddon.grafana(), host: 'grafana.example.com' });
    const objects = synth(c);
    expect(objects).toMatchSnapshot();
    expect(ofKind(objects, 'Service')).toEqual([]);
    expect(ofKind(objects, 'AuthorizationPolicy').map(p => `${p.metadata.namespace}/${p.metadata.name} ${p.spec.action}`)).toEqual(['istio-system/grafana-dashboard-access DENY']);
    expect(find(objects, 'VirtualService', 'grafana', 'istio-system').spec.http[0].route[0].destination)
      .toEqual({ host: 'grafana.istio-system.svc.cluster.local', port: { number: 3000 } });
    expect(d.url).toBe('http://grafana.example.com/');
    // The Service is declared external: nothing flagged, no warning.
    expect(MeshValidation.of(c).findings()).toEqual([]);
    expect(MeshValidation.of(c).warnings()).toEqual([]);
  });

  test('Jaeger: Service tracing port 80, UI under /jaeger; HTTPS with a certificate', () => {
    const c = chart();
    const d = new AddonDashboard(c, 'Jaeger', { addon: TelemetryAddon.jaeger(), host: 'tracing.example.com', credentialName: 'tracing-cert' });
    const objects = synth(c);
    expect(find(objects, 'Gateway', 'jaeger-gateway').spec.servers).toEqual([{
      port: { number: 443, name: 'https-443', protocol: 'HTTPS' }, hosts: ['tracing.example.com'], tls: { mode: 'SIMPLE', credentialName: 'tracing-cert' },
    }]);
    expect(find(objects, 'VirtualService', 'jaeger').spec.http[0].route[0].destination).toEqual({ host: 'tracing.istio-system.svc.cluster.local', port: { number: 80 } });
    expect(d.url).toBe('https://tracing.example.com/jaeger');
  });

  test('several dashboards share one gateway, one server each; the addon namespace can be changed', () => {
    const c = chart();
    const monitoring = MeshNamespace.fromName('monitoring');
    const gateway = new IngressGateway(c, 'Gw', { name: 'telemetry', namespace: monitoring });
    new AddonDashboard(c, 'Grafana', { addon: TelemetryAddon.grafana({ namespace: monitoring }), host: 'grafana.example.com', gateway });
    new AddonDashboard(c, 'Kiali', { addon: TelemetryAddon.kiali({ namespace: monitoring }), host: 'kiali.example.com', gateway });
    const objects = synth(c);
    expect(ofKind(objects, 'Gateway')).toHaveLength(1);
    expect(find(objects, 'Gateway', 'telemetry').spec.servers.map((s: any) => [s.port.name, s.hosts])).toEqual([
      ['http-grafana', ['grafana.example.com']], ['http-kiali', ['kiali.example.com']],
    ]);
    expect(find(objects, 'VirtualService', 'kiali', 'monitoring').spec).toEqual({
      hosts: ['kiali.example.com'],
      gateways: ['monitoring/telemetry'],
      http: [{ route: [{ destination: { host: 'kiali.monitoring.svc.cluster.local', port: { number: 20001 } } }] }],
    });
    expect(MeshValidation.of(c).findings()).toEqual([]);
  });

  test('allowedCallers: an ALLOW policy on the addon pods (app.kubernetes.io/name: grafana, as the sample labels them) for the gateway and one namespace', () => {
    const c = chart();
    new MutualTlsPolicy(c, 'Strict', { target: PolicyTarget.selector(MeshNamespace.fromName('istio-system', { dataPlane: DataPlaneMode.SIDECAR }), { 'app.kubernetes.io/name': 'grafana' }), mode: MtlsMode.STRICT });
    const d = new AddonDashboard(c, 'Grafana', {
      addon: TelemetryAddon.grafana(),
      host: 'grafana.example.com',
      addonInjected: true,
      allowedCallers: [Caller.ingressGateway(), Caller.fromNamespace(MeshNamespace.fromName('ops'))],
    });
    const policy = find(synth(c), 'AuthorizationPolicy', 'grafana-access', 'istio-system');
    expect(policy.apiVersion).toBe('security.istio.io/v1');
    expect(policy.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } },
      action: 'ALLOW',
      rules: [{ from: [
        { source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } },
        { source: { namespaces: ['ops'] } },
      ] }],
    });
    expect(d.accessPolicy).toBeDefined();
    expect(MeshValidation.of(c).warnings()).toEqual([]);
  });

  test('fails on allowedCallers when the addon pods have no sidecar (samples/addons)', () => {
    expect(() => new AddonDashboard(chart(), 'Grafana', { addon: TelemetryAddon.grafana(), host: 'grafana.example.com', allowedCallers: [Caller.ingressGateway()] }))
      .toThrow('test/Grafana: \'allowedCallers\' needs a sidecar on the grafana pods (app.kubernetes.io/name=grafana) to be enforced, but Istio\'s samples/addons run them without one (sidecar.istio.io/inject: "false"); inject them and set addonInjected: true, or leave allowedCallers unset');
  });

  test('fails on allowedCallers that leave out the ingress gateway, or list nobody', () => {
    expect(() => new AddonDashboard(chart(), 'Kiali', {
      addon: TelemetryAddon.kiali(), host: 'kiali.example.com', addonInjected: true, allowedCallers: [Caller.fromNamespace(MeshNamespace.fromName('ops'))],
    })).toThrow("test/Kiali: 'allowedCallers' does not include the ingress gateway istio-system/istio-ingressgateway-service-account (Caller.fromGateway(dashboard.gateway)), so requests to kiali.example.com through it would be denied; add it, got namespace ops");
    expect(() => new AddonDashboard(chart(), 'Kiali', { addon: TelemetryAddon.kiali(), host: 'kiali.example.com', addonInjected: true, allowedCallers: [] }))
      .toThrow("test/Kiali: 'allowedCallers' must list at least one Caller such as Caller.fromGateway(gateway); leave it unset for no AuthorizationPolicy, got []");
  });

  test('fails on a wildcard or short host, a bad credential and a missing addon', () => {
    expect(() => new AddonDashboard(chart(), 'G', { addon: TelemetryAddon.grafana(), host: '*.example.com' }))
      .toThrow('test/G: \'host\' must be a fully qualified host name of its own such as "grafana.example.com" (no wildcard), got "*.example.com"');
    expect(() => new AddonDashboard(chart(), 'G', { addon: TelemetryAddon.grafana(), host: 'grafana' }))
      .toThrow('test/G: \'host\' must be a fully qualified host name of its own such as "grafana.example.com" (no wildcard), got "grafana"');
    expect(() => new AddonDashboard(chart(), 'G', { addon: TelemetryAddon.grafana(), host: 'Grafana.example.com' }))
      .toThrow("test/G: 'host' must be a DNS-1123 subdomain");
    expect(() => new AddonDashboard(chart(), 'G', { addon: TelemetryAddon.grafana(), host: 'grafana.example.com', credentialName: 'My Cert' }))
      .toThrow("test/G: 'credentialName' must be a DNS-1123 subdomain");
    expect(() => new AddonDashboard(chart(), 'G', { addon: 'grafana' as unknown as TelemetryAddon, host: 'grafana.example.com' }))
      .toThrow('test/G: \'addon\' must be a TelemetryAddon such as TelemetryAddon.grafana(), got "grafana"');
    expect(() => new AddonDashboard(chart(), 'G', { addon: TelemetryAddon.grafana(), host: 'grafana.example.com', gateway: {} as IngressGateway }))
      .toThrow("test/G: 'gateway' must be an IngressGateway of this app, got {}");
  });

  describe('access through the ingress gateway', () => {
    test('default: an anonymous request from outside is denied at the gateway (403); hello on the same gateway is unaffected', () => {
      const { c, dashboard } = helloAndGrafana();
      const denied = expectRequest(c, { from: outsider('203.0.113.9'), host: 'grafana.example.com' }).toFailWith(403).trace;
      expect([denied.hops.length, denied.hops[0].server, denied.hops[0].decidingPolicy]).toEqual([1, 'ingress gateway istio-system/istio-ingressgateway', 'istio-system/grafana-dashboard-access']);
      expectRequest(c, { from: outsider(), host: 'grafana.example.com:80' }).toBeDenied();
      expectRequest(c, { from: outsider(), host: 'GRAFANA.example.com', token }).toBeDenied();
      expectRequest(c, { from: 'ingress', host: 'hello.example.com', path: '/hello' }).toBeAllowed().toReach('hello');
      expect(dashboard.gatewayPolicy).toBeDefined();
      expect(MeshValidation.of(c).findings().filter(f => f.severity === 'error')).toEqual([]);
    });

    test('fromIpBlocks: a client in a block reaches grafana, others are denied, an unknown address is unknown; hello is unaffected', () => {
      const { c } = helloAndGrafana(DashboardAccess.fromIpBlocks(['203.0.113.0/24', '2001:db8::1']));
      expectRequest(c, { from: outsider('203.0.113.9'), host: 'grafana.example.com' }).toBeAllowed().toReach('grafana.istio-system');
      expectRequest(c, { from: outsider('2001:db8::1'), host: 'grafana.example.com:80' }).toBeAllowed();
      expectRequest(c, { from: outsider('198.51.100.1'), host: 'grafana.example.com' }).toFailWith(403);
      expectRequest(c, { from: outsider(), host: 'grafana.example.com' }).toFailWith(Outcome.UNKNOWN);
      expectRequest(c, { from: outsider('198.51.100.1'), host: 'hello.example.com', path: '/hello' }).toBeAllowed().toReach('hello');
    });

    test('jwt: a valid token of the issuer reaches grafana; none is denied, an invalid one is 401; hello without a token is unaffected', () => {
      const { c, dashboard } = helloAndGrafana(DashboardAccess.jwt({ issuer: 'https://idp.example.com', jwks: JwksSource.fromUri('https://idp.example.com/jwks.json') }));
      expectRequest(c, { from: 'ingress', host: 'grafana.example.com', token }).toBeAllowed().toReach('grafana.istio-system');
      expectRequest(c, { from: 'ingress', host: 'grafana.example.com' }).toFailWith(403);
      expectRequest(c, { from: 'ingress', host: 'grafana.example.com', token: { ...token, valid: false } }).toFailWith(401);
      expectRequest(c, { from: 'ingress', host: 'grafana.example.com', token: { ...token, issuer: 'https://other.example.com' } }).toFailWith(401);
      expectRequest(c, { from: 'ingress', host: 'hello.example.com', path: '/hello' }).toBeAllowed().toReach('hello');
      expect(find(synth(c), 'RequestAuthentication', 'grafana-dashboard-access', 'istio-system').spec).toEqual({
        selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [{ issuer: 'https://idp.example.com', jwksUri: 'https://idp.example.com/jwks.json' }],
      });
      expect(dashboard.gatewayAuthentication).toBeDefined();
    });

    test('publicAccess: no policy, anyone reaches grafana, and the route is marked acknowledged', () => {
      const { c, dashboard } = helloAndGrafana(DashboardAccess.publicAccess());
      expectRequest(c, { from: 'ingress', host: 'grafana.example.com' }).toBeAllowed().toReach('grafana.istio-system');
      expect(ofKind(synth(c), 'AuthorizationPolicy').filter(p => p.metadata.namespace === 'istio-system')).toEqual([]);
      expect(dashboard.gatewayPolicy).toBeUndefined();
      expect(find(synth(c), 'VirtualService', 'grafana').metadata.annotations['galley.istio.io/analyze-suppress']).toBe('CDKI3002');
    });

    test('fails on a malformed address block, an empty list, and a jwt without issuer', () => {
      const make = (access: DashboardAccess) => () => new AddonDashboard(chart(), 'G', { addon: TelemetryAddon.grafana(), host: 'grafana.example.com', access });
      expect(make(DashboardAccess.fromIpBlocks(['203.0.113.0/33']))).toThrow('test/G: \'access.ipBlocks[0]\' must be an IPv4 or IPv6 address or CIDR range such as "203.0.113.0/24", got "203.0.113.0/33"');
      expect(make(DashboardAccess.fromIpBlocks(['office']))).toThrow("test/G: 'access.ipBlocks[0]' must be an IPv4 or IPv6 address or CIDR range");
      expect(make(DashboardAccess.fromIpBlocks([]))).toThrow("test/G: 'access.ipBlocks' must list at least one address or CIDR range such as \"203.0.113.0/24\"; use DashboardAccess.denyAll() to let nobody in, got []");
      expect(make(DashboardAccess.jwt({ issuer: '', jwks: JwksSource.fromUri('https://idp.example.com/jwks.json') }))).toThrow("test/G: 'access.issuer' must be the non-empty \"iss\" of accepted tokens");
      expect(make(DashboardAccess.jwt({ issuer: 'https://idp.example.com', jwks: JwksSource.fromUri('ftp://x') }))).toThrow("test/G: 'jwks' must be an http:// or https:// URL");
      expect(() => new AddonDashboard(chart(), 'G', { addon: TelemetryAddon.grafana(), host: 'grafana.example.com', access: 'open' as unknown as DashboardAccess }))
        .toThrow("test/G: 'access' must be a DashboardAccess such as DashboardAccess.denyAll()");
    });
  });
});
