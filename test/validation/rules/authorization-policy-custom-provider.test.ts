import { AUTHORIZATION_POLICY_CUSTOM_PROVIDER } from '../../../lib/validation/rules/authorization-policy-custom-provider';
import { authorizationPolicy } from './objects';

const problems = (spec: object) => AUTHORIZATION_POLICY_CUSTOM_PROVIDER.check(authorizationPolicy(spec)).map((f) => [f.code, f.path, f.message]);

describe('AUTHORIZATION_POLICY_CUSTOM_PROVIDER', () => {
  test('fails on CUSTOM without a provider name', () => {
    expect(problems({ action: 'CUSTOM', rules: [{}] })).toEqual([
      ['CDKI1047', 'spec.provider.name', "'provider.name' must name the external authorizer (an extension provider of the mesh config) for action CUSTOM, got none"],
    ]);
    expect(problems({ action: 'CUSTOM', provider: { name: '' }, rules: [{}] })).toHaveLength(1);
  });

  test('fails on a provider with another action, and on identities in CUSTOM rules', () => {
    expect(problems({ action: 'ALLOW', provider: { name: 'ext' }, rules: [{}] }).map((p) => p[2])).toEqual(["'provider' is only for action CUSTOM; remove it or set action: CUSTOM, got action \"ALLOW\""]);
    expect(problems({ action: 'CUSTOM', provider: { name: 'ext' }, rules: [{ from: [{ source: { principals: ['id'] } }], when: [{ key: 'request.auth.claims[iss]', values: ['a'] }] }] }).map((p) => p[1]))
      .toEqual(['spec.rules[0].from[0].source.principals', 'spec.rules[0].when[0].key']);
  });

  test('passes a CUSTOM policy with a provider and request attributes', () => {
    expect(problems({ action: 'CUSTOM', provider: { name: 'ext' }, rules: [{ to: [{ operation: { paths: ['/admin'] } }], when: [{ key: 'request.headers[x-a]', values: ['b'] }] }] })).toEqual([]);
  });
});
