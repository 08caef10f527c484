import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/** Per service (an IMeshService): the DestinationRules created for it. Typed by the callers, so this file imports no construct. */
const destinationRules = new WeakMap<object, IConstruct[]>();

/** Records that `rule` (a DestinationRule) configures `service`, so routes can check the subsets they use. */
export function registerDestinationRule(service: object, rule: IConstruct): void {
  destinationRules.set(service, [...(destinationRules.get(service) ?? []), rule]);
}

/** The DestinationRules created for `service` in this app. */
export function destinationRulesOf<T extends IConstruct>(service: object): readonly T[] {
  return (destinationRules.get(service) ?? []) as unknown as readonly T[];
}

/** Per chart: per class (and its base classes), per group ('' = all), the registered constructs. */
const byChart = new WeakMap<IConstruct, Map<Function, Map<string, IConstruct[]>>>();

/**
 * Records `construct` with its chart under its class and base classes, and under each of `groups`
 * (e.g. its namespace), so that checks needing "every Workload (or policy) of the chart" read a
 * list instead of walking the construct tree, which made synth quadratic.
 */
export function registerInChart(construct: IConstruct, ...groups: string[]): void {
  for (let proto = Object.getPrototypeOf(construct); proto && proto !== Construct.prototype; proto = Object.getPrototypeOf(proto)) {
    registerInChartAs(construct, proto.constructor, ...groups);
  }
}

/** Records `construct` with its chart under class `type` only, e.g. a Deployment brought in as one of its Workloads. */
export function registerInChartAs(construct: IConstruct, type: Function, ...groups: string[]): void {
  const chart = Chart.of(construct);
  const types = byChart.get(chart) ?? new Map<Function, Map<string, IConstruct[]>>();
  byChart.set(chart, types);
  const buckets = types.get(type) ?? new Map<string, IConstruct[]>();
  types.set(type, buckets);
  for (const group of ['', ...groups]) {
    const list = buckets.get(group);
    if (list) list.push(construct);
    else buckets.set(group, [construct]);
  }
}

/** The constructs of class `type` (in `group`, if given) registered with the chart of `scope`, in creation order. */
export function chartMembers<T>(scope: IConstruct, type: abstract new (...args: never[]) => T, group: string = ''): readonly T[] {
  return (byChart.get(Chart.of(scope))?.get(type)?.get(group) ?? []) as unknown as readonly T[];
}
