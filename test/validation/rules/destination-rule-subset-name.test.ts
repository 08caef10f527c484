import { DESTINATION_RULE_SUBSET_NAME } from '../../../lib/validation/rules/destination-rule-subset-name';
import { destinationRule } from './objects';

describe('DESTINATION_RULE_SUBSET_NAME', () => {
  test('fails on a subset name that is not a DNS-1123 label', () => {
    const [finding] = DESTINATION_RULE_SUBSET_NAME.check(destinationRule({ host: 'reviews', subsets: [{ name: 'v1' }, { name: 'V2.beta' }] }));
    expect(finding.code).toBe('CDKI1013');
    expect(finding.path).toBe('spec.subsets[1].name');
    expect(finding.message).toContain("'name' must be a DNS-1123 label");
    expect(finding.message).toContain('got "V2.beta"');
  });

  test('fails on a missing subset name', () => {
    const [finding] = DESTINATION_RULE_SUBSET_NAME.check(destinationRule({ host: 'reviews', subsets: [{ labels: { version: 'v1' } }] }));
    expect(finding.message).toContain('got none');
  });

  test('passes lowercase names with dashes', () => {
    expect(DESTINATION_RULE_SUBSET_NAME.check(destinationRule({ host: 'reviews', subsets: [{ name: 'v1' }, { name: 'canary-2' }] }))).toEqual([]);
  });
});
