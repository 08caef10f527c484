import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClientTls } from '../traffic/client-tls';
import { LoadBalancer } from '../traffic/load-balancer';
import { ConnectionPoolOptions, H2UpgradePolicy, LocalityLbOptions, OutlierDetectionOptions, TrafficPolicyOptions, TrafficSettings } from '../traffic/traffic-policy';
import { checkEnum, checkInteger, checkPortNumber } from './checks';
import { istioDuration } from './duration';
import { fail, show } from './errors';
import { addWarnings } from './warnings';

type Json = Record<string, unknown>;

/** Istio's int32/uint32 counts: at most 2^31-1 fits both. */
const MAX_COUNT = 2 ** 31 - 1;

/**
 * The `trafficPolicy` object of `policy`, checked as istiod's webhook does (Istio 1.30.3
 * pkg/config/validation/validation.go validateTrafficPolicy, validatePortTrafficPolicies, validateConnectionPool,
 * validateOutlierDetection, validateLoadBalancer; pkg/config/validation/agent/validation.go ValidateTLS).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy
 */
export function renderTrafficPolicy(scope: IConstruct, prop: string, policy: TrafficPolicyOptions): Json {
  const out = renderSettings(scope, prop, policy);
  if (policy.portLevelSettings !== undefined) {
    out.portLevelSettings = policy.portLevelSettings.map((p, i) => {
      const at = `${prop}.portLevelSettings[${i}]`;
      checkPortNumber(scope, `${at}.port`, p.port);
      const settings = renderSettings(scope, at, p);
      if (Object.keys(settings).length === 0) {
        fail(scope, at, `must set at least one of connectionPool, outlierDetection, loadBalancer, localityLbSetting or tls for port ${p.port}, got none`);
      }
      return { port: { number: p.port }, ...settings };
    });
    const ports = policy.portLevelSettings.map(p => p.port);
    const twice = ports.find((p, i) => ports.indexOf(p) !== i);
    if (twice !== undefined) fail(scope, `${prop}.portLevelSettings`, `must name each port once, got port ${twice} twice`);
  }
  if (Object.keys(out).length === 0) {
    fail(scope, prop, 'must set at least one of connectionPool, outlierDetection, loadBalancer, localityLbSetting, tls or portLevelSettings, got none');
  }
  return out;
}

function renderSettings(scope: IConstruct, prop: string, s: TrafficSettings): Json {
  if (s.loadBalancer !== undefined && !(s.loadBalancer instanceof LoadBalancer)) {
    fail(scope, `${prop}.loadBalancer`, `must be a LoadBalancer (e.g. LoadBalancer.simple(LoadBalancerAlgorithm.ROUND_ROBIN)), got ${show(s.loadBalancer)}`);
  }
  if (s.tls !== undefined && !(s.tls instanceof ClientTls)) {
    fail(scope, `${prop}.tls`, `must be a ClientTls (e.g. ClientTls.simple({ sni })), got ${show(s.tls)}`);
  }
  return {
    ...(s.connectionPool !== undefined && { connectionPool: connectionPool(scope, `${prop}.connectionPool`, s.connectionPool) }),
    ...(s.outlierDetection !== undefined && { outlierDetection: outlierDetection(scope, `${prop}.outlierDetection`, s.outlierDetection) }),
    ...((s.loadBalancer !== undefined || s.localityLbSetting !== undefined) && {
      loadBalancer: {
        ...s.loadBalancer?._render(scope, `${prop}.loadBalancer`),
        ...(s.localityLbSetting !== undefined && { localityLbSetting: locality(scope, `${prop}.localityLbSetting`, s.localityLbSetting, s.outlierDetection) }),
      },
    }),
    ...(s.tls !== undefined && { tls: s.tls._render(scope, `${prop}.tls`) }),
  };
}

function connectionPool(scope: IConstruct, prop: string, pool: ConnectionPoolOptions): Json {
  const count = (name: string, value: number | undefined, at: string) =>
    value === undefined ? {} : { [name]: checkInteger(scope, `${at}.${name}`, value, 0, MAX_COUNT) };
  const duration = (name: string, value: Duration | undefined, at: string) =>
    value === undefined ? {} : { [name]: istioDuration(scope, `${at}.${name}`, value) };
  const out: Json = {};
  if (pool.tcp !== undefined) {
    const tcp = pool.tcp;
    const at = `${prop}.tcp`;
    const ka = tcp.tcpKeepalive;
    out.tcp = {
      ...count('maxConnections', tcp.maxConnections, at),
      ...duration('connectTimeout', tcp.connectTimeout, at),
      ...(ka !== undefined && {
        tcpKeepalive: {
          ...count('probes', ka.probes, `${at}.tcpKeepalive`),
          ...duration('time', ka.time, `${at}.tcpKeepalive`),
          ...duration('interval', ka.interval, `${at}.tcpKeepalive`),
        },
      }),
    };
  }
  if (pool.http !== undefined) {
    const http = pool.http;
    const at = `${prop}.http`;
    if (http.h2UpgradePolicy !== undefined) checkEnum(scope, `${at}.h2UpgradePolicy`, http.h2UpgradePolicy, H2UpgradePolicy);
    out.http = {
      ...count('http1MaxPendingRequests', http.http1MaxPendingRequests, at),
      ...count('http2MaxRequests', http.http2MaxRequests, at),
      ...count('maxRequestsPerConnection', http.maxRequestsPerConnection, at),
      ...count('maxRetries', http.maxRetries, at),
      ...duration('idleTimeout', http.idleTimeout, at),
      ...(http.h2UpgradePolicy !== undefined && { h2UpgradePolicy: http.h2UpgradePolicy }),
    };
  }
  if (Object.keys(out).length === 0) fail(scope, prop, 'must set tcp or http limits, got none');
  return out;
}

function outlierDetection(scope: IConstruct, prop: string, o: OutlierDetectionOptions): Json {
  const out: Json = {};
  // The generated type names the field consecutive5XxErrors; its toJson writes Istio's consecutive5xxErrors.
  if (o.consecutive5xxErrors !== undefined) out.consecutive5XxErrors = checkInteger(scope, `${prop}.consecutive5xxErrors`, o.consecutive5xxErrors, 0, MAX_COUNT);
  if (o.consecutiveGatewayErrors !== undefined) out.consecutiveGatewayErrors = checkInteger(scope, `${prop}.consecutiveGatewayErrors`, o.consecutiveGatewayErrors, 0, MAX_COUNT);
  if (o.interval !== undefined) out.interval = istioDuration(scope, `${prop}.interval`, o.interval);
  if (o.baseEjectionTime !== undefined) out.baseEjectionTime = istioDuration(scope, `${prop}.baseEjectionTime`, o.baseEjectionTime);
  if (o.maxEjectionPercent !== undefined) out.maxEjectionPercent = checkInteger(scope, `${prop}.maxEjectionPercent`, o.maxEjectionPercent, 0, 100);
  if (o.minHealthPercent !== undefined) out.minHealthPercent = checkInteger(scope, `${prop}.minHealthPercent`, o.minHealthPercent, 0, 100);
  return out;
}

/** Topology labels, which `failover` already orders by (Istio 1.30.3 ValidateLocalityLbSetting). */
export const TOPOLOGY_LABELS = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'];

/**
 * The `localityLbSetting` object, checked as Istio 1.30.3 pkg/config/validation/agent/validation.go
 * ValidateLocalityLbSetting does (the overlap of localities excepted).
 */
function locality(scope: IConstruct, prop: string, l: LocalityLbOptions, outlier: OutlierDetectionOptions | undefined): Json {
  const failover = l.failover ?? [];
  const distribute = l.distribute ?? [];
  if (failover.length > 0 && distribute.length > 0) {
    fail(scope, `${prop}.failover`, `cannot be combined with 'distribute' (weights or failover, not both), got ${failover.length} failover and ${distribute.length} distribute entries`);
  }
  const topology = failover.length > 0 ? (l.failoverPriority ?? []).find(p => TOPOLOGY_LABELS.includes(p)) : undefined;
  if (topology !== undefined) {
    fail(scope, `${prop}.failoverPriority`, `cannot hold the topology label ${show(topology)} next to 'failover', which already fails over by region; got ${show(l.failoverPriority)}`);
  }
  distribute.forEach((d, i) => {
    const weights = Object.entries(d.weights ?? {});
    weights.forEach(([to, w]) => checkInteger(scope, `${prop}.distribute[${i}].weights.${to}`, w, 1, 100));
    const sum = weights.reduce((total, [, w]) => total + w, 0);
    if (sum !== 100) fail(scope, `${prop}.distribute[${i}].weights`, `must sum to 100, got ${sum} (${weights.map(([to, w]) => `${to}=${w}`).join(', ')})`);
  });
  failover.forEach((f, i) => {
    const bad = [f.fromRegion, f.toRegion].find(r => typeof r !== 'string' || r === '' || r.includes('/') || r.includes('*'));
    if (bad !== undefined) fail(scope, `${prop}.failover[${i}]`, `must name regions only (no '/', no '*'), got ${show(bad)}`);
    if (f.fromRegion === f.toRegion) fail(scope, `${prop}.failover[${i}]`, `must fail over to another region, got ${show(f.fromRegion)} to itself`);
  });
  if ((failover.length > 0 || (l.failoverPriority ?? []).length > 0) && outlier === undefined) {
    addWarnings(scope, () => [`${scope.node.path}: '${prop}' fails over only when outlier detection ejects unhealthy endpoints; set 'outlierDetection' next to it`]);
  }
  return {
    ...(l.enabled !== undefined && { enabled: l.enabled }),
    ...(distribute.length > 0 && { distribute: distribute.map(d => ({ from: d.fromLocality, to: { ...d.weights } })) }),
    ...(failover.length > 0 && { failover: failover.map(f => ({ from: f.fromRegion, to: f.toRegion })) }),
    ...(l.failoverPriority !== undefined && { failoverPriority: [...l.failoverPriority] }),
  };
}
