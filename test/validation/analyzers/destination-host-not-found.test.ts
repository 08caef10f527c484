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

describe('destinationHostNotFound and exportTo', () => {
  const exported = (exportTo: string) => {
    const svc = service('ratings', 'other', { app: 'ratings' });
    return { ...svc, metadata: { ...svc.metadata, annotations: { 'networking.istio.io/exportTo': exportTo } } };
  };
  const toRatings = route('ratings.other.svc.cluster.local');

  test('fails when the Service is not exported to the VirtualService namespace (annotation)', () => {
    const [f] = destinationHostNotFound.check([toRatings, exported('.')], {});
    expect(f).toEqual(expect.objectContaining({ code: 'IST0101', severity: Severity.ERROR, path: 'spec.http[0].route[0].destination.host' }));
    expect(f.message).toContain('is Service other/ratings, which is not exported to namespace shop (exportTo .)');
  });

  test('fails when a namespace-local "*" ServiceEntry of another namespace would cover the host', () => {
    const local = { ...serviceEntry('any', 'other', ['*']), spec: { hosts: ['*'], exportTo: ['.'], resolution: 'DNS', ports: [{ number: 443, name: 'https', protocol: 'TLS' }] } };
    const [f] = destinationHostNotFound.check([route('ratings'), local], {});
    expect(f.message).toContain('"ratings" (ratings.shop.svc.cluster.local) matches no Service or ServiceEntry');
  });

  test('fails when the mesh default exports Services to their own namespace only', () => {
    const operator = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'istio' }, spec: { meshConfig: { defaultServiceExportTo: ['.'] } } };
    expect(destinationHostNotFound.check([toRatings, service('ratings', 'other', { app: 'ratings' }), operator], {})).toHaveLength(1);
  });

  test('passes when the Service is exported to the namespace, or to one the VirtualService is exported to', () => {
    expect(destinationHostNotFound.check([toRatings, exported('shop')], {})).toEqual([]);
    expect(destinationHostNotFound.check([toRatings, exported('*')], {})).toEqual([]);
    const exportedVs = virtualService('vs', 'shop', { hosts: ['vs'], exportTo: ['other'], http: [{ route: [{ destination: { host: 'ratings.other.svc.cluster.local' } }] }] });
    expect(destinationHostNotFound.check([exportedVs, exported('.')], {})).toEqual([]);
  });

  test('fails on a destination port the Service does not expose, and on a route without a host', () => {
    const vs = virtualService('vs', 'shop', { hosts: ['vs'], http: [{ route: [{ destination: { host: 'ratings', port: { number: 8080 } } }, {}] }] });
    const findings = destinationHostNotFound.check([vs, service('ratings', 'shop', { app: 'ratings' })], {});
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['spec.http[0].route[1].destination.host', expect.stringContaining('route destination names no host')],
      ['spec.http[0].route[0].destination.port.number', expect.stringContaining('destination port 8080 is not a port of ratings.shop.svc.cluster.local (80)')],
    ]);
  });
});
