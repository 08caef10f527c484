import { IMeshNamespace, MeshNamespace } from '../workload/mesh-namespace';

/**
 * Options of the {@link TelemetryAddon} factories.
 * @see https://istio.io/latest/docs/ops/integrations/
 */
export interface TelemetryAddonOptions {
  /**
   * The namespace the addon was installed into.
   * @default istio-system, where Istio's samples/addons install it
   */
  readonly namespace?: IMeshNamespace;
}

/**
 * One of Istio's telemetry addons (`samples/addons/*.yaml`: Jaeger, Grafana, Kiali, Prometheus),
 * installed outside this app. It describes the Service that routes reach and the pod labels that
 * policies select. The addon pods run without a sidecar (`sidecar.istio.io/inject: "false"`).
 * @see https://istio.io/latest/docs/ops/integrations/
 */
export class TelemetryAddon {
  /**
   * Jaeger's UI: Service `tracing`, port 80 (container port 16686), pods `app: jaeger`; the UI lives under `/jaeger`.
   * @see https://istio.io/latest/docs/ops/integrations/jaeger/
   */
  public static jaeger(options: TelemetryAddonOptions = {}): TelemetryAddon {
    return new TelemetryAddon('jaeger', 'tracing', namespaceOf(options), 80, 16686, { app: 'jaeger' }, '/jaeger');
  }

  /**
   * Grafana: Service `grafana`, port 3000, pods `app.kubernetes.io/name: grafana` (Istio 1.30.3 samples/addons/grafana.yaml,
   * a Helm chart's labels: no `app` label). The sample logs everyone in as admin.
   * @see https://istio.io/latest/docs/ops/integrations/grafana/
   */
  public static grafana(options: TelemetryAddonOptions = {}): TelemetryAddon {
    return new TelemetryAddon('grafana', 'grafana', namespaceOf(options), 3000, 3000, { 'app.kubernetes.io/name': 'grafana' }, '/');
  }

  /**
   * Kiali: Service `kiali`, port 20001, pods `app: kiali`. The sample runs without login.
   * @see https://istio.io/latest/docs/ops/integrations/kiali/
   */
  public static kiali(options: TelemetryAddonOptions = {}): TelemetryAddon {
    return new TelemetryAddon('kiali', 'kiali', namespaceOf(options), 20001, 20001, { app: 'kiali' }, '/kiali');
  }

  /**
   * Prometheus: Service `prometheus`, port 9090, pods `app.kubernetes.io/name: prometheus` (Istio 1.30.3
   * samples/addons/prometheus.yaml: no `app` label).
   * @see https://istio.io/latest/docs/ops/integrations/prometheus/
   */
  public static prometheus(options: TelemetryAddonOptions = {}): TelemetryAddon {
    return new TelemetryAddon('prometheus', 'prometheus', namespaceOf(options), 9090, 9090, { 'app.kubernetes.io/name': 'prometheus' }, '/');
  }

  private constructor(
    /** The addon's name, e.g. `grafana`. */
    public readonly name: string,
    /** The name of the Service its UI is reached through. */
    public readonly serviceName: string,
    /** Its namespace. */
    public readonly namespace: IMeshNamespace,
    /** The Service port of the UI. */
    public readonly port: number,
    /** The container port behind it (what a sidecar and an AuthorizationPolicy see). */
    public readonly targetPort: number,
    /** The labels of its pods. */
    public readonly labels: Readonly<Record<string, string>>,
    /** The path the UI is served under. */
    public readonly uiPath: string,
  ) {}

  /** `<service>.<namespace>.svc.cluster.local`. */
  public get fqdn(): string {
    return `${this.serviceName}.${this.namespace.name}.svc.cluster.local`;
  }
}

function namespaceOf(options: TelemetryAddonOptions): IMeshNamespace {
  return options.namespace ?? MeshNamespace.fromName('istio-system');
}
