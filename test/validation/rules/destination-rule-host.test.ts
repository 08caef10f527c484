import { DESTINATION_RULE_HOST } from '../../../lib/validation/rules/destination-rule-host';
import { destinationRule } from './objects';

describe('DESTINATION_RULE_HOST', () => {
  test('fails on an empty host', () => {
    expect(DESTINATION_RULE_HOST.check(destinationRule({ host: '' })).map((f) => [f.code, f.path, f.message])).toEqual([
      ['CDKI1059', 'spec.host', '\'host\' must not be empty (expected a service such as "reviews" or "reviews.shop.svc.cluster.local"), got ""'],
    ]);
  });

  test('passes short names, FQDNs and wildcards', () => {
    expect(['reviews', 'reviews.shop.svc.cluster.local', '*.example.com'].flatMap((host) => DESTINATION_RULE_HOST.check(destinationRule({ host })))).toEqual([]);
  });
});
