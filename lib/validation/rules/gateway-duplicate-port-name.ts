import { field, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1017 (error): Gateway server port names are unique across servers, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Port
 */
export const GATEWAY_DUPLICATE_PORT_NAME = istioRule({
  code: 'CDKI1017',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'Gateway',
  check(spec, report) {
    const seen = new Map<string, string>();
    for (const server of items(spec, 'servers')) {
      const name = field(field(server, 'port'), 'name');
      if (typeof name.value !== 'string' || name.value === '') continue;
      const first = seen.get(name.value);
      if (first !== undefined) {
        report(name.path, `'name' must be unique across servers, got ${show(name.value)} again (first at ${first})`);
      } else {
        seen.set(name.value, name.path);
      }
    }
  },
});
