import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ExtensionProvider, InstallationProfile, IstioInstallation, OutboundTrafficPolicy } from '../../lib';

/**
 * Zipkin-format tracing to the Jaeger addon's `zipkin` Service (samples/addons/jaeger.yaml, port 9411): Envoy's Zipkin
 * tracer reads and writes B3 (`x-b3-*`), which http-echo forwards. The `tracing` scenario's Telemetry selects it.
 * @see https://istio.io/latest/about/faq/distributed-tracing/
 */
export const MESH_TRACING_PROVIDER = ExtensionProvider.zipkin('zipkin', { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 });

/**
 * OpenTelemetry (OTLP/gRPC) tracing to the Jaeger addon's collector, for applications that forward W3C `traceparent`
 * (Envoy's OpenTelemetry tracer reads nothing else); declared for them, not used by the course's http-echo.
 */
export const OTLP_TRACING_PROVIDER = ExtensionProvider.jaeger();

/**
 * Course 7.1: the Istio installation, as an IstioOperator for `istioctl install -f` (not for
 * `kubectl apply`). Default profile plus the egress gateway; access logs on stdout (the course reads
 * `kubectl logs <pod> -c istio-proxy`); outbound traffic REGISTRY_ONLY, so only declared external
 * services (the `egress` scenario) are reachable; two tracing providers to the Jaeger addon: `zipkin` (B3, which
 * http-echo forwards, and the `tracing` scenario uses) and `jaeger` (OpenTelemetry, W3C traceparent).
 */
export class InstallScenario extends Chart {
  public readonly installation: IstioInstallation;

  /**
   * @param profile `InstallationProfile.AMBIENT` for the ambient scenarios: istiod, istio-cni and ztunnel, plus the
   *   ingress gateway, which that profile leaves out and the course's scenarios use
   */
  public constructor(scope: Construct, id = 'install', profile?: InstallationProfile) {
    super(scope, id);
    this.installation = new IstioInstallation(this, 'Istio', {
      name: 'istioctl-install',
      profile,
      ...(profile === InstallationProfile.AMBIENT && { ingressGateway: true }),
      outboundTrafficPolicy: OutboundTrafficPolicy.REGISTRY_ONLY,
      accessLogFile: '/dev/stdout',
      extensionProviders: [MESH_TRACING_PROVIDER, OTLP_TRACING_PROVIDER],
      egressGateway: true,
    });
  }
}
