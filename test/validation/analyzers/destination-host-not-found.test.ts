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

// The lookup is Istio 1.30.3's pkg/config/analysis/analyzers/util/service_lookup.go GetDestinationHost.
describe('destinationHostNotFound looks hosts up as istioctl does', () => {
  const entry = (name: string, ns: string, hosts: string[], ports: number[], exportTo?: string[]) =>
    ({ ...serviceEntry(name, ns, hosts), spec: { hosts, ...(exportTo ? { exportTo } : {}), ports: ports.map((number) => ({ number, name: `http-${number}`, protocol: 'HTTP' })) } });
  const to = (host: string, port: number, exportTo?: string[]) =>
    virtualService('vs', 'shop', { hosts: ['vs'], ...(exportTo ? { exportTo } : {}), http: [{ route: [{ destination: { host, port: { number: port } } }] }] });

  test('fails on a port of a wildcard ServiceEntry when an exact one has the host: the exact one is the one looked up', () => {
    const objects = [to('api.example.com', 443), entry('any', 'shop', ['*.example.com'], [443]), entry('api', 'shop', ['api.example.com'], [8443])];
    expect(destinationHostNotFound.check(objects, {}).map((f) => f.message)).toEqual([expect.stringContaining('destination port 443 is not a port of api.example.com (8443)')]);
  });

  test('passes a port of a ServiceEntry exported to all over a Service of the same host exported to its namespace only', () => {
    const local = { ...service('ratings', 'shop', { app: 'ratings' }), metadata: { name: 'ratings', namespace: 'shop', annotations: { 'networking.istio.io/exportTo': '.' } } };
    const objects = [to('ratings', 9090), local, entry('ratings', 'shop', ['ratings.shop.svc.cluster.local'], [80, 9090])];
    expect(destinationHostNotFound.check(objects, {})).toEqual([]);
    expect(destinationHostNotFound.check([to('ratings', 9090), service('ratings', 'shop', { app: 'ratings' }), objects[2]], {}).map((f) => f.message))
      .toEqual([expect.stringContaining('destination port 9090 is not a port of ratings.shop.svc.cluster.local (80)')]);
  });

  test('fails when a wildcard ServiceEntry is visible only from a namespace the VirtualService is exported to, not its own', () => {
    const other = entry('eu', 'other', ['*.eu.example.com'], [443], ['.']);
    expect(destinationHostNotFound.check([to('api.eu.example.com', 443, ['other']), other], {}).map((f) => f.code)).toEqual(['IST0101']);
    expect(destinationHostNotFound.check([to('api.eu.example.com', 443, ['other']), entry('eu', 'other', ['api.eu.example.com'], [443], ['.'])], {})).toEqual([]);
  });

  test('fails on a short name under a wildcard ServiceEntry host, which istioctl matches as written', () => {
    const local = entry('local', 'shop', ['*.svc.cluster.local'], [80]);
    expect(destinationHostNotFound.check([to('ratings', 80), local], {}).map((f) => f.code)).toEqual(['IST0101']);
    expect(destinationHostNotFound.check([to('ratings.shop.svc.cluster.local', 80), local], {})).toEqual([]);
  });
});
