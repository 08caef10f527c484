import { trafficSettings } from '../../private/rules/destination-rule';
import { field, istioRule, NETWORKING } from '../../private/rules/object';
import { checkMsDuration, nanoseconds } from '../../private/rules/virtual-service';
import { Severity } from '../finding';

const HTTP_COUNTS = ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries', 'maxConcurrentStreams'];

/**
 * CDKI1042 (error): `connectionPool` limits are not negative, its durations are at least 1ms in whole milliseconds
 * (a tcp `idleTimeout` of 0 disables it), and `useClientProtocol` is not combined with `h2UpgradePolicy: UPGRADE`, as
 * istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateConnectionPool
 */
export const DESTINATION_RULE_CONNECTION_POOL = istioRule({
  code: 'CDKI1042',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'DestinationRule',
  check(spec, report) {
    for (const settings of trafficSettings(spec)) {
      const pool = field(settings, 'connectionPool');
      const http = field(pool, 'http');
      const tcp = field(pool, 'tcp');
      for (const count of [...HTTP_COUNTS.map((n) => field(http, n)), field(tcp, 'maxConnections')]) {
        if (typeof count.value === 'number' && count.value < 0) {
          report(count.path, `'${count.path.slice(count.path.lastIndexOf('.') + 1)}' must not be negative, got ${count.value}`);
        }
      }
      checkMsDuration(field(http, 'idleTimeout'), report);
      const keepalive = field(tcp, 'tcpKeepalive');
      for (const duration of [field(tcp, 'connectTimeout'), field(tcp, 'maxConnectionDuration'), field(keepalive, 'time'), field(keepalive, 'interval')]) {
        checkMsDuration(duration, report);
      }
      const idle = field(tcp, 'idleTimeout');
      const idleNs = typeof idle.value === 'string' ? nanoseconds(idle.value) : undefined;
      if (idleNs !== undefined && Math.trunc(idleNs / 1e6) !== 0) checkMsDuration(idle, report);
      if (field(http, 'h2UpgradePolicy').value === 'UPGRADE' && field(http, 'useClientProtocol').value === true) {
        report(`${http.path}.useClientProtocol`, "'useClientProtocol' cannot be true with h2UpgradePolicy UPGRADE (which sets the protocol); drop one, got both");
      }
    }
  },
});
