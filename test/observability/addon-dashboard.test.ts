import {
  AddonDashboard, Caller, IngressGateway, MeshNamespace, MeshValidation, MtlsMode, MutualTlsPolicy, PolicyTarget, TelemetryAddon,
} from '../../lib';
import { chart, find, ofKind, synth } from '../util';

describe('AddonDashboard', () => {
  test('default: a Gateway and a VirtualService in istio-system to the addon Service, which stays outside the chart', () => {
    const c = chart();
    const d = new AddonDashboard(c, 'Grafana', { addon: TelemetryAddon.grafana(), host: 'grafana.example.com' });
    const objects = synth(c);
    expect(objects).toMatchSnapshot();
    expect(ofKind(objects, 'Service')).toEqual([]);
    expect(ofKind(objects, 'AuthorizationPolicy')).toEqual([]);
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

  test('allowedCallers: an ALLOW policy on the addon pods (app: grafana) for the gateway and one namespace', () => {
    const c = chart();
    new MutualTlsPolicy(c, 'Strict', { target: PolicyTarget.selector(MeshNamespace.fromName('istio-system', true), { app: 'grafana' }), mode: MtlsMode.STRICT });
    const d = new AddonDashboard(c, 'Grafana', {
      addon: TelemetryAddon.grafana(),
      host: 'grafana.example.com',
      addonInjected: true,
      allowedCallers: [Caller.ingressGateway(), Caller.fromNamespace(MeshNamespace.fromName('ops'))],
    });
    const policy = find(synth(c), 'AuthorizationPolicy', 'grafana-access', 'istio-system');
    expect(policy.apiVersion).toBe('security.istio.io/v1');
    expect(policy.spec).toEqual({
      selector: { matchLabels: { app: 'grafana' } },
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
      .toThrow('test/Grafana: \'allowedCallers\' needs a sidecar on the grafana pods (app=grafana) to be enforced, but Istio\'s samples/addons run them without one (sidecar.istio.io/inject: "false"); inject them and set addonInjected: true, or leave allowedCallers unset');
  });

  test('fails on allowedCallers that leave out the ingress gateway, or list nobody', () => {
    expect(() => new AddonDashboard(chart(), 'Kiali', {
      addon: TelemetryAddon.kiali(), host: 'kiali.example.com', addonInjected: true, allowedCallers: [Caller.fromNamespace(MeshNamespace.fromName('ops'))],
    })).toThrow("test/Kiali: 'allowedCallers' does not include the ingress gateway (Caller.ingressGateway()), so requests to kiali.example.com through it would be denied; add it, got namespace ops");
    expect(() => new AddonDashboard(chart(), 'Kiali', { addon: TelemetryAddon.kiali(), host: 'kiali.example.com', addonInjected: true, allowedCallers: [] }))
      .toThrow("test/Kiali: 'allowedCallers' must list at least one Caller such as Caller.ingressGateway(); leave it unset for no AuthorizationPolicy, got []");
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
});
