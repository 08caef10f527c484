import { AUTHORIZATION_POLICY_EMPTY_CLAUSE } from '../../../lib/validation/rules/authorization-policy-empty-clause';
import { authorizationPolicy } from './objects';

describe('AUTHORIZATION_POLICY_EMPTY_CLAUSE', () => {
  test('fails on an empty from list', () => {
    const [finding] = AUTHORIZATION_POLICY_EMPTY_CLAUSE.check(authorizationPolicy({ rules: [{ from: [] }] }));
    expect(finding.code).toBe('CDKI1022');
    expect(finding.path).toBe('spec.rules[0].from');
    expect(finding.message).toBe("'from' must not be an empty list (omit it to match anything), got []");
  });

  test('fails on a from entry without source and an empty operation', () => {
    const findings = AUTHORIZATION_POLICY_EMPTY_CLAUSE.check(authorizationPolicy({ rules: [{ from: [{}], to: [{ operation: {} }] }] }));
    expect(findings.map((f) => f.path)).toEqual(['spec.rules[0].from[0].source', 'spec.rules[0].to[0].operation']);
    expect(findings[0].message).toBe("'source' is required in a 'from' entry, got none");
    expect(findings[1].message).toContain("'operation' must set at least one of hosts, notHosts, ports");
    expect(findings[1].message).toContain('got {}');
  });

  test('passes sources and operations with fields', () => {
    expect(AUTHORIZATION_POLICY_EMPTY_CLAUSE.check(authorizationPolicy({
      rules: [{ from: [{ source: { namespaces: ['frontend'] } }], to: [{ operation: { methods: ['GET'] } }] }],
    }))).toEqual([]);
  });
});
