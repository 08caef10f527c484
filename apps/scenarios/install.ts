import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ExtensionProvider, IstioInstallation, OutboundTrafficPolicy } from '../../lib';

/** The tracing backend the installation declares and the `tracing` scenario's Telemetry selects. */
export const MESH_TRACING_PROVIDER = ExtensionProvider.jaeger();

/**
 * Course 7.1: the Istio installation, as an IstioOperator for `istioctl install -f` (not for
 * `kubectl apply`). Default profile plus the egress gateway; access logs on stdout (the course reads
 * `kubectl logs <pod> -c istio-proxy`); outbound traffic REGISTRY_ONLY, so only declared external
 * services (the `egress` scenario) are reachable; OpenTelemetry tracing to the Jaeger addon's collector.
 */
export class InstallScenario extends Chart {
  public readonly installation: IstioInstallation;

  public constructor(scope: Construct, id = 'install') {
    super(scope, id);
    this.installation = new IstioInstallation(this, 'Istio', {
      name: 'istioctl-install',
      outboundTrafficPolicy: OutboundTrafficPolicy.REGISTRY_ONLY,
      accessLogFile: '/dev/stdout',
      extensionProviders: [MESH_TRACING_PROVIDER],
      egressGateway: true,
    });
  }
}
