import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AddonDashboard, IngressGateway, MeshNamespace, TelemetryAddon } from '../../lib';

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
 * Course 7.11: metrics with Prometheus and Grafana. Every sidecar exposes Istio's standard metrics with every label
 * Kiali's graph and Istio's Grafana dashboards read: the `prometheus` provider is on by default, so no Telemetry is
 * needed, and none is emitted (a mesh-wide one would clash with the `tracing` scenario's: Istio applies one
 * selector-less Telemetry per namespace; one that removes such a label or disables such a metric gets CDKI3005).
 * Grafana and Kiali (samples/addons, installed outside this app) are reached through one Gateway on the ingress
 * gateway, each on its own host; their Services stay ClusterIP.
 */
export class MetricsScenario extends Chart {
  public readonly gateway: IngressGateway;
  public readonly grafana: AddonDashboard;
  public readonly kiali?: AddonDashboard;

  public constructor(scope: Construct, id = 'metrics', props: MetricsScenarioProps = {}) {
    super(scope, id);
    const domain = props.domain ?? 'example.com';
    this.gateway = new IngressGateway(this, 'Gateway', { name: 'telemetry-gateway', namespace: MeshNamespace.fromName('istio-system') });
    this.grafana = new AddonDashboard(this, 'Grafana', { addon: TelemetryAddon.grafana(), host: `grafana.${domain}`, gateway: this.gateway });
    if (props.kiali ?? true) {
      this.kiali = new AddonDashboard(this, 'Kiali', { addon: TelemetryAddon.kiali(), host: `kiali.${domain}`, gateway: this.gateway });
    }
  }
}
