import { HEADER_TOKEN } from '../../private/http-names';
import { field, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { nanoseconds } from '../../private/rules/virtual-service';
import { Severity } from '../finding';

const METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*'];

/**
 * CDKI1035 (error): an http `corsPolicy` has non-empty `allowOrigins` matches, supported `allowMethods`, header
 * names (or `*`) in `allowHeaders` and `exposeHeaders`, and a `maxAge` in whole seconds, as istiod's webhook
 * requires (Istio 1.30.3 pkg/config/validation/validation.go validateCORSPolicy, validateAllowOrigins).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#CorsPolicy
 */
export const VIRTUAL_SERVICE_CORS = istioRule({
  code: 'CDKI1035',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const rule of items(spec, 'http')) {
      const cors = field(rule, 'corsPolicy');
      for (const origin of items(cors, 'allowOrigins')) {
        const value = ['exact', 'prefix', 'regex'].map(k => field(origin, k).value).find(v => v !== undefined);
        if (value === '' || value === undefined) report(origin.path, `'allowOrigins' entries must be a non-empty exact, prefix or regex match, got ${show(origin.value)}`);
      }
      for (const method of items(cors, 'allowMethods')) {
        if (!METHODS.includes(method.value as string)) report(method.path, `'allowMethods' entries must be one of ${METHODS.join(', ')}, got ${show(method.value)}`);
      }
      for (const key of ['allowHeaders', 'exposeHeaders']) {
        for (const name of items(cors, key)) {
          if (name.value !== '*' && !(typeof name.value === 'string' && HEADER_TOKEN.test(name.value))) report(name.path, `'${key}' entries must be header names or "*", got ${show(name.value)}`);
        }
      }
      const maxAge = field(cors, 'maxAge');
      const ns = typeof maxAge.value === 'string' ? nanoseconds(maxAge.value) : undefined;
      if (ns !== undefined && ns % 1e9 !== 0) {
        report(maxAge.path, `'maxAge' must be whole seconds, got ${show(maxAge.value)}`);
      }
    }
  },
});
