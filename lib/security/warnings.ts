import { IConstruct } from 'constructs';
import { warningsOf } from './internal';

/**
 * The warnings of the security constructs under `scope` (including the whole app when given the
 * App), as they stand now. They flag settings that synthesize but are weaker than they look, e.g.
 * a `jwksUri` over plain http, or an identity-based rule on a workload whose mTLS is not STRICT.
 * The same messages are printed to stderr (`[cdk8s-istio] WARNING ...`) when validations run at synth;
 * they do not fail the synth.
 * @see https://istio.io/latest/docs/ops/best-practices/security/
 */
export function securityWarnings(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap(c => warningsOf(c));
}
