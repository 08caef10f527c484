import { field, isSet, istioRule, SECURITY, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1021 (error): an AuthorizationPolicy with action DENY or CUSTOM lists at least one rule;
 * without rules it would never apply, and istiod's webhook rejects it (use `rules: [{}]` to match
 * every request).
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy
 */
export const AUTHORIZATION_POLICY_NEEDS_RULES = istioRule({
  code: 'CDKI1021',
  severity: Severity.ERROR,
  group: SECURITY,
  kind: 'AuthorizationPolicy',
  check(spec, report) {
    const action = spec.value.action;
    if (action !== 'DENY' && action !== 'CUSTOM') return;
    const rules = field(spec, 'rules');
    if (!isSet(rules.value)) {
      report(rules.path, `'rules' must list at least one rule for action ${action} (use [{}] to match every request), got ${show(rules.value)}`);
    }
  },
});
