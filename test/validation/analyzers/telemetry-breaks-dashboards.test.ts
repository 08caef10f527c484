import { telemetryBreaksDashboards } from '../../../lib/validation/analyzers/telemetry-breaks-dashboards';
import { Severity } from '../../../lib/validation/finding';

const telemetry = (overrides: unknown[]) => ({
  apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: 'default', namespace: 'shop' },
  spec: { metrics: [{ providers: [{ name: 'prometheus' }], overrides }] },
});
const remove = (label: string, metric?: string) => ({ ...(metric ? { match: { metric } } : {}), tagOverrides: { [label]: { operation: 'REMOVE' } } });

describe('telemetryBreaksDashboards', () => {
  test.each<[string, unknown[], [string, string][]]>([
    ['warns on request_protocol removed from istio_requests_total: Kiali drops the series', [remove('request_protocol', 'REQUEST_COUNT')],
      [['spec.metrics[0].overrides[0].tagOverrides.request_protocol', 'removes label request_protocol from REQUEST_COUNT: Kiali\'s graph skips every series without it (kiali graph/telemetry/istio/istio.go), so the edges between services disappear (HTTP and gRPC edges); keep the label']]],
    ['warns on a label removed from every metric (no match)', [remove('destination_workload')],
      [['spec.metrics[0].overrides[0].tagOverrides.destination_workload', 'removes label destination_workload from ALL_METRICS: Kiali\'s graph skips every series without it (kiali graph/telemetry/istio/istio.go), so the edges between services disappear; keep the label']]],
    ['warns on connection_security_policy removed from TCP metrics', [remove('connection_security_policy', 'TCP_SENT_BYTES')], [['spec.metrics[0].overrides[0].tagOverrides.connection_security_policy', expect.stringContaining('Kiali\'s mTLS badges')]]],
    ['passes request_protocol removed from a metric Kiali\'s graph does not group by it', [remove('request_protocol', 'REQUEST_SIZE')], []],
    ['passes a label nobody reads removed', [remove('source_principal_custom', 'REQUEST_COUNT')], []],
    ['passes a label added (upsert)', [{ match: { metric: 'REQUEST_COUNT' }, tagOverrides: { destination_port: { value: 'string(destination.port)' } } }], []],
    ['warns on the size metrics disabled: Kiali\'s size charts and the dashboards\' size panels go empty',
      [{ match: { metric: 'REQUEST_SIZE', mode: 'CLIENT_AND_SERVER' }, disabled: true }, { match: { metric: 'RESPONSE_SIZE' }, disabled: true }], [
        ['spec.metrics[0].overrides[0].disabled', 'disables REQUEST_SIZE, which empties Kiali\'s request size and throughput charts (kiali business/metrics_definitions.go) and the request size panels of Istio\'s service, workload and performance dashboards; keep the metric, or accept that those views stay empty'],
        ['spec.metrics[0].overrides[1].disabled', expect.stringContaining('disables RESPONSE_SIZE, which empties Kiali\'s response size')],
      ]],
    ['passes a metric nobody reads disabled', [{ match: { metric: 'TCP_OPENED_CONNECTIONS' }, disabled: true }], []],
    ['passes a custom metric', [{ match: { customMetric: 'my_metric' }, tagOverrides: { request_protocol: { operation: 'REMOVE' } } }], []],
  ])('%s', (_name, overrides, expected) => {
    const findings = telemetryBreaksDashboards.check([telemetry(overrides)] as any[], {});
    expect(findings.map(f => [f.path, f.message])).toEqual(expected);
    for (const f of findings) expect([f.code, f.severity, f.kind, f.name, f.namespace]).toEqual(['CDKI3005', Severity.WARNING, 'Telemetry', 'default', 'shop']);
  });
});

describe('telemetryBreaksDashboards and the providers an entry names', () => {
  const withProviders = (providers: string[] | undefined) => ({
    apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: 'default', namespace: 'shop' },
    spec: { metrics: [{ ...(providers ? { providers: providers.map(name => ({ name })) } : {}), overrides: [remove('request_protocol', 'REQUEST_COUNT')] }] },
  });

  test.each<[string, string[] | undefined, number]>([
    ['warns when the entry names no provider (it applies to all, Prometheus included)', undefined, 1],
    ['warns when the entry names prometheus among others', ['stackdriver', 'prometheus'], 1],
    ['passes an entry for another provider only: what Prometheus keeps, which Kiali reads, is unchanged', ['stackdriver'], 0],
  ])('%s', (_name, providers, count) => {
    expect(telemetryBreaksDashboards.check([withProviders(providers)] as any[], {})).toHaveLength(count);
  });
});
