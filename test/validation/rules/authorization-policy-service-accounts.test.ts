import { AUTHORIZATION_POLICY_SERVICE_ACCOUNTS } from '../../../lib/validation/rules/authorization-policy-service-accounts';
import { authorizationPolicy } from './objects';

const withSource = (source: unknown) => authorizationPolicy({ rules: [{ from: [{ source }] }] });

describe('AUTHORIZATION_POLICY_SERVICE_ACCOUNTS', () => {
  test('fails on a wildcard and on too many slashes', () => {
    const findings = AUTHORIZATION_POLICY_SERVICE_ACCOUNTS.check(withSource({ serviceAccounts: ['shop/*', 'a/b/c', 'shop/web'] }));
    expect(findings.map((f) => [f.code, f.path])).toEqual([
      ['CDKI1024', 'spec.rules[0].from[0].source.serviceAccounts[0]'],
      ['CDKI1024', 'spec.rules[0].from[0].source.serviceAccounts[1]'],
    ]);
    expect(findings[0].message).toBe("'serviceAccounts' entries must be \"name\" or \"namespace/name\" without wildcards, got \"shop/*\"");
    expect(findings[1].message).toContain('got "a/b/c"');
  });

  test('fails on serviceAccounts combined with principals in one source', () => {
    const [finding] = AUTHORIZATION_POLICY_SERVICE_ACCOUNTS.check(withSource({ serviceAccounts: ['shop/web'], principals: ['cluster.local/ns/shop/sa/api'] }));
    expect(finding.path).toBe('spec.rules[0].from[0].source.serviceAccounts');
    expect(finding.message).toBe("'serviceAccounts' must not be combined with 'principals' in one source; expected separate 'from' entries, got both");
  });

  test('passes name and namespace/name service accounts', () => {
    expect(AUTHORIZATION_POLICY_SERVICE_ACCOUNTS.check(withSource({ serviceAccounts: ['web', 'shop/web'], notServiceAccounts: ['shop/admin'] }))).toEqual([]);
  });
});
