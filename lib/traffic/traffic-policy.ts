import { Duration } from 'cdk8s';
import { ClientTls } from './client-tls';
import { LoadBalancer } from './load-balancer';

/**
 * Whether the sidecar upgrades HTTP/1.1 connections to HTTP/2 (`connectionPool.http.h2UpgradePolicy`).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings-H2UpgradePolicy
 */
export enum H2UpgradePolicy {
  /** The mesh-wide default (`meshConfig.h2UpgradePolicy`). */
  DEFAULT = 'DEFAULT',
  /** Keep HTTP/1.1. */
  DO_NOT_UPGRADE = 'DO_NOT_UPGRADE',
  /** Upgrade to HTTP/2. */
  UPGRADE = 'UPGRADE',
}

/**
 * TCP keepalive probes on the sidecar's upstream connections.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings-TcpKeepalive
 */
export interface TcpKeepaliveOptions {
  /**
   * Unanswered probes before the connection is dropped.
   * @default the operating system's (9 on Linux)
   */
  readonly probes?: number;
  /**
   * Idle time before the first probe.
   * @default the operating system's (2 hours on Linux)
   */
  readonly time?: Duration;
  /**
   * Time between probes.
   * @default the operating system's (75s on Linux)
   */
  readonly interval?: Duration;
}

/**
 * TCP connection limits (`connectionPool.tcp`), for HTTP and TCP alike.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings
 */
export interface TcpConnectionPoolOptions {
  /**
   * Maximum connections to each host of the destination.
   * @default 2^32-1 (no limit)
   */
  readonly maxConnections?: number;
  /**
   * TCP connect timeout.
   * @default 10s
   */
  readonly connectTimeout?: Duration;
  /**
   * TCP keepalive on the connections.
   * @default none
   */
  readonly tcpKeepalive?: TcpKeepaliveOptions;
}

/**
 * HTTP connection limits (`connectionPool.http`).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings
 */
export interface HttpConnectionPoolOptions {
  /**
   * Maximum requests queued while waiting for a connection (circuit breaking: more get 503 UO).
   * @default 2^32-1
   */
  readonly http1MaxPendingRequests?: number;
  /**
   * Maximum active requests to the destination.
   * @default 2^32-1
   */
  readonly http2MaxRequests?: number;
  /**
   * Maximum requests per connection; 1 disables keep-alive.
   * @default 0 (no limit)
   */
  readonly maxRequestsPerConnection?: number;
  /**
   * Maximum retries outstanding to the destination at a time.
   * @default 2^32-1
   */
  readonly maxRetries?: number;
  /**
   * Idle time after which an upstream connection is closed.
   * @default 1 hour
   */
  readonly idleTimeout?: Duration;
  /**
   * HTTP/2 upgrade of HTTP/1.1 connections.
   * @default H2UpgradePolicy.DEFAULT
   */
  readonly h2UpgradePolicy?: H2UpgradePolicy;
}

/**
 * Connection pool limits (`connectionPool`): Istio's circuit breaker. At least one of `tcp` and `http`.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings
 */
export interface ConnectionPoolOptions {
  /**
   * TCP limits.
   * @default none
   */
  readonly tcp?: TcpConnectionPoolOptions;
  /**
   * HTTP limits.
   * @default none
   */
  readonly http?: HttpConnectionPoolOptions;
}

/**
 * Ejecting failing endpoints from the load-balancing pool (`outlierDetection`).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
 */
export interface OutlierDetectionOptions {
  /**
   * Consecutive 5xx answers (and connect errors) that eject an endpoint; 0 turns this off.
   * @default 5
   */
  readonly consecutive5xxErrors?: number;
  /**
   * Consecutive 502, 503 and 504 answers (and connect errors) that eject an endpoint; 0 turns this off.
   * @default 0 (off)
   */
  readonly consecutiveGatewayErrors?: number;
  /**
   * Time between ejection sweeps.
   * @default 10s
   */
  readonly interval?: Duration;
  /**
   * Minimum ejection time, multiplied by the number of times the endpoint was ejected.
   * @default 30s
   */
  readonly baseEjectionTime?: Duration;
  /**
   * Maximum share of endpoints ejected at once, 0–100.
   * @default 10
   */
  readonly maxEjectionPercent?: number;
  /**
   * Outlier detection stays on while at least this share of endpoints is healthy, 0–100.
   * @default 0 (always on)
   */
  readonly minHealthPercent?: number;
}

/**
 * Weights of the traffic from one locality (`localityLbSetting.distribute[]`).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LocalityLoadBalancerSetting-Distribute
 */
export interface LocalityDistribution {
  /** The clients' locality (`from`), `region/zone/subzone`, ending in `*` as a wildcard, e.g. `us-west/zone1/*`. */
  readonly fromLocality: string;
  /** Weights (`to`, 1–100, summing to 100) by destination locality, e.g. `{ 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 }`. */
  readonly weights: Record<string, number>;
}

/**
 * Where the traffic of one region goes when its endpoints are unhealthy (`localityLbSetting.failover[]`).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LocalityLoadBalancerSetting-Failover
 */
export interface LocalityFailover {
  /** The clients' region (`from`). */
  readonly fromRegion: string;
  /** The region to fail over to (`to`), another one. */
  readonly toRegion: string;
}

/**
 * Locality-aware load balancing (`loadBalancer.localityLbSetting`): weighted distribution or failover.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LocalityLoadBalancerSetting
 */
export interface LocalityLbOptions {
  /**
   * Whether locality load balancing is on.
   * @default the mesh's setting (on)
   */
  readonly enabled?: boolean;
  /**
   * Weighted distribution by locality; not with `failover`.
   * @default none
   */
  readonly distribute?: LocalityDistribution[];
  /**
   * Failover between regions; not with `distribute`. It needs `outlierDetection` to notice unhealthy endpoints.
   * @default none: the next locality by proximity
   */
  readonly failover?: LocalityFailover[];
  /**
   * Labels that order the failover endpoints, most important first, e.g. `topology.kubernetes.io/region`.
   * @default none
   */
  readonly failoverPriority?: string[];
}

/**
 * The settings a traffic policy applies, for the whole destination or one port of it.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy
 */
export interface TrafficSettings {
  /**
   * Connection pool limits.
   * @default none (Envoy's defaults: no practical limit)
   */
  readonly connectionPool?: ConnectionPoolOptions;
  /**
   * Outlier detection.
   * @default none
   */
  readonly outlierDetection?: OutlierDetectionOptions;
  /**
   * How an endpoint is picked.
   * @default Istio's default (LEAST_REQUEST)
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * Locality-aware load balancing, written in `loadBalancer.localityLbSetting`.
   * @default none (the mesh's locality settings)
   */
  readonly localityLbSetting?: LocalityLbOptions;
  /**
   * TLS towards the destination. It overrides auto mTLS, so set it only when auto mTLS cannot decide.
   * @default none: auto mTLS uses mutual TLS towards servers with a sidecar and plain text otherwise
   */
  readonly tls?: ClientTls;
}

/**
 * The settings for one port of the destination (`portLevelSettings[]`), which replace the rule's for that port.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy-PortTrafficPolicy
 */
export interface PortTrafficPolicyOptions extends TrafficSettings {
  /** The destination port, 1–65535. */
  readonly port: number;
}

/**
 * A DestinationRule traffic policy (`trafficPolicy`), for the rule or one subset. At least one field.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy
 */
export interface TrafficPolicyOptions extends TrafficSettings {
  /**
   * Settings for single ports, which replace these for that port.
   * @default none
   */
  readonly portLevelSettings?: PortTrafficPolicyOptions[];
}
