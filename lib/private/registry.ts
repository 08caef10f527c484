import type { DestinationRule } from '../traffic/destination-rule';
import type { IMeshService } from '../workload/mesh-service';

const destinationRules = new WeakMap<IMeshService, DestinationRule[]>();

/** Records that `rule` configures `service`, so routes can check the subsets they use. */
export function registerDestinationRule(service: IMeshService, rule: DestinationRule): void {
  destinationRules.set(service, [...(destinationRules.get(service) ?? []), rule]);
}

/** The DestinationRules created for `service` in this app. */
export function destinationRulesOf(service: IMeshService): readonly DestinationRule[] {
  return destinationRules.get(service) ?? [];
}
