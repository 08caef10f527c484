import { isSet, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1020 (error): a ServiceEntry with `resolution: DNS` or `DNS_ROUND_ROBIN` and no `endpoints`
 * has no wildcard hosts, since the hosts themselves are resolved, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServiceEntry-Resolution
 */
export const SERVICE_ENTRY_DNS_WILDCARD_HOST = istioRule({
  code: 'CDKI1020',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'ServiceEntry',
  check(spec, report) {
    const resolution = spec.value.resolution;
    if ((resolution !== 'DNS' && resolution !== 'DNS_ROUND_ROBIN') || isSet(spec.value.endpoints)) return;
    for (const host of items(spec, 'hosts')) {
      if (typeof host.value === 'string' && host.value.startsWith('*')) {
        report(host.path, `'hosts' entries must be fully qualified names when 'resolution' is ${resolution} and no 'endpoints' are given (or use resolution NONE), got ${show(host.value)}`);
      }
    }
  },
});
