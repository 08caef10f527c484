import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AddonDashboard, DashboardAccess, IngressGateway, MeshNamespace, TelemetryAddon } from '../../lib';

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
  /**
   * The client addresses (or CIDR ranges) that may open Grafana and Kiali from outside; everyone else gets 403 at the
   * ingress gateway. The gateway sees the client's own address only when the load balancer keeps it
   * (`externalTrafficPolicy: Local`, PROXY protocol or trusted `X-Forwarded-For`; see `DashboardAccess.fromIpBlocks`).
   * @default ['203.0.113.0/24'], a documentation range (RFC 5737) that stands for your office network: set your own
   */
  readonly allowedIpBlocks?: string[];
}

/**
 * Course 7.11: metrics with Prometheus and Grafana. Every sidecar exposes Istio's standard metrics with every label
 * Kiali's graph and Istio's Grafana dashboards read: the `prometheus` provider is on by default, so no Telemetry is
 * needed, and none is emitted (a mesh-wide one would clash with the `tracing` scenario's: Istio applies one
 * selector-less Telemetry per namespace; one that removes such a label or disables such a metric gets CDKI3005).
 * Grafana and Kiali (samples/addons, installed outside this app) are reached through one Gateway on the ingress
 * gateway, each on its own host, and only from `allowedIpBlocks` (the samples' Grafana logs everyone in as admin);
 * their Services stay ClusterIP.
 */
export class MetricsScenario extends Chart {
  public readonly gateway: IngressGateway;
  public readonly grafana: AddonDashboard;
  public readonly kiali?: AddonDashboard;

  public constructor(scope: Construct, id = 'metrics', props: MetricsScenarioProps = {}) {
    super(scope, id);
    const domain = props.domain ?? 'example.com';
    const access = DashboardAccess.fromIpBlocks(props.allowedIpBlocks ?? ['203.0.113.0/24']);
    this.gateway = new IngressGateway(this, 'Gateway', { name: 'telemetry-gateway', namespace: MeshNamespace.fromName('istio-system') });
    this.grafana = new AddonDashboard(this, 'Grafana', { addon: TelemetryAddon.grafana(), host: `grafana.${domain}`, gateway: this.gateway, access });
    if (props.kiali ?? true) {
      this.kiali = new AddonDashboard(this, 'Kiali', { addon: TelemetryAddon.kiali(), host: `kiali.${domain}`, gateway: this.gateway, access });
    }
  }
}
