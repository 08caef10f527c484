import { asRecord, At, field, isSet, istioRule, items, NETWORKING, Report, show } from '../../private/rules/object';
import { Severity } from '../finding';

const POLICY_FIELDS: readonly string[] = ['loadBalancer', 'connectionPool', 'outlierDetection', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol'];
const PORT_POLICY_FIELDS: readonly string[] = ['loadBalancer', 'connectionPool', 'outlierDetection', 'tls'];
const POOL_FIELDS: readonly string[] = ['tcp', 'http'];

/**
 * CDKI1014 (error): a DestinationRule `trafficPolicy` (top-level or in a subset), each of its
 * `portLevelSettings` and each `connectionPool` sets at least one field; istiod's webhook rejects
 * an empty one such as `trafficPolicy: {}`.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy
 */
export const DESTINATION_RULE_EMPTY_TRAFFIC_POLICY = istioRule({
  code: 'CDKI1014',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'DestinationRule',
  check(spec, report) {
    const policies = [field(spec, 'trafficPolicy'), ...items(spec, 'subsets').map((s) => field(s, 'trafficPolicy'))];
    for (const policy of policies.filter((p) => isSet(p.value))) {
      requireOneOf(policy, "'trafficPolicy'", POLICY_FIELDS, report);
      const portPolicies = items(policy, 'portLevelSettings');
      for (const portPolicy of portPolicies) requireOneOf(portPolicy, "a 'portLevelSettings' entry", PORT_POLICY_FIELDS, report);
      for (const pool of [policy, ...portPolicies].map((p) => field(p, 'connectionPool')).filter((p) => isSet(p.value))) {
        requireOneOf(pool, "'connectionPool'", POOL_FIELDS, report);
      }
    }
  },
});

function requireOneOf(policy: At, name: string, fields: readonly string[], report: Report): void {
  const value = asRecord(policy.value);
  if (fields.some((f) => isSet(value[f]))) return;
  report(policy.path, `${name} must set at least one of ${fields.join(', ')}, got ${show(policy.value)}`);
}
