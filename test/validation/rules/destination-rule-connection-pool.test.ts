import { DESTINATION_RULE_CONNECTION_POOL } from '../../../lib/validation/rules/destination-rule-connection-pool';
import { destinationRule } from './objects';

const problems = (connectionPool: object) => DESTINATION_RULE_CONNECTION_POOL.check(destinationRule({ host: 'reviews', trafficPolicy: { connectionPool } }))
  .map((f) => [f.code, f.path, f.message]);

describe('DESTINATION_RULE_CONNECTION_POOL', () => {
  test('fails on negative limits', () => {
    expect(problems({ tcp: { maxConnections: -1 }, http: { maxRetries: -1 } })).toEqual([
      ['CDKI1042', 'spec.trafficPolicy.connectionPool.http.maxRetries', "'maxRetries' must not be negative, got -1"],
      ['CDKI1042', 'spec.trafficPolicy.connectionPool.tcp.maxConnections', "'maxConnections' must not be negative, got -1"],
    ]);
  });

  test('fails on a timeout finer than milliseconds and useClientProtocol with UPGRADE', () => {
    expect(problems({ tcp: { connectTimeout: '2.000000005s' }, http: { h2UpgradePolicy: 'UPGRADE', useClientProtocol: true } }).map((p) => p[2])).toEqual([
      "'connectTimeout' must be a whole number of milliseconds, got \"2.000000005s\"",
      "'useClientProtocol' cannot be true with h2UpgradePolicy UPGRADE (which sets the protocol); drop one, got both",
    ]);
  });

  test('passes limits, timeouts and a tcp idleTimeout of 0 (disabled)', () => {
    expect(problems({ tcp: { maxConnections: 100, connectTimeout: '30ms', idleTimeout: '0s' }, http: { http2MaxRequests: 10, idleTimeout: '1h' } })).toEqual([]);
  });
});
