import { AUTHORIZATION_POLICY_CONDITIONS } from '../../../lib/validation/rules/authorization-policy-conditions';
import { authorizationPolicy } from './objects';

const problems = (...when: object[]) => AUTHORIZATION_POLICY_CONDITIONS.check(authorizationPolicy({ rules: [{ when }] })).map((f) => [f.code, f.path, f.message]);

describe('AUTHORIZATION_POLICY_CONDITIONS', () => {
  test('fails on an unknown key, naming the keys istiod knows', () => {
    expect(problems({ key: 'key1', values: ['v1'] })).toEqual([
      ['CDKI1046', 'spec.rules[0].when[0].key', expect.stringMatching(/^'key' is not a condition key istiod knows \(unknown attribute\), got "key1"; expected one of source\.ip, remote\.ip, .*request\.headers\[\.\.\.\]/)],
    ]);
  });

  test('fails on an empty key, a key without values, an empty value and a value of the wrong kind', () => {
    expect(problems({ key: '' }, { key: 'source.principal' }, { key: 'request.headers[x-a]', values: ['v1', ''] }, { key: 'source.ip', notValues: ['a.b.c.d'] }).map((p) => p[2])).toEqual([
      '\'key\' must name a request attribute such as "request.headers[x-token]" or "source.ip", got ""',
      "must set 'values' or 'notValues' (key source.principal), got neither",
      'must not hold an empty string (key request.headers[x-a]), got ["v1",""]',
      'must be IPv4 or IPv6 addresses or CIDR ranges such as "203.0.113.0/24", but "a.b.c.d" is not (key source.ip), got ["a.b.c.d"]',
    ]);
  });

  test('fails on a key istiod refuses and a map key without a name', () => {
    expect(problems({ key: 'destination.namespace', values: ['a'] }, { key: 'request.headers[]', values: ['a'] }).map((p) => p[2])).toEqual([
      "'key' is replaced by the policy's namespace (metadata.namespace): istiod rejects it, got \"destination.namespace\"",
      "'key' must have the form request.headers[<name>] with a non-empty name, got \"request.headers[]\"",
    ]);
  });

  test('passes known keys with fitting values', () => {
    expect(problems({ key: 'source.ip', values: ['10.0.0.0/8'] }, { key: 'request.auth.claims[groups]', values: ['admins'] }, { key: 'destination.port', notValues: ['8080'] })).toEqual([]);
  });
});
