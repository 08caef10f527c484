import { field, isSet, istioRule, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1015 (error): a Gateway has at least one server, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Gateway
 */
export const GATEWAY_NEEDS_SERVERS = istioRule({
  code: 'CDKI1015',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'Gateway',
  check(spec, report) {
    const servers = field(spec, 'servers');
    if (!isSet(servers.value)) report(servers.path, `'servers' must list at least one server, got ${show(servers.value)}`);
  },
});
