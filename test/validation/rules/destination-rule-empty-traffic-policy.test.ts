import { DESTINATION_RULE_EMPTY_TRAFFIC_POLICY } from '../../../lib/validation/rules/destination-rule-empty-traffic-policy';
import { destinationRule } from './objects';

describe('DESTINATION_RULE_EMPTY_TRAFFIC_POLICY', () => {
  test('fails on an empty top-level trafficPolicy', () => {
    const [finding] = DESTINATION_RULE_EMPTY_TRAFFIC_POLICY.check(destinationRule({ host: 'reviews', trafficPolicy: {} }));
    expect(finding.code).toBe('CDKI1014');
    expect(finding.path).toBe('spec.trafficPolicy');
    expect(finding.message).toBe("'trafficPolicy' must set at least one of loadBalancer, connectionPool, outlierDetection, tls, portLevelSettings, tunnel, proxyProtocol, got {}");
  });

  test('fails on an empty subset trafficPolicy, port-level policy and connectionPool', () => {
    const findings = DESTINATION_RULE_EMPTY_TRAFFIC_POLICY.check(destinationRule({
      host: 'reviews',
      trafficPolicy: { portLevelSettings: [{ port: { number: 80 } }], connectionPool: {} },
      subsets: [{ name: 'v1', trafficPolicy: {} }],
    }));
    expect(findings.map((f) => f.path)).toEqual([
      'spec.trafficPolicy.portLevelSettings[0]',
      'spec.trafficPolicy.connectionPool',
      'spec.subsets[0].trafficPolicy',
    ]);
    expect(findings[0].message).toBe("a 'portLevelSettings' entry must set at least one of loadBalancer, connectionPool, outlierDetection, tls, got {\"port\":{\"number\":80}}");
  });

  test('passes a policy with a load balancer and no policy at all', () => {
    expect(DESTINATION_RULE_EMPTY_TRAFFIC_POLICY.check(destinationRule({ host: 'reviews', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }))).toEqual([]);
    expect(DESTINATION_RULE_EMPTY_TRAFFIC_POLICY.check(destinationRule({ host: 'reviews', subsets: [{ name: 'v1' }] }))).toEqual([]);
  });
});
