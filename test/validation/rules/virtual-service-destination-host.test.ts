import { VIRTUAL_SERVICE_DESTINATION_HOST } from '../../../lib/validation/rules/virtual-service-destination-host';
import { virtualService } from './objects';

const problems = (host: string) => VIRTUAL_SERVICE_DESTINATION_HOST.check(virtualService({ hosts: ['reviews'], tcp: [{ route: [{ destination: { host } }] }] })).map((f) => [f.code, f.path, f.message]);

describe('VIRTUAL_SERVICE_DESTINATION_HOST', () => {
  test('fails on "*", a wildcard not in front and a namespace/name host', () => {
    expect(problems('*')).toEqual([['CDKI1052', 'spec.tcp[0].route[0].destination.host', '\'host\' is "*", which names no destination (expected a service such as "reviews" or "reviews.shop.svc.cluster.local"), got "*"']]);
    expect(problems('foo.*').map((p) => p[2])).toEqual(['\'host\' has the host "foo.*", whose label "*" is not a DNS-1123 label (expected a service such as "reviews" or "reviews.shop.svc.cluster.local"), got "foo.*"']);
    expect(problems('default/baz')).toHaveLength(1);
  });

  test('passes short names, FQDNs and leading wildcards', () => {
    expect([...problems('reviews'), ...problems('reviews.shop.svc.cluster.local'), ...problems('*-foo.baz')]).toEqual([]);
  });
});
