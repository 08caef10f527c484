import {
  AccessLogEncoding, DataPlaneMode, ExtensionProvider, InstallationProfile, IstioInstallation, MeshNamespace, MeshValidation, OutboundTrafficPolicy, validateManifests,
} from '../../lib';
import { chart, find, synth, validationErrors } from '../util';

describe('IstioInstallation', () => {
  test('emits an install.istio.io/v1alpha1 IstioOperator: default profile, Jaeger provider, tracing only through the Telemetry API', () => {
    const c = chart();
    const istio = new IstioInstallation(c, 'Istio');
    const op = find(synth(c), 'IstioOperator', 'control-plane', 'istio-system');
    expect(op.apiVersion).toBe('install.istio.io/v1alpha1');
    expect(op.spec).toEqual({
      profile: 'default',
      meshConfig: {
        enableTracing: true,
        defaultConfig: { tracing: {} },
        extensionProviders: [{ name: 'jaeger', opentelemetry: { service: 'jaeger-collector.istio-system.svc.cluster.local', port: 4317 } }],
      },
    });
    expect(istio.outboundTrafficPolicy).toBe(OutboundTrafficPolicy.ALLOW_ANY);
    expect(istio.installsEgressGateway).toBe(false);
  });

  test('REGISTRY_ONLY, access logs, proxy defaults, gateways, revision and several providers', () => {
    const c = chart();
    const zipkin = ExtensionProvider.zipkin('zipkin', { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 });
    const istio = new IstioInstallation(c, 'Istio', {
      name: 'mesh',
      namespace: MeshNamespace.fromName('istio-control'),
      revision: '1-30',
      outboundTrafficPolicy: OutboundTrafficPolicy.REGISTRY_ONLY,
      accessLogFile: '/dev/stdout',
      accessLogEncoding: AccessLogEncoding.JSON,
      extensionProviders: [ExtensionProvider.jaeger(), zipkin, ExtensionProvider.prometheus()],
      defaultConfig: { holdApplicationUntilProxyStarts: true, concurrency: 2 },
      ingressGateway: false,
      egressGateway: true,
    });
    const op = find(synth(c), 'IstioOperator', 'mesh', 'istio-control');
    expect(op.spec.revision).toBe('1-30');
    expect(op.spec.meshConfig.outboundTrafficPolicy).toEqual({ mode: 'REGISTRY_ONLY' });
    expect([op.spec.meshConfig.accessLogFile, op.spec.meshConfig.accessLogEncoding]).toEqual(['/dev/stdout', 'JSON']);
    expect(op.spec.meshConfig.defaultConfig).toEqual({ tracing: {}, holdApplicationUntilProxyStarts: true, concurrency: 2 });
    // prometheus is built into the default mesh config: not redeclared.
    expect(op.spec.meshConfig.extensionProviders.map((p: any) => p.name)).toEqual(['jaeger', 'zipkin']);
    expect(op.spec.meshConfig.extensionProviders[1]).toEqual({ name: 'zipkin', zipkin: { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 } });
    expect(op.spec.components).toEqual({
      ingressGateways: [{ name: 'istio-ingressgateway', enabled: false }],
      egressGateways: [{ name: 'istio-egressgateway', enabled: true }],
    });
    expect(istio.installsEgressGateway).toBe(true);
    expect(istio.declares(zipkin)).toBe(true);
    expect(istio.declares(ExtensionProvider.jaeger('other'))).toBe(false);
  });

  test('no providers: no tracing settings at all; the demo profile brings the egress gateway', () => {
    const c = chart();
    const istio = new IstioInstallation(c, 'Istio', { profile: InstallationProfile.DEMO, extensionProviders: [] });
    expect(find(synth(c), 'IstioOperator', 'control-plane').spec).toEqual({ profile: 'demo' });
    expect(istio.installsEgressGateway).toBe(true);
  });

  test('is not flagged by the validation engine (no CRD in the bundle, not a removed API)', () => {
    const c = chart();
    new IstioInstallation(c, 'Istio', { outboundTrafficPolicy: OutboundTrafficPolicy.REGISTRY_ONLY });
    expect(MeshValidation.of(c).findings()).toEqual([]);
    expect(validateManifests(synth(c))).toEqual([]);
  });

  test('fails on an outbound traffic policy that is not ALLOW_ANY or REGISTRY_ONLY', () => {
    expect(() => new IstioInstallation(chart(), 'Istio', { outboundTrafficPolicy: 'REGISTRY-ONLY' as OutboundTrafficPolicy }))
      .toThrow('test/Istio: \'outboundTrafficPolicy\' must be one of ALLOW_ANY, REGISTRY_ONLY, got "REGISTRY-ONLY"');
  });

  test('fails on an unknown profile', () => {
    expect(() => new IstioInstallation(chart(), 'Istio', { profile: 'istio-demo' as InstallationProfile }))
      .toThrow('test/Istio: \'profile\' must be one of default, demo, minimal, empty, ambient, remote, preview, got "istio-demo"');
  });

  test('fails on a relative access log path, and on an encoding without a file', () => {
    expect(() => new IstioInstallation(chart(), 'Istio', { accessLogFile: 'stdout' }))
      .toThrow('test/Istio: \'accessLogFile\' must be an absolute path such as "/dev/stdout", got "stdout"');
    expect(() => new IstioInstallation(chart(), 'Istio', { accessLogEncoding: AccessLogEncoding.JSON }))
      .toThrow('test/Istio: \'accessLogEncoding\' has no effect without \'accessLogFile\'; set accessLogFile: "/dev/stdout" or remove it, got "JSON"');
    expect(() => new IstioInstallation(chart(), 'Istio', { accessLogFile: '/dev/stdout', accessLogEncoding: 'YAML' as AccessLogEncoding }))
      .toThrow('test/Istio: \'accessLogEncoding\' must be one of TEXT, JSON, got "YAML"');
  });

  test('fails on two providers with one name, and on something that is not a provider', () => {
    expect(() => new IstioInstallation(chart(), 'Istio', { extensionProviders: [ExtensionProvider.jaeger(), ExtensionProvider.jaeger()] }))
      .toThrow('test/Istio: \'extensionProviders[1].name\' must be unique (Telemetry selects providers by name), got "jaeger" twice');
    expect(() => new IstioInstallation(chart(), 'Istio', { extensionProviders: [{ name: 'jaeger' } as unknown as ExtensionProvider] }))
      .toThrow('test/Istio: \'extensionProviders[0]\' must be an ExtensionProvider such as ExtensionProvider.jaeger(), got {"name":"jaeger"}');
  });

  test('fails on a bad revision and concurrency', () => {
    expect(() => new IstioInstallation(chart(), 'Istio', { revision: '1.30' })).toThrow("test/Istio: 'revision' must be a DNS-1123 label");
    expect(() => new IstioInstallation(chart(), 'Istio', { defaultConfig: { concurrency: -1 } }))
      .toThrow("test/Istio: 'defaultConfig.concurrency' must be an integer >= 0, got -1");
  });

  test('fails at synth with an ambient namespace in a chart whose installation is not ambient (CDKI3013); the ambient profile passes', () => {
    const c = chart();
    new IstioInstallation(c, 'Istio');
    new MeshNamespace(c, 'Shop', { name: 'shop', dataPlane: DataPlaneMode.AMBIENT });
    expect(validationErrors(c).join('\n')).toContain('test/Shop/Resource/Resource: Namespace/shop: metadata.labels.istio.io/dataplane-mode: error: enrols namespace shop in ambient mode, but IstioOperator istio-system/control-plane (profile default) installs no ztunnel');
    const ok = chart();
    new IstioInstallation(ok, 'Istio', { profile: InstallationProfile.AMBIENT });
    new MeshNamespace(ok, 'Shop', { name: 'shop', dataPlane: DataPlaneMode.AMBIENT });
    expect(validationErrors(ok).filter(e => e.includes('CDKI3013'))).toEqual([]);
  });
});
