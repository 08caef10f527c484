import { IMeshService } from '../workload/mesh-service';
import { HttpHeaders } from './http-route';

/**
 * Options of {@link RouteDestination.to}.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination
 */
export interface RouteDestinationOptions {
  /**
   * The DestinationRule subset (usually a workload `version`, e.g. `v2`). It must be defined by a
   * DestinationRule for the service and carried by one of its workloads; synth fails otherwise.
   * @default all pods of the service
   */
  readonly subset?: string;
  /**
   * The service port.
   * @default the service's only port (required when it has several)
   */
  readonly port?: number;
  /**
   * Share of the traffic in percent, an integer 0–100. Required when a route has several
   * destinations; their weights must sum to 100.
   * @default 100 when it is the route's only destination
   */
  readonly weight?: number;
  /**
   * Header operations for traffic to this destination only (HTTP routes only).
   * @default none
   */
  readonly headers?: HttpHeaders;
}

/**
 * Where an HTTP or TCP route sends traffic: a service, optionally one subset and port, with a weight.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination
 */
export class RouteDestination {
  /** Sends traffic to `service` (its fully qualified host), optionally to one subset and port. */
  public static to(service: IMeshService, options: RouteDestinationOptions = {}): RouteDestination {
    if (!service || typeof service.fqdn !== 'string') {
      throw new Error(`RouteDestination.to: 'service' must be a MeshService or MeshService.fromName(...), got ${JSON.stringify(service)}`);
    }
    return new RouteDestination(service, options.subset, options.port, options.weight, options.headers);
  }

  private constructor(
    /** The destination service. */
    public readonly service: IMeshService,
    /** The subset, if any. */
    public readonly subset?: string,
    /** The port number, if set. */
    public readonly port?: number,
    /** The weight, if set. */
    public readonly weight?: number,
    /** The header operations, if set. */
    public readonly headers?: HttpHeaders,
  ) {}
}
