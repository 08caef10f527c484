import { DESTINATION_RULE_LOAD_BALANCER } from '../../../lib/validation/rules/destination-rule-load-balancer';
import { destinationRule } from './objects';

const withHash = (consistentHash: object) => destinationRule({ host: 'reviews', trafficPolicy: { loadBalancer: { consistentHash } } });
const problems = (consistentHash: object) => DESTINATION_RULE_LOAD_BALANCER.check(withHash(consistentHash)).map((f) => [f.code, f.path, f.message]);

describe('DESTINATION_RULE_LOAD_BALANCER', () => {
  test('fails on a Maglev table size that is not prime', () => {
    expect(problems({ httpHeaderName: 'x-user', maglev: { tableSize: 1000 } })).toEqual([
      ['CDKI1040', 'spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize', "'tableSize' must be a prime number below 5000011 (e.g. 65537, Envoy's default), got 1000"],
    ]);
  });

  test('fails on cookie attributes without a name or named twice, and minimumRingSize with maglev', () => {
    const cookie = { name: 'c', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: '' }, { name: 'SameSite', value: 'Lax' }] };
    expect(problems({ httpCookie: cookie, minimumRingSize: 1024, maglev: { tableSize: 65537 } }).map((p) => p[2])).toEqual([
      "cookie attribute 'name' must not be empty, got \"\"",
      'cookie attribute names must be distinct, got "SameSite" twice',
      "'minimumRingSize' cannot be combined with 'maglev' (set the ring size in ringHash.minimumRingSize), got 1024",
    ]);
  });

  test('passes a prime table size at port level, and simple load balancers', () => {
    const dr = destinationRule({ host: 'reviews', trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 65537 } } } }] } });
    expect(DESTINATION_RULE_LOAD_BALANCER.check(dr)).toEqual([]);
    expect(DESTINATION_RULE_LOAD_BALANCER.check(destinationRule({ host: 'reviews', trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } } }))).toEqual([]);
  });
});
