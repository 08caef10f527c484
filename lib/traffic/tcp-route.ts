import { IMeshNamespace } from '../workload/mesh-namespace';
import { IGateway } from './ingress-gateway';
import { RouteDestination } from './route-destination';

/**
 * Conditions a TCP connection must meet for a TCP route to apply; all set conditions must hold.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#L4MatchAttributes
 */
export interface TcpMatch {
  /**
   * The port the connection is made to (the service port, 1–65535).
   * @default any port
   */
  readonly port?: number;
  /**
   * Labels the calling workload must carry. It applies to mesh traffic only, so the match's gateways must include the mesh.
   * @default any caller
   */
  readonly sourceLabels?: Record<string, string>;
  /**
   * The namespace of the calling workload. It applies to mesh traffic only, as `sourceLabels`.
   * @default any namespace
   */
  readonly sourceNamespace?: IMeshNamespace;
  /**
   * Gateways the match applies to, instead of the VirtualService's; each must be one of the VirtualService's gateways.
   * @default the VirtualService's gateways
   */
  readonly gateways?: IGateway[];
  /**
   * Whether the match applies to traffic between sidecars (the reserved `mesh` gateway), instead of the
   * VirtualService's choice; the VirtualService must route mesh traffic.
   * @default true when `gateways` is not set and the VirtualService routes mesh traffic; false when `gateways` is set
   */
  readonly mesh?: boolean;
}

/**
 * One TCP route of a VirtualService (opaque TCP traffic, e.g. a database port): matches and weighted destinations.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#TCPRoute
 */
export interface TcpRouteOptions {
  /**
   * The route applies when any of these matches holds.
   * @default every connection (a catch-all route, which must come last)
   */
  readonly match?: TcpMatch[];
  /** Where connections go; several destinations split them by weight (no `headers`). */
  readonly destinations: RouteDestination[];
}
