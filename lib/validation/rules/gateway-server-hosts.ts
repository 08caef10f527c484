import { field, isSet, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { gatewayHostProblem } from '../../private/sidecar-hosts';
import { Severity } from '../finding';

/**
 * CDKI1016 (error): every Gateway server lists at least one host, each `[namespace/]dnsName` with the namespace `*`,
 * `.` or a namespace name and the dnsName `*`, an IP address or a name with a dot (a leading `*.` only: no partial
 * wildcard such as `*bar.com`), as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateServer; agent/validation.go ValidateNamespaceSlashWildcardHostname
 */
export const GATEWAY_SERVER_HOSTS = istioRule({
  code: 'CDKI1016',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'Gateway',
  check(spec, report) {
    for (const server of items(spec, 'servers')) {
      const hosts = field(server, 'hosts');
      if (!isSet(hosts.value)) report(hosts.path, `'hosts' must list at least one host (e.g. "*" or "example.com"), got ${show(hosts.value)}`);
      for (const host of items(server, 'hosts')) {
        const problem = typeof host.value === 'string' ? gatewayHostProblem(host.value) : undefined;
        if (problem !== undefined) report(host.path, `${problem}, got ${show(host.value)}`);
      }
    }
  },
});
