import { field, istioRule, NETWORKING, show } from '../../private/rules/object';
import { wildcardDomainProblem } from '../../private/sidecar-hosts';
import { Severity } from '../finding';

/**
 * CDKI1059 (error): a DestinationRule's `host` is a host name (a leading wildcard label allowed), not empty, as
 * istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#DestinationRule-host
 * @see Istio 1.30.3 pkg/config/validation/validation.go ValidateDestinationRule
 */
export const DESTINATION_RULE_HOST = istioRule({
  code: 'CDKI1059',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'DestinationRule',
  check(spec, report) {
    const host = field(spec, 'host');
    if (typeof host.value !== 'string') return; // the CRD schema requires the host
    const problem = wildcardDomainProblem(host.value);
    if (problem !== undefined) report(host.path, `'host' ${problem} (expected a service such as "reviews" or "reviews.shop.svc.cluster.local"), got ${show(host.value)}`);
  },
});
