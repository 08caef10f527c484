import { VIRTUAL_SERVICE_REGEX } from '../../../lib/validation/rules/virtual-service-regex';
import { virtualService } from './objects';

const withMatch = (match: unknown) => virtualService({ hosts: ['reviews'], http: [{ match: [match], route: [{ destination: { host: 'reviews' } }] }] });

describe('VIRTUAL_SERVICE_REGEX', () => {
  test('fails on a look-behind, which RE2 does not support', () => {
    const [finding] = VIRTUAL_SERVICE_REGEX.check(withMatch({ uri: { regex: '(?<=/api)/v1' } }));
    expect(finding.code).toBe('CDKI1006');
    expect(finding.path).toBe('spec.http[0].match[0].uri.regex');
    expect(finding.message).toContain("'regex' must be an RE2 regular expression, got \"(?<=/api)/v1\"");
  });

  test('fails on a header regex over 1024 characters', () => {
    const [finding] = VIRTUAL_SERVICE_REGEX.check(withMatch({ headers: { 'x-id': { regex: 'a'.repeat(1025) } } }));
    expect(finding.path).toBe('spec.http[0].match[0].headers["x-id"].regex');
    expect(finding.message).toBe("'regex' must be at most 1024 characters, got 1025");
  });

  test('fails on an empty query parameter regex', () => {
    const [finding] = VIRTUAL_SERVICE_REGEX.check(withMatch({ queryParams: { v: { regex: '' } } }));
    expect(finding.path).toBe('spec.http[0].match[0].queryParams.v.regex');
    expect(finding.message).toBe("'regex' must not be empty, got \"\"");
  });

  test('passes valid RE2 regexes and withoutHeaders "*"', () => {
    expect(VIRTUAL_SERVICE_REGEX.check(withMatch({
      uri: { regex: '^/api/v[0-9]+/.*' },
      authority: { regex: '(?i)example\\.com' },
      withoutHeaders: { 'x-debug': { regex: '*' } },
    }))).toEqual([]);
  });

  test('fails on an empty prefix in a header match, and passes it in the uri', () => {
    const withMatch = (match: object) => virtualService({ hosts: ['reviews'], http: [{ match: [match], route: [{ destination: { host: 'reviews' } }] }] });
    expect(VIRTUAL_SERVICE_REGEX.check(withMatch({ headers: { 'x-a': { prefix: '' } } })).map((f) => [f.path, f.message]))
      .toEqual([['spec.http[0].match[0].headers["x-a"].prefix', "'prefix' must not be empty here (only a uri prefix may be empty); use a regex or remove the match, got \"\""]]);
    expect(VIRTUAL_SERVICE_REGEX.check(withMatch({ uri: { prefix: '' } }))).toEqual([]);
  });
});
