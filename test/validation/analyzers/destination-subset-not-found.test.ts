import { destinationSubsetNotFound } from '../../../lib/validation/analyzers/destination-subset-not-found';
import { Severity } from '../../../lib/validation/finding';
import { destinationRule, virtualService } from './manifests';

const vs = virtualService('reviews', 'shop', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }] });

describe('destinationSubsetNotFound', () => {
  test('fails when the DestinationRule lacks the subset', () => {
    const dr = destinationRule('reviews', 'shop', 'reviews.shop.svc.cluster.local', { v1: { version: 'v1' }, v2: { version: 'v2' } });
    expect(destinationSubsetNotFound.check([vs, dr], {})).toEqual([expect.objectContaining({
      code: 'IST0101', severity: Severity.ERROR, path: 'spec.http[0].route[0].destination.subset',
      message: expect.stringContaining('subset "v3" of host "reviews" is not defined by DestinationRule shop/reviews (subsets: v1, v2)'),
    })]);
  });

  test('fails when no DestinationRule exists for the host', () => {
    const [f] = destinationSubsetNotFound.check([vs], {});
    expect(f.message).toContain('no DestinationRule for reviews.shop.svc.cluster.local');
  });

  test('passes when a DestinationRule (short host, same namespace) defines the subset', () => {
    expect(destinationSubsetNotFound.check([vs, destinationRule('reviews', 'shop', 'reviews', { v3: { version: 'v3' } })], {})).toEqual([]);
  });

  test('passes when the host is external and no DestinationRule is in the set', () => {
    expect(destinationSubsetNotFound.check([vs], { hosts: ['reviews.shop.svc.cluster.local'] })).toEqual([]);
  });
});
