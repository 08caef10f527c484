import { Construct } from 'constructs';
import { AuthorizationPolicy, AuthorizationPolicyProps, PolicyAction } from './authorization-policy';

/**
 * An AUDIT AuthorizationPolicy (`security.istio.io/v1`): requests that match one of its rules are marked for the audit
 * log (an audit provider such as Stackdriver must be configured); it allows and denies nothing.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy-Action
 */
export class AuditPolicy extends AuthorizationPolicy {
  public constructor(scope: Construct, id: string, props: AuthorizationPolicyProps) {
    super(scope, id, props, PolicyAction.AUDIT);
  }
}
