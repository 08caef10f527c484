import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AddonDashboard, ExtensionProvider, Telemetry, TelemetryAddon } from '../../lib';
import { MESH_TRACING_PROVIDER } from './install';

/** Props of {@link TracingScenario}. */
export interface TracingScenarioProps {
  /**
   * The host the Jaeger UI gets on the ingress gateway.
   * @default 'tracing.example.com'
   */
  readonly host?: string;
  /**
   * The tracing provider, declared by the installation. It must read the trace context the applications forward:
   * http-echo forwards B3 only, which Zipkin reads and OpenTelemetry does not (CDKI3004 warns).
   * @default MESH_TRACING_PROVIDER (the `install` scenario's Zipkin provider, Jaeger's `zipkin` Service on 9411)
   */
  readonly provider?: ExtensionProvider;
}

/**
 * Course 7.10: distributed tracing with Jaeger. A mesh-wide Telemetry sends every request's spans
 * (100% sampling, as the course's demo install) to the `install` scenario's Zipkin provider, Jaeger's `zipkin`
 * Service: Zipkin's B3 headers are the ones http-echo forwards, so hello → world → world-2 is one trace. The
 * Jaeger UI (Service `tracing` of samples/addons/jaeger.yaml, installed outside this app) is reached
 * through the ingress gateway on its own host instead of turning its Service into a LoadBalancer.
 */
export class TracingScenario extends Chart {
  public readonly telemetry: Telemetry;
  public readonly dashboard: AddonDashboard;

  public constructor(scope: Construct, id = 'tracing', props: TracingScenarioProps = {}) {
    super(scope, id);
    this.telemetry = new Telemetry(this, 'MeshTracing', {
      tracing: { providers: [props.provider ?? MESH_TRACING_PROVIDER], randomSamplingPercentage: 100 },
    });
    this.dashboard = new AddonDashboard(this, 'Jaeger', {
      addon: TelemetryAddon.jaeger(),
      host: props.host ?? 'tracing.example.com',
    });
  }
}
