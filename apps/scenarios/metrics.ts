import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AddonDashboard, IngressGateway, IstioMetric, MeshNamespace, MetricMode, PolicyTarget, TagOverride, Telemetry, TelemetryAddon,
} from '../../lib';

/** Props of {@link MetricsScenario}. */
export interface MetricsScenarioProps {
  /**
   * The domain: Grafana gets `grafana.<domain>`, Kiali `kiali.<domain>`.
   * @default 'example.com'
   */
  readonly domain?: string;
  /**
   * Whether Kiali is exposed too.
   * @default true
   */
  readonly kiali?: boolean;
}

/**
 * Course 7.11: metrics with Prometheus and Grafana. A Telemetry for namespace default (where the
 * hello world services run) keeps Prometheus metrics, adds the destination port to
 * `istio_requests_total`, drops its `request_protocol` label and turns off the request and response
 * size histograms. Grafana and Kiali (samples/addons, installed outside this app) are reached through
 * one Gateway on the ingress gateway, each on its own host; their Services stay ClusterIP.
 */
export class MetricsScenario extends Chart {
  public readonly telemetry: Telemetry;
  public readonly gateway: IngressGateway;
  public readonly grafana: AddonDashboard;
  public readonly kiali?: AddonDashboard;

  public constructor(scope: Construct, id = 'metrics', props: MetricsScenarioProps = {}) {
    super(scope, id);
    const domain = props.domain ?? 'example.com';
    this.telemetry = new Telemetry(this, 'Metrics', {
      target: PolicyTarget.fromNamespace(MeshNamespace.fromName('default', true)),
      metrics: {
        overrides: [
          {
            metric: IstioMetric.REQUEST_COUNT,
            tagOverrides: { destination_port: TagOverride.upsert('string(destination.port)'), request_protocol: TagOverride.remove() },
          },
          { metric: IstioMetric.REQUEST_SIZE, mode: MetricMode.CLIENT_AND_SERVER, disabled: true },
          { metric: IstioMetric.RESPONSE_SIZE, disabled: true },
        ],
      },
    });
    this.gateway = new IngressGateway(this, 'Gateway', { name: 'telemetry-gateway', namespace: MeshNamespace.fromName('istio-system') });
    this.grafana = new AddonDashboard(this, 'Grafana', { addon: TelemetryAddon.grafana(), host: `grafana.${domain}`, gateway: this.gateway });
    if (props.kiali ?? true) {
      this.kiali = new AddonDashboard(this, 'Kiali', { addon: TelemetryAddon.kiali(), host: `kiali.${domain}`, gateway: this.gateway });
    }
  }
}
