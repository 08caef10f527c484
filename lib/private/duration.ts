import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from './errors';

/**
 * Renders a cdk8s Duration in Istio's duration format (`10s`, `250ms`), after checking it is a
 * whole number of milliseconds and at least 1ms, as istiod requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export function istioDuration(scope: IConstruct, prop: string, duration: Duration): string {
  if (!(duration instanceof Duration)) {
    fail(scope, prop, `must be a Duration (e.g. Duration.seconds(2)), got ${JSON.stringify(duration)}`);
  }
  const ms = duration.toMilliseconds({ integral: false });
  if (!Number.isInteger(ms) || ms < 1) {
    fail(scope, prop, `must be a whole number of milliseconds and at least 1ms, got ${ms}ms`);
  }
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
