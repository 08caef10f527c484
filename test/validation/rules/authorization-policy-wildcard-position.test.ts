import { Severity } from '../../../lib/validation/finding';
import { AUTHORIZATION_POLICY_WILDCARD_POSITION } from '../../../lib/validation/rules/authorization-policy-wildcard-position';
import { authorizationPolicy } from './objects';

const withSource = (source: unknown) => authorizationPolicy({ rules: [{ from: [{ source }] }] });

describe('AUTHORIZATION_POLICY_WILDCARD_POSITION', () => {
  test('fails (as a warning) on a * in the middle of a principal', () => {
    const [finding] = AUTHORIZATION_POLICY_WILDCARD_POSITION.check(withSource({ principals: ['cluster.local/ns/*/sa/web'] }));
    expect(finding.code).toBe('CDKI1025');
    expect(finding.severity).toBe(Severity.WARNING);
    expect(finding.path).toBe('spec.rules[0].from[0].source.principals[0]');
    expect(finding.message).toBe("'principals' entries may use '*' only alone, as a prefix or as a suffix (other '*' are matched literally), got \"cluster.local/ns/*/sa/web\"");
  });

  test('fails on a * at both ends of a namespace', () => {
    expect(AUTHORIZATION_POLICY_WILDCARD_POSITION.check(withSource({ notNamespaces: ['*test*'] }))).toHaveLength(1);
  });

  test('passes *, prefix and suffix wildcards', () => {
    expect(AUTHORIZATION_POLICY_WILDCARD_POSITION.check(withSource({
      principals: ['*', 'cluster.local/ns/shop/*'],
      requestPrincipals: ['*/alice'],
      namespaces: ['team-*'],
    }))).toEqual([]);
  });
});
