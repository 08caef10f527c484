import { DESTINATION_RULE_LOCALITY_LB } from '../../../lib/validation/rules/destination-rule-locality-lb';
import { destinationRule } from './objects';

const problems = (localityLbSetting: object) => DESTINATION_RULE_LOCALITY_LB.check(destinationRule({ host: 'reviews', trafficPolicy: { loadBalancer: { localityLbSetting }, outlierDetection: {} } }))
  .map((f) => [f.code, f.path, f.message]);

describe('DESTINATION_RULE_LOCALITY_LB', () => {
  test('fails on weights that do not sum to 100 and a weight of 0', () => {
    expect(problems({ distribute: [{ from: 'a/b/c', to: { 'a/b/c': 80, 'a/b1': 25 } }] })).toEqual([
      ['CDKI1055', 'spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to', 'locality weights must sum to 100, got 105 (a/b/c=80, a/b1=25)'],
    ]);
    expect(problems({ distribute: [{ from: 'a/b/c', to: { 'a/b/c': 0, 'a/b1': 100 } }] }).map((p) => p[2])).toEqual(['locality weights must be from 1 to 100, got 0 for "a/b/c"']);
  });

  test('fails on distribute with failover, a topology priority next to failover, and failover to the same region or a zone', () => {
    expect(problems({ distribute: [{ from: 'a', to: { b: 100 } }], failover: [{ from: 'r1', to: 'r2' }] })).toHaveLength(1);
    expect(problems({ failover: [{ from: 'r1', to: 'r2' }], failoverPriority: ['topology.kubernetes.io/region'] })).toHaveLength(1);
    expect(problems({ failover: [{ from: 'r1', to: 'r1' }, { from: 'r1/z1', to: 'r2' }] }).map((p) => p[2])).toEqual([
      "'failover' must go from one region to another, got \"r1\" to itself",
      "'failover' names regions only (no '/', no '*'), got \"r1/z1\"",
    ]);
  });

  test('passes weights summing to 100 and failover between regions', () => {
    expect([...problems({ distribute: [{ from: 'a/*', to: { 'a/b': 60, 'c/*': 40 } }] }), ...problems({ failover: [{ from: 'r1', to: 'r2' }], failoverPriority: ['example.com/rack'] })]).toEqual([]);
  });
});
