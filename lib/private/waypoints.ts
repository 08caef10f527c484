// Which waypoint each namespace and service of an app uses (`istio.io/use-waypoint`), for the security constructs.
import { IConstruct } from 'constructs';

/** A waypoint as the security constructs need it: the Gateway to attach policies to and the traffic it handles. */
export interface WaypointUse {
  /** The Gateway's name. */
  readonly name: string;
  /** The Gateway's namespace. */
  readonly namespace: string;
  /** Whether it handles traffic addressed to services (`istio.io/waypoint-for` service or all). */
  readonly forServices: boolean;
  /** `waypoint ns/name`, for messages. */
  readonly description: string;
}

/** Per app root: per `namespace` or `namespace/service`, the waypoint it uses. */
const uses = new WeakMap<IConstruct, Map<string, WaypointUse>>();

function usesOf(scope: IConstruct): Map<string, WaypointUse> {
  const root = scope.node.root;
  const map = uses.get(root) ?? new Map<string, WaypointUse>();
  uses.set(root, map);
  return map;
}

/** The key of a namespace (`ns`) or a service (`ns/name`). */
export function waypointKey(namespace: string, service?: string): string {
  return service === undefined ? namespace : `${namespace}/${service}`;
}

/** Records that the namespace or service `key` uses `waypoint`, unless it uses one already: that one is returned. */
export function registerWaypointUse(scope: IConstruct, key: string, waypoint: WaypointUse): WaypointUse | undefined {
  const map = usesOf(scope);
  const previous = map.get(key);
  if (!previous) map.set(key, waypoint);
  return previous;
}

/**
 * The waypoint traffic to `service` (or, without one, to the namespace) goes through: the service's own label wins
 * over its namespace's (Istio 1.30.3 pilot/pkg/serviceregistry/ambient/waypoints.go fetchWaypointForTarget).
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/#use-a-waypoint
 */
export function waypointOf(scope: IConstruct, namespace: string, service?: string): WaypointUse | undefined {
  const map = usesOf(scope);
  return (service !== undefined ? map.get(waypointKey(namespace, service)) : undefined) ?? map.get(waypointKey(namespace));
}

/** Every waypoint used by the namespace or one of its services. */
export function waypointsIn(scope: IConstruct, namespace: string): WaypointUse[] {
  const found = new Map<string, WaypointUse>();
  for (const [key, use] of usesOf(scope)) {
    if (key === namespace || key.startsWith(`${namespace}/`)) found.set(`${use.namespace}/${use.name}`, use);
  }
  return [...found.values()];
}
