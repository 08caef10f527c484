import { destinationHostNotFound } from '../../../lib/validation/analyzers/destination-host-not-found';
import { Severity } from '../../../lib/validation/finding';
import { service, serviceEntry, virtualService } from './manifests';

const route = (host: string) => virtualService('vs', 'shop', { hosts: ['vs'], http: [{ route: [{ destination: { host } }] }] });

describe('destinationHostNotFound', () => {
  test('fails when a destination host has no Service', () => {
    const findings = destinationHostNotFound.check([route('ratings')], {});
    expect(findings).toEqual([expect.objectContaining({
      code: 'IST0101', severity: Severity.ERROR, kind: 'VirtualService', name: 'vs', namespace: 'shop',
      path: 'spec.http[0].route[0].destination.host',
      message: expect.stringContaining('"ratings" (ratings.shop.svc.cluster.local) matches no Service'),
    })]);
  });

  test('fails when an external host has no ServiceEntry', () => {
    const [f] = destinationHostNotFound.check([route('api.stripe.com')], {});
    expect(f.message).toContain('not cluster-local and no ServiceEntry declares it');
  });

  test('fails on name.namespace hosts, which Istio does not expand, and names the full name', () => {
    const [f] = destinationHostNotFound.check([route('ratings.shop'), service('ratings', 'shop', { app: 'ratings' })], {});
    expect(f.message).toContain('use "ratings.shop.svc.cluster.local"');
  });

  test('fails on a mirror host in another namespace', () => {
    const vs = virtualService('vs', 'shop', { hosts: ['vs'], http: [{ route: [{ destination: { host: 'vs' } }], mirror: { host: 'shadow' } }] });
    const findings = destinationHostNotFound.check([vs, service('vs', 'shop', {}), service('shadow', 'other', {})], {});
    expect(findings.map((f) => f.path)).toEqual(['spec.http[0].mirror.host']);
  });

  test('passes for short, FQDN and ServiceEntry hosts (wildcards included)', () => {
    const objects = [
      route('ratings'), route('ratings.shop.svc.cluster.local'), route('api.stripe.com'),
      service('ratings', 'shop', { app: 'ratings' }), serviceEntry('stripe', 'shop', ['*.stripe.com']),
    ];
    expect(destinationHostNotFound.check(objects, {})).toEqual([]);
  });

  test('passes for hosts declared external', () => {
    expect(destinationHostNotFound.check([route('payments.billing.svc.cluster.local'), route('legacy')], { hosts: ['payments.billing.svc.cluster.local', 'legacy.shop.svc.cluster.local'] })).toEqual([]);
  });
});
