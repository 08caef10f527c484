import { DESTINATION_RULE_DUPLICATE_SUBSET } from '../../../lib/validation/rules/destination-rule-duplicate-subset';
import { destinationRule } from './objects';

describe('DESTINATION_RULE_DUPLICATE_SUBSET', () => {
  test('fails on a repeated subset name', () => {
    const [finding] = DESTINATION_RULE_DUPLICATE_SUBSET.check(destinationRule({
      host: 'reviews',
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }, { name: 'v1', labels: { version: 'v3' } }],
    }));
    expect(finding.code).toBe('CDKI1012');
    expect(finding.path).toBe('spec.subsets[2].name');
    expect(finding.message).toBe("'name' must be unique among subsets, got \"v1\" again (first at spec.subsets[0].name)");
  });

  test('passes distinct subset names', () => {
    expect(DESTINATION_RULE_DUPLICATE_SUBSET.check(destinationRule({ host: 'reviews', subsets: [{ name: 'v1' }, { name: 'v2' }] }, 'v1beta1'))).toEqual([]);
  });
});
