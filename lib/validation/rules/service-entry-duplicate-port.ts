import { field, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1019 (error): ServiceEntry port numbers and port names are each unique, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServicePort
 */
export const SERVICE_ENTRY_DUPLICATE_PORT = istioRule({
  code: 'CDKI1019',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'ServiceEntry',
  check(spec, report) {
    for (const key of ['number', 'name']) {
      const seen = new Map<unknown, string>();
      for (const port of items(spec, 'ports')) {
        const value = field(port, key);
        if (value.value === undefined) continue;
        const first = seen.get(value.value);
        if (first !== undefined) {
          report(value.path, `'${key}' must be unique among ports, got ${show(value.value)} again (first at ${first})`);
        } else {
          seen.set(value.value, value.path);
        }
      }
    }
  },
});
