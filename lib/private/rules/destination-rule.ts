import { At, field, isSet, items } from './object';

/**
 * Every traffic policy of a DestinationRule spec that is set: the rule's and each subset's.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy
 */
export function trafficPolicies(spec: At): At[] {
  return [field(spec, 'trafficPolicy'), ...items(spec, 'subsets').map((s) => field(s, 'trafficPolicy'))].filter((p) => isSet(p.value));
}

/**
 * Every place that holds traffic settings (loadBalancer, connectionPool, outlierDetection, tls): each traffic policy
 * and each of its `portLevelSettings` entries.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy-PortTrafficPolicy
 */
export function trafficSettings(spec: At): At[] {
  return trafficPolicies(spec).flatMap((p) => [p, ...items(p, 'portLevelSettings')]);
}
