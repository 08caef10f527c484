import { asRecord, field, isSet, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/** Envoy's `x-envoy-retry-on` and `x-envoy-retry-grpc-on` conditions, as istiod accepts them. */
const RETRY_ON: readonly string[] = [
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
];

/** HTTP status codes with a registered name (Go's `http.StatusText`), which istiod accepts in `retryOn`. */
const STATUS_CODES: ReadonlySet<number> = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424,
  425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/**
 * CDKI1007 (error): http `retries` have `attempts` >= 0, do not set `perTryTimeout`, `retryOn` or
 * `retryRemoteLocalities` while `attempts` is 0 (retries disabled), and list only known `retryOn`
 * conditions or HTTP status codes, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
 */
export const VIRTUAL_SERVICE_RETRIES = istioRule({
  code: 'CDKI1007',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const rule of items(spec, 'http')) {
      const retries = field(rule, 'retries');
      if (!isSet(retries.value)) continue;
      const value = asRecord(retries.value);
      const attempts = field(retries, 'attempts');
      const count = typeof attempts.value === 'number' ? attempts.value : 0;
      if (count < 0) report(attempts.path, `'attempts' must be >= 0, got ${count}`);
      const policy = ['perTryTimeout', 'retryOn', 'retryRemoteLocalities'].filter((k) => isSet(value[k]) && value[k] !== '');
      if (count === 0 && policy.length > 0) {
        report(attempts.path, `'attempts' must be > 0 when '${policy.join("', '")}' is set (0 disables retries), got ${show(attempts.value)}`);
      }
      const retryOn = field(retries, 'retryOn');
      if (typeof retryOn.value !== 'string' || retryOn.value === '') continue;
      for (const condition of retryOn.value.split(',')) {
        if (RETRY_ON.includes(condition) || (/^[+-]?\d+$/.test(condition) && STATUS_CODES.has(Number(condition)))) continue;
        report(retryOn.path, `'retryOn' must be a comma-separated list of Envoy retry conditions (${RETRY_ON.join(', ')}) or HTTP status codes, got ${show(condition)} in ${show(retryOn.value)}`);
      }
    }
  },
});
