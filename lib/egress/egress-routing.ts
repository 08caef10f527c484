import { IMeshNamespace } from '../workload/mesh-namespace';

/**
 * Options of {@link EgressRouting.viaEgressGateway}.
 * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/
 */
export interface EgressGatewayOptions {
  /**
   * The namespace of the egress gateway's Service and pods.
   * @default istio-system
   */
  readonly namespace?: IMeshNamespace;
  /**
   * The egress gateway's Service name.
   * @default 'istio-egressgateway', as `istioctl install` names it
   */
  readonly serviceName?: string;
  /**
   * Labels of the egress gateway pods that get the Gateway configuration.
   * @default { istio: 'egressgateway' }
   */
  readonly selector?: Record<string, string>;
  /**
   * The gateway port that plain-text (HTTP, HTTP2, gRPC) traffic goes through.
   * @default 80
   */
  readonly httpPort?: number;
  /**
   * The gateway port that TLS (HTTPS, TLS) traffic goes through, passed through by SNI without terminating it.
   * @default 443
   */
  readonly tlsPort?: number;
}

/**
 * How sidecars reach an {@link ExternalService}: straight from the calling pod, or through
 * Istio's egress gateway (one controlled exit point with its own nodes, IPs and policies).
 * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/
 */
export class EgressRouting {
  /** Each sidecar connects to the external host itself (the course's setup). */
  public static direct(): EgressRouting {
    return new EgressRouting(false, 'istio-system', 'istio-egressgateway', { istio: 'egressgateway' }, 80, 443);
  }

  /**
   * Sidecars send the traffic to the egress gateway, which forwards it to the external host:
   * a Gateway on the egress gateway, a DestinationRule subset for it and a VirtualService for
   * both hops. The egress gateway must be installed (`IstioInstallation({ egressGateway: true })`).
   * As in Istio's task, the DestinationRule lives in the ExternalService's namespace, where sidecars look
   * for it first: put the ExternalService in the callers' namespace (callers elsewhere would miss the subset).
   * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/
   */
  public static viaEgressGateway(options: EgressGatewayOptions = {}): EgressRouting {
    return new EgressRouting(true, options.namespace?.name ?? 'istio-system', options.serviceName ?? 'istio-egressgateway',
      { ...(options.selector ?? { istio: 'egressgateway' }) }, options.httpPort ?? 80, options.tlsPort ?? 443);
  }

  private constructor(
    /** Whether traffic goes through the egress gateway. */
    public readonly viaGateway: boolean,
    /** The egress gateway's namespace. */
    public readonly gatewayNamespace: string,
    /** The egress gateway's Service name. */
    public readonly gatewayService: string,
    /** The egress gateway pods' labels. */
    public readonly selector: Readonly<Record<string, string>>,
    /** The gateway port for plain-text traffic. */
    public readonly httpPort: number,
    /** The gateway port for TLS traffic. */
    public readonly tlsPort: number,
  ) {}

  /** `istio-egressgateway.istio-system.svc.cluster.local`. */
  public get gatewayHost(): string {
    return `${this.gatewayService}.${this.gatewayNamespace}.svc.cluster.local`;
  }
}
