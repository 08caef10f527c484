import { Construct } from 'constructs';
import { AuthorizationPolicy, AuthorizationRule, PolicyAction } from './authorization-policy';
import { PolicyTarget } from './policy-target';

/**
 * One rule of an {@link AllowPolicy}: a request is allowed when it matches every field that is set.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
export interface AllowRule extends AuthorizationRule {}

/**
 * Props of {@link AllowPolicy}.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
export interface AllowPolicyProps {
  /** The workloads it protects. */
  readonly target: PolicyTarget;
  /** The rules; a request matching any of them is allowed, every other request to the target is denied. */
  readonly rules: AllowRule[];
  /**
   * The AuthorizationPolicy's name.
   * @default the service or Deployment name, or a name derived from the construct path
   */
  readonly name?: string;
}

/**
 * An ALLOW AuthorizationPolicy (`security.istio.io/v1`): once it applies to a workload, that workload
 * accepts only requests that match one of its rules (or another ALLOW policy of that workload).
 * It replaces Istio 1.0's ServiceRole plus ServiceRoleBinding; combine it with
 * {@link DenyByDefault} so that workloads without a policy accept nothing either.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export class AllowPolicy extends AuthorizationPolicy {
  public constructor(scope: Construct, id: string, props: AllowPolicyProps) {
    super(scope, id, props, PolicyAction.ALLOW);
  }
}
