import { asString, findingFor, ofKind, specOf } from '../../private/analysis/objects';
import { asRecord, field, items, TELEMETRY } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3005';

const HTTP = ['REQUEST_COUNT'];
const TCP = ['TCP_SENT_BYTES', 'TCP_RECEIVED_BYTES'];
const GRAPH_EDGES = 'Kiali\'s graph skips every series without it (kiali graph/telemetry/istio/istio.go), so the edges between services disappear';
const WORKLOAD_LABELS = [
  'source_workload_namespace', 'source_workload', 'source_canonical_service', 'source_canonical_revision', 'destination_service_namespace',
  'destination_service', 'destination_service_name', 'destination_workload_namespace', 'destination_workload', 'destination_canonical_service',
  'destination_canonical_revision', 'response_flags',
];

/** What each label breaks when a Telemetry removes it from the metrics named. */
const LABELS: Readonly<Record<string, { readonly metrics: readonly string[]; readonly breaks: string }>> = {
  ...Object.fromEntries(WORKLOAD_LABELS.map(l => [l, { metrics: [...HTTP, ...TCP], breaks: GRAPH_EDGES }])),
  request_protocol: { metrics: HTTP, breaks: `${GRAPH_EDGES} (HTTP and gRPC edges)` },
  response_code: { metrics: HTTP, breaks: `${GRAPH_EDGES} (HTTP and gRPC edges), and the error-rate panels of Istio's Grafana dashboards go empty` },
  reporter: { metrics: [...HTTP, ...TCP, 'REQUEST_DURATION', 'REQUEST_SIZE', 'RESPONSE_SIZE'], breaks: 'Kiali\'s graph queries and nearly every panel of Istio\'s service and workload dashboards select series by reporter="source"/"destination", so they go empty' },
  connection_security_policy: { metrics: [...HTTP, ...TCP], breaks: 'Kiali\'s mTLS badges on graph edges (kiali graph/telemetry/istio/appender/security_policy.go) and the mTLS panels of Istio\'s service and workload dashboards go empty' },
};

/** What disabling each metric empties. */
const METRICS: Readonly<Record<string, string>> = {
  ALL_METRICS: 'every Kiali graph edge and every panel of Istio\'s Grafana dashboards',
  REQUEST_COUNT: 'Kiali\'s HTTP and gRPC graph edges and the request-rate panels of Istio\'s Grafana dashboards',
  REQUEST_DURATION: 'Kiali\'s response-time edge labels (kiali graph/telemetry/istio/appender/response_time.go) and the duration panels of Istio\'s Grafana dashboards',
  REQUEST_SIZE: 'Kiali\'s request size and throughput charts (kiali business/metrics_definitions.go) and the request size panels of Istio\'s service, workload and performance dashboards',
  RESPONSE_SIZE: 'Kiali\'s response size and throughput charts (kiali business/metrics_definitions.go) and the response size panels of Istio\'s service, workload and performance dashboards',
  TCP_SENT_BYTES: 'Kiali\'s TCP graph edges and the TCP panels of Istio\'s Grafana dashboards',
  TCP_RECEIVED_BYTES: 'Kiali\'s TCP graph edges and the TCP panels of Istio\'s Grafana dashboards',
};

/**
 * CDKI3005 (warning): a Telemetry metrics override that removes a label Kiali's graph or Istio's Grafana dashboards
 * (samples/addons, Istio 1.30.3 manifests/addons/dashboards) read, or disables a metric they read, naming what breaks:
 * e.g. without `request_protocol` Kiali skips every `istio_requests_total` series, so the graph loses its edges.
 * @see https://istio.io/latest/docs/reference/config/telemetry/#MetricsOverrides
 * @see https://kiali.io/docs/faq/graph/
 */
export const telemetryBreaksDashboards: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], _external: ExternalReferences): Finding[] {
    const findings: Finding[] = [];
    for (const telemetry of ofKind(objects, TELEMETRY, 'Telemetry')) {
      for (const metrics of items(specOf(telemetry), 'metrics')) {
        // Overrides apply to the providers the entry names (all of them when it names none); Kiali and the dashboards
        // read Prometheus (istio pilot/pkg/model/telemetry.go, mergeMetrics).
        const providers = items(metrics, 'providers').map(p => asString(asRecord(p.value).name));
        if (providers.length > 0 && !providers.includes('prometheus')) continue;
        for (const override of items(metrics, 'overrides')) {
          const match = asRecord(asRecord(override.value).match);
          if (typeof match.customMetric === 'string') continue;
          const metric = typeof match.metric === 'string' ? match.metric : 'ALL_METRICS';
          const disabled = field(override, 'disabled');
          if (disabled.value === true && METRICS[metric]) {
            findings.push(findingFor(telemetry, CODE, Severity.WARNING, disabled.path,
              `disables ${metric}, which empties ${METRICS[metric]}; keep the metric, or accept that those views stay empty`));
            continue;
          }
          for (const [label, value] of Object.entries(asRecord(asRecord(override.value).tagOverrides))) {
            const known = LABELS[label];
            if (asRecord(value).operation !== 'REMOVE' || !known || !(metric === 'ALL_METRICS' || known.metrics.includes(metric))) continue;
            findings.push(findingFor(telemetry, CODE, Severity.WARNING, `${override.path}.tagOverrides.${label}`,
              `removes label ${label} from ${metric}: ${known.breaks}; keep the label`));
          }
        }
      }
    }
    return findings;
  },
};
