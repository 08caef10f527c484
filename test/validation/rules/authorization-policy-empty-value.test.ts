import { AUTHORIZATION_POLICY_EMPTY_VALUE } from '../../../lib/validation/rules/authorization-policy-empty-value';
import { authorizationPolicy } from './objects';

describe('AUTHORIZATION_POLICY_EMPTY_VALUE', () => {
  test('fails on an empty principal and an empty path', () => {
    const findings = AUTHORIZATION_POLICY_EMPTY_VALUE.check(authorizationPolicy({
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/a/sa/b', ''] } }], to: [{ operation: { paths: [''] } }] }],
    }));
    expect(findings.map((f) => [f.code, f.path])).toEqual([
      ['CDKI1023', 'spec.rules[0].from[0].source.principals[1]'],
      ['CDKI1023', 'spec.rules[0].to[0].operation.paths[0]'],
    ]);
    expect(findings[0].message).toBe("'principals' entries must not be empty strings, got \"\"");
  });

  test('passes non-empty values', () => {
    expect(AUTHORIZATION_POLICY_EMPTY_VALUE.check(authorizationPolicy({
      rules: [{ from: [{ source: { namespaces: ['a'], ipBlocks: ['10.0.0.0/8'] } }], to: [{ operation: { ports: ['8080'], hosts: ['example.com'] } }] }],
    }))).toEqual([]);
  });
});
