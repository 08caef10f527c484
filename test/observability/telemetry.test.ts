import { Chart, Duration, Testing } from 'cdk8s';
import {
  ExtensionProvider, IstioInstallation, IstioMetric, MeshNamespace, MeshService, MeshValidation, MetricMode, PolicyTarget, TagOverride, Telemetry, Workload, WorkloadImage,
} from '../../lib';
import { chart, find, synth, validationErrors } from '../util';

describe('Telemetry', () => {
  test('mesh-wide tracing: telemetry.istio.io/v1 in istio-system, provider jaeger, sampling as given', () => {
    const c = chart();
    const t = new Telemetry(c, 'Tracing', { tracing: { randomSamplingPercentage: 25.5 } });
    const obj = find(synth(c), 'Telemetry', 'mesh-default', 'istio-system');
    expect(obj.apiVersion).toBe('telemetry.istio.io/v1');
    expect(obj.spec).toEqual({ tracing: [{ providers: [{ name: 'jaeger' }], randomSamplingPercentage: 25.5 }] });
    expect(t.tracingProviders.map(p => p.name)).toEqual(['jaeger']);
    expect(MeshValidation.of(c).findings()).toEqual([]);
  });

  test('namespace level: named default, no selector; sampling 0 is kept', () => {
    const c = chart();
    new Telemetry(c, 'T', { target: PolicyTarget.fromNamespace(MeshNamespace.fromName('shop')), tracing: { randomSamplingPercentage: 0 } });
    const obj = find(synth(c), 'Telemetry', 'default', 'shop');
    expect(obj.spec.selector).toBeUndefined();
    expect(obj.spec.tracing[0].randomSamplingPercentage).toBe(0);
  });

  test('workload level: selector on the service\'s app label, named after it', () => {
    const c = chart();
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    const zipkin = ExtensionProvider.zipkin('zipkin', { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 });
    new Telemetry(c, 'T', { target: PolicyTarget.fromService(hello), tracing: { providers: [zipkin] } });
    const obj = find(synth(c), 'Telemetry', 'hello', 'default');
    expect(obj.spec).toEqual({ selector: { matchLabels: { app: 'hello' } }, tracing: [{ providers: [{ name: 'zipkin' }] }] });
  });

  test('metrics: Prometheus by default, overrides that disable a metric and change tags, reporting interval', () => {
    const c = chart();
    new Telemetry(c, 'T', {
      metrics: {
        overrides: [
          { metric: IstioMetric.REQUEST_COUNT, mode: MetricMode.SERVER, tagOverrides: { request_host: TagOverride.upsert('request.host'), request_protocol: TagOverride.remove() } },
          { metric: IstioMetric.REQUEST_SIZE, disabled: true },
        ],
        reportingInterval: Duration.seconds(30),
      },
    });
    expect(find(synth(c), 'Telemetry', 'mesh-default').spec.metrics).toEqual([{
      providers: [{ name: 'prometheus' }],
      overrides: [
        { match: { metric: 'REQUEST_COUNT', mode: 'SERVER' }, tagOverrides: { request_host: { value: 'request.host' }, request_protocol: { operation: 'REMOVE' } } },
        { match: { metric: 'REQUEST_SIZE', mode: 'CLIENT_AND_SERVER' }, disabled: true },
      ],
      reportingInterval: '30s',
    }]);
  });

  test('a provider the app\'s IstioInstallation declares is accepted, an undeclared one fails at synth', () => {
    const app = Testing.app();
    const jaeger = ExtensionProvider.jaeger();
    new IstioInstallation(new Chart(app, 'install'), 'Istio', { extensionProviders: [jaeger] });
    const ok = new Chart(app, 'ok');
    new Telemetry(ok, 'T', { tracing: { providers: [jaeger] }, metrics: {} });
    expect(validationErrors(ok)).toEqual([]);
    const bad = new Chart(app, 'bad');
    new Telemetry(bad, 'T', { tracing: { providers: [ExtensionProvider.openTelemetry('otel', { service: 'otel.observability.svc.cluster.local', port: 4317 })] } });
    expect(validationErrors(bad)).toEqual([
      "bad/T: 'tracing.providers' uses otel (opentelemetry otel.observability.svc.cluster.local:4317), which no IstioInstallation declares: install/Istio (jaeger); add it to extensionProviders",
    ]);
  });

  test('fails on sampling 120 and -1', () => {
    expect(() => new Telemetry(chart(), 'T', { tracing: { randomSamplingPercentage: 120 } }))
      .toThrow("test/T: 'tracing.randomSamplingPercentage' must be a percentage from 0 to 100, got 120");
    expect(() => new Telemetry(chart(), 'T', { tracing: { randomSamplingPercentage: -1 } }))
      .toThrow("test/T: 'tracing.randomSamplingPercentage' must be a percentage from 0 to 100, got -1");
  });

  test('fails when it sets neither tracing nor metrics', () => {
    expect(() => new Telemetry(chart(), 'T')).toThrow("test/T: 'tracing' and 'metrics' are both unset, so this Telemetry changes nothing");
  });

  test('fails on a provider that cannot take the signal', () => {
    expect(() => new Telemetry(chart(), 'T', { tracing: { providers: [ExtensionProvider.prometheus()] } }))
      .toThrow("test/T: 'tracing.providers[0]' is prometheus (prometheus (built in)), which cannot receive tracing; use a provider such as ExtensionProvider.jaeger()");
    expect(() => new Telemetry(chart(), 'T', { metrics: { providers: [ExtensionProvider.jaeger()] } }))
      .toThrow("test/T: 'metrics.providers[0]' is jaeger (opentelemetry jaeger-collector.istio-system.svc.cluster.local:4317), which cannot receive metrics");
  });

  test('fails on empty, foreign or duplicate providers', () => {
    expect(() => new Telemetry(chart(), 'T', { tracing: { providers: [] } }))
      .toThrow("test/T: 'tracing.providers' must list at least one provider such as ExtensionProvider.jaeger(), got []");
    expect(() => new Telemetry(chart(), 'T', { tracing: { providers: [{ name: 'jaeger' } as unknown as ExtensionProvider] } }))
      .toThrow("test/T: 'tracing.providers[0]' must be an ExtensionProvider such as ExtensionProvider.jaeger()");
    expect(() => new Telemetry(chart(), 'T', { tracing: { providers: [ExtensionProvider.jaeger(), ExtensionProvider.jaeger()] } }))
      .toThrow('test/T: \'tracing.providers[1]\' must be unique, got "jaeger" twice');
  });

  test('fails on a second Telemetry for the same namespace', () => {
    const c = chart();
    new Telemetry(c, 'Tracing', { tracing: {} });
    expect(() => new Telemetry(c, 'Metrics', { metrics: {} }))
      .toThrow("test/Metrics: 'target' is the mesh, which Telemetry istio-system/mesh-default (test/Tracing) already configures; Istio picks one of them arbitrarily, so merge tracing and metrics into one Telemetry");
  });

  test('fails on overrides that change nothing or contradict themselves, and on bad tags', () => {
    const t = (o: object) => () => new Telemetry(chart(), 'T', { metrics: { overrides: [o] } });
    expect(t({ metric: IstioMetric.REQUEST_COUNT })).toThrow("test/T: 'metrics.overrides[0]' changes nothing; set disabled: true or tagOverrides");
    expect(t({ disabled: true, tagOverrides: { a: TagOverride.remove() } }))
      .toThrow("test/T: 'metrics.overrides[0].tagOverrides' has no effect on a disabled metric; remove it or drop disabled: true");
    expect(t({ tagOverrides: { 'request-host': TagOverride.remove() } }))
      .toThrow('test/T: \'metrics.overrides[0].tagOverrides\' key "request-host" must be a tag name of letters, digits and "_" such as "request_protocol"');
    expect(t({ tagOverrides: { host: TagOverride.upsert(' ') } }))
      .toThrow('test/T: \'metrics.overrides[0].tagOverrides.host\' must have a CEL expression such as "request.host", got " "');
    expect(t({ tagOverrides: { host: { value: 'x' } } }))
      .toThrow("test/T: 'metrics.overrides[0].tagOverrides.host' must be TagOverride.upsert(expression) or TagOverride.remove()");
    expect(t({ metric: 'REQUESTS' as IstioMetric, disabled: true })).toThrow('test/T: \'metrics.overrides[0].metric\' must be one of ALL_METRICS, REQUEST_COUNT');
    expect(t({ mode: 'BOTH' as MetricMode, disabled: true })).toThrow('test/T: \'metrics.overrides[0].mode\' must be one of CLIENT_AND_SERVER, CLIENT, SERVER, got "BOTH"');
  });

  test('fails on a reporting interval under 1ms', () => {
    expect(() => new Telemetry(chart(), 'T', { metrics: { reportingInterval: Duration.millis(0.5) } }))
      .toThrow("test/T: 'metrics.reportingInterval' must be a whole number of milliseconds and at least 1ms, got 0.5ms");
  });
});
