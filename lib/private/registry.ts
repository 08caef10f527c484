import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
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

const byChart = new WeakMap<IConstruct, IConstruct[]>();

/**
 * Records `construct` with its chart, so that checks needing "every Workload (or policy) of the
 * chart" read a list instead of walking the construct tree (which made synth quadratic).
 */
export function registerInChart(construct: IConstruct): void {
  const chart = Chart.of(construct);
  const list = byChart.get(chart);
  if (list) list.push(construct);
  else byChart.set(chart, [construct]);
}

/** The constructs of class `type` registered with the chart of `scope`, in creation order. */
export function chartMembers<T>(scope: IConstruct, type: abstract new (...args: never[]) => T): T[] {
  return (byChart.get(Chart.of(scope)) ?? []).filter((c): c is IConstruct & T => c instanceof type);
}
