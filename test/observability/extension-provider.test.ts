import { ExtensionProvider, ExtensionProviderKind, MeshNamespace, MeshService } from '../../lib';
import { chart } from '../util';

describe('ExtensionProvider', () => {
  test('jaeger(): OpenTelemetry to the Jaeger collector in istio-system on 4317', () => {
    const p = ExtensionProvider.jaeger();
    expect([p.name, p.kind, p.service, p.port, p.tracing, p.metrics]).toEqual(['jaeger', ExtensionProviderKind.OPENTELEMETRY, 'jaeger-collector.istio-system.svc.cluster.local', 4317, true, false]);
    expect(p.toMeshConfig()).toEqual({ name: 'jaeger', opentelemetry: { service: 'jaeger-collector.istio-system.svc.cluster.local', port: 4317 } });
  });

  test('a collector given as a Service uses its fqdn; prometheus is built in and for metrics only', () => {
    const otel = MeshService.fromName(chart(), 'Otel', 'otel-collector', { namespace: MeshNamespace.fromName('observability') });
    const p = ExtensionProvider.openTelemetry('otel', { service: otel, port: 4317 });
    expect(p.service).toBe('otel-collector.observability.svc.cluster.local');
    const prom = ExtensionProvider.prometheus();
    expect([prom.name, prom.builtIn, prom.tracing, prom.metrics]).toEqual(['prometheus', true, false, true]);
    expect(p.sameAs(ExtensionProvider.openTelemetry('otel', { service: 'otel-collector.observability.svc.cluster.local', port: 4317 }))).toBe(true);
    expect(p.sameAs(ExtensionProvider.openTelemetry('otel', { service: 'otel-collector.observability.svc.cluster.local', port: 4318 }))).toBe(false);
  });

  test('fails on a bad name, service or port', () => {
    expect(() => ExtensionProvider.zipkin('Zipkin Tracer', { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 }))
      .toThrow('ExtensionProvider.zipkin: \'name\' must be lowercase letters, digits, \'-\' and \'.\' (e.g. "jaeger"), got "Zipkin Tracer"');
    expect(() => ExtensionProvider.openTelemetry('otel', { service: 'jaeger-collector', port: 4317 }))
      .toThrow('ExtensionProvider.openTelemetry: \'service\' must be a Service or the fully qualified host of a collector such as "jaeger-collector.istio-system.svc.cluster.local", got "jaeger-collector"');
    expect(() => ExtensionProvider.openTelemetry('otel', { service: 'otel.observability.svc.cluster.local', port: 0 }))
      .toThrow("ExtensionProvider.openTelemetry: 'port' must be an integer from 1 to 65535, got 0");
  });
});
