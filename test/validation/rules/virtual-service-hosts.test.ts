import { VIRTUAL_SERVICE_HOSTS } from '../../../lib/validation/rules/virtual-service-hosts';
import { route, virtualService } from './objects';

const withHosts = (hosts: string[], extra: object = {}) => virtualService({ hosts, http: [route()], ...extra });
const problems = (hosts: string[], extra?: object) => VIRTUAL_SERVICE_HOSTS.check(withHosts(hosts, extra)).map((f) => [f.code, f.path, f.message]);

describe('VIRTUAL_SERVICE_HOSTS', () => {
  test('fails on a host with a character no DNS label has', () => {
    expect(problems(['foo.ba!r'])).toEqual([
      ['CDKI1037', 'spec.hosts[0]', '\'hosts\' entry has the dnsName "foo.ba!r", whose label "ba!r" is not a DNS-1123 label (expected a name such as "reviews", "reviews.shop.svc.cluster.local" or "*.example.com"), got "foo.ba!r"'],
    ]);
  });

  test('fails on overlapping hosts, a wildcard covering another or one listed twice', () => {
    expect(problems(['*.foo.bar', '*.bar'])).toEqual([
      ['CDKI1037', 'spec.hosts[0]', '\'hosts\' entries overlap: "*.foo.bar" and "*.bar" name the same hosts; keep one, got ["*.foo.bar","*.bar"]'],
    ]);
    expect(problems(['reviews', 'reviews']).map((p) => p[1])).toEqual(['spec.hosts[0]']);
  });

  test('passes IP addresses, wildcards (a partial one too, as istiod) and generated SNI hosts on gateway-only tls routes', () => {
    expect(problems(['10.0.0.1', '*.example.com', '*foo.org', 'reviews.shop.svc.cluster.local.'])).toEqual([]);
    const sni = { gateways: ['gw'], http: undefined, tls: [{ match: [{ sniHosts: ['a.example.com'] }], route: [{ destination: { host: 'a' } }] }] };
    expect(problems(['outbound_.80_._.a.example.com'], sni)).toEqual([]);
  });
});
