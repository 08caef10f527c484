import { trafficSettings } from '../../private/rules/destination-rule';
import { entries, field, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { TOPOLOGY_LABELS } from '../../private/traffic-policy';
import { Severity } from '../finding';

/**
 * CDKI1055 (error): a `loadBalancer.localityLbSetting` sets `distribute` or `failover`, not both; `failover` next to no
 * topology label in `failoverPriority`; each `distribute` entry's weights from 1 to 100, summing to 100; each
 * `failover` entry from one region to another (no `/`, no `*`), as istiod's webhook requires (the overlap of
 * localities excepted).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LocalityLoadBalancerSetting
 * @see Istio 1.30.3 pkg/config/validation/agent/validation.go ValidateLocalityLbSetting
 */
export const DESTINATION_RULE_LOCALITY_LB = istioRule({
  code: 'CDKI1055',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'DestinationRule',
  check(spec, report) {
    for (const settings of trafficSettings(spec)) {
      const locality = field(field(settings, 'loadBalancer'), 'localityLbSetting');
      const distribute = items(locality, 'distribute');
      const failover = items(locality, 'failover');
      if (distribute.length > 0 && failover.length > 0) {
        report(locality.path, `'distribute' and 'failover' cannot both be set (weights or failover, not both), got ${distribute.length} distribute and ${failover.length} failover entries`);
        continue;
      }
      const priority = items(locality, 'failoverPriority').map((p) => p.value);
      const topology = failover.length > 0 ? priority.find((p) => typeof p === 'string' && TOPOLOGY_LABELS.includes(p)) : undefined;
      if (topology !== undefined) {
        report(`${locality.path}.failoverPriority`, `'failoverPriority' cannot hold the topology label ${show(topology)} next to 'failover', which already fails over by region; got ${show(priority)}`);
        continue;
      }
      for (const d of distribute) {
        const weights = entries(d, 'to');
        const bad = weights.find((w) => typeof w.value !== 'number' || w.value < 1 || w.value > 100);
        if (bad !== undefined) {
          report(bad.path, `locality weights must be from 1 to 100, got ${show(bad.value)} for ${show(bad.key)}`);
          continue;
        }
        const sum = weights.reduce((total, w) => total + (w.value as number), 0);
        if (sum !== 100) report(`${d.path}.to`, `locality weights must sum to 100, got ${sum} (${weights.map((w) => `${w.key}=${String(w.value)}`).join(', ')})`);
      }
      for (const f of failover) {
        const [from, to] = [field(f, 'from').value, field(f, 'to').value].map((v) => (typeof v === 'string' ? v : ''));
        if (from === to) report(f.path, `'failover' must go from one region to another, got ${show(from)} to itself`);
        const bad = [from, to].find((r) => r.includes('/') || r.includes('*'));
        if (bad !== undefined) report(f.path, `'failover' names regions only (no '/', no '*'), got ${show(bad)}`);
      }
    }
  },
});
