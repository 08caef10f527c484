import { subsetSelectsNoPods } from '../../../lib/validation/analyzers/subset-selects-no-pods';
import { Severity } from '../../../lib/validation/finding';
import { deployment, destinationRule, service } from './manifests';

const objects = [
  service('reviews', 'shop', { app: 'reviews' }),
  deployment('reviews-v1', 'shop', { app: 'reviews', version: 'v1' }),
  deployment('ratings-v4', 'shop', { app: 'ratings', version: 'v4' }),
];

describe('subsetSelectsNoPods', () => {
  test('fails when a subset selects none of the Service workloads', () => {
    const dr = destinationRule('reviews', 'shop', 'reviews', { v1: { version: 'v1' }, v4: { version: 'v4' } });
    expect(subsetSelectsNoPods.check([...objects, dr], {})).toEqual([expect.objectContaining({
      code: 'IST0173', severity: Severity.WARNING, kind: 'DestinationRule', path: 'spec.subsets[1].labels',
      message: expect.stringContaining('subset "v4" selects {app: reviews, version: v4}'),
    })]);
  });

  test('passes when every subset selects a workload', () => {
    expect(subsetSelectsNoPods.check([...objects, destinationRule('reviews', 'shop', 'reviews.shop.svc.cluster.local', { v1: { version: 'v1' } })], {})).toEqual([]);
  });

  test('passes when none of the Service workloads are in the set', () => {
    const dr = destinationRule('reviews', 'shop', 'reviews', { v4: { version: 'v4' } });
    expect(subsetSelectsNoPods.check([service('reviews', 'shop', { app: 'reviews' }), dr], {})).toEqual([]);
  });
});
