import { Construct } from 'constructs';
import { AuthorizationPolicy, AuthorizationPolicyProps, PolicyAction } from './authorization-policy';

/**
 * A DENY AuthorizationPolicy (`security.istio.io/v1`): a request that matches one of its rules is refused with 403,
 * whatever any ALLOW policy says; other requests go on to the ALLOW policies. `rules: [{}]` denies everything.
 * @see https://istio.io/latest/docs/tasks/security/authorization/authz-deny/
 */
export class DenyPolicy extends AuthorizationPolicy {
  public constructor(scope: Construct, id: string, props: AuthorizationPolicyProps) {
    super(scope, id, props, PolicyAction.DENY);
  }
}
