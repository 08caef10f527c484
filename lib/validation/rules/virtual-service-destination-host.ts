import { field, istioRule, NETWORKING, show } from '../../private/rules/object';
import { destinations } from '../../private/rules/virtual-service';
import { wildcardDomainProblem } from '../../private/sidecar-hosts';
import { Severity } from '../finding';

/**
 * CDKI1052 (error): every destination host of a VirtualService (routes and mirrors) is a host name, a leading
 * wildcard label allowed but not `*` alone and not `namespace/name`, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateDestination
 */
export const VIRTUAL_SERVICE_DESTINATION_HOST = istioRule({
  code: 'CDKI1052',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const destination of destinations(spec)) {
      const host = field(destination, 'host');
      if (typeof host.value !== 'string') continue; // the CRD schema requires the host
      const problem = host.value === '*' ? 'is "*", which names no destination' : wildcardDomainProblem(host.value);
      if (problem !== undefined) report(host.path, `'host' ${problem.replace('dnsName', 'host')} (expected a service such as "reviews" or "reviews.shop.svc.cluster.local"), got ${show(host.value)}`);
    }
  },
});
