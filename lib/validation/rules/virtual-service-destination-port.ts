import { destinations } from '../../private/rules/virtual-service';
import { field, isSet, istioRule, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1009 (error): a destination's `port.number` (in http, tcp and tls routes and http mirrors)
 * is between 1 and 65535, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#PortSelector
 */
export const VIRTUAL_SERVICE_DESTINATION_PORT = istioRule({
  code: 'CDKI1009',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const destination of destinations(spec)) {
      const port = field(destination, 'port');
      if (!isSet(port.value)) continue;
      const number = field(port, 'number');
      const n = number.value ?? 0;
      if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535) continue;
      report(number.path, `'number' must be a port between 1 and 65535, got ${show(number.value)}`);
    }
  },
});
