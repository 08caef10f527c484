import { field, isSet, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1016 (error): every Gateway server lists at least one host, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
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
    }
  },
});
