import { isPrime, MAGLEV_MAX_TABLE_SIZE as MAGLEV_MAX } from '../../private/checks';
import { trafficSettings } from '../../private/rules/destination-rule';
import { field, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1040 (error): a `consistentHash` load balancer's Maglev `tableSize` is a prime below 5000011, its `httpCookie` has
 * a name and distinct, named `attributes`, and `minimumRingSize` is not combined with `maglev`/`ringHash`, as istiod's
 * webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-ConsistentHashLB
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateLoadBalancer
 */
export const DESTINATION_RULE_LOAD_BALANCER = istioRule({
  code: 'CDKI1040',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'DestinationRule',
  check(spec, report) {
    for (const settings of trafficSettings(spec)) {
      const hash = field(field(settings, 'loadBalancer'), 'consistentHash');
      const cookie = field(hash, 'httpCookie');
      if (cookie.value !== undefined && cookie.value !== null && !field(cookie, 'name').value) {
        report(`${cookie.path}.name`, `'name' must name the cookie to hash, got ${show(field(cookie, 'name').value)}`);
      }
      const names = new Set<unknown>();
      for (const attribute of items(cookie, 'attributes')) {
        const name = field(attribute, 'name');
        if (!name.value) report(name.path, `cookie attribute 'name' must not be empty, got ${show(name.value)}`);
        else if (names.has(name.value)) report(name.path, `cookie attribute names must be distinct, got ${show(name.value)} twice`);
        names.add(name.value);
      }
      const ring = field(hash, 'minimumRingSize');
      const algorithm = ['maglev', 'ringHash'].find((k) => field(hash, k).value !== undefined && field(hash, k).value !== null);
      if (typeof ring.value === 'number' && ring.value !== 0 && algorithm !== undefined) {
        report(ring.path, `'minimumRingSize' cannot be combined with '${algorithm}' (set the ring size in ringHash.minimumRingSize), got ${ring.value}`);
      }
      const maglev = field(hash, 'maglev');
      if (maglev.value === undefined || maglev.value === null) continue;
      const size = field(maglev, 'tableSize');
      const n = typeof size.value === 'number' ? size.value : typeof size.value === 'string' ? Number(size.value) : 0;
      if (n >= MAGLEV_MAX || !isPrime(n)) {
        report(size.path, `'tableSize' must be a prime number below ${MAGLEV_MAX} (e.g. 65537, Envoy's default), got ${show(size.value)}`);
      }
    }
  },
});
