import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The namespace objects go to when none is given: the chart's, or `default`. */
export function defaultNamespace(scope: IConstruct): string {
  return Chart.of(scope).namespace ?? 'default';
}
