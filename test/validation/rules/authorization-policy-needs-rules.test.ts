import { AUTHORIZATION_POLICY_NEEDS_RULES } from '../../../lib/validation/rules/authorization-policy-needs-rules';
import { authorizationPolicy } from './objects';

describe('AUTHORIZATION_POLICY_NEEDS_RULES', () => {
  test('fails on a DENY policy without rules', () => {
    const [finding] = AUTHORIZATION_POLICY_NEEDS_RULES.check(authorizationPolicy({ action: 'DENY', selector: { matchLabels: { app: 'web' } } }));
    expect(finding.code).toBe('CDKI1021');
    expect(finding.path).toBe('spec.rules');
    expect(finding.message).toBe("'rules' must list at least one rule for action DENY (use [{}] to match every request), got none");
  });

  test('fails on a CUSTOM policy with an empty rules list', () => {
    const [finding] = AUTHORIZATION_POLICY_NEEDS_RULES.check(authorizationPolicy({ action: 'CUSTOM', provider: { name: 'ext-authz' }, rules: [] }, 'v1beta1'));
    expect(finding.message).toContain('for action CUSTOM');
    expect(finding.message).toContain('got []');
  });

  test('passes DENY with rules and ALLOW without (deny all)', () => {
    expect(AUTHORIZATION_POLICY_NEEDS_RULES.check(authorizationPolicy({ action: 'DENY', rules: [{}] }))).toEqual([]);
    expect(AUTHORIZATION_POLICY_NEEDS_RULES.check(authorizationPolicy({}))).toEqual([]);
  });
});
