import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkEnum, checkInteger, isPrime, MAGLEV_MAX_TABLE_SIZE } from '../private/checks';
import { istioDuration } from '../private/duration';
import { fail, show } from '../private/errors';

/**
 * Load-balancing algorithms.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-SimpleLB
 */
export enum LoadBalancerAlgorithm {
  ROUND_ROBIN = 'ROUND_ROBIN',
  LEAST_REQUEST = 'LEAST_REQUEST',
  RANDOM = 'RANDOM',
  PASSTHROUGH = 'PASSTHROUGH',
}

/**
 * The hash ring of a consistent-hash load balancer: Envoy's ring hash or Maglev (at most one of the two).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-ConsistentHashLB
 */
export interface ConsistentHashOptions {
  /**
   * Maglev with this lookup table size, a prime number below 5000011 (`maglev.tableSize`).
   * @default Envoy's ring hash with its default ring size (unless `minimumRingSize` is given)
   */
  readonly maglevTableSize?: number;
  /**
   * Ring hash with at least this many entries on the ring (`ringHash.minimumRingSize`).
   * @default Envoy's default (1024)
   */
  readonly minimumRingSize?: number;
}

/**
 * A consistent hash on an HTTP cookie, which Envoy sets when the request lacks it and `ttl` is given.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-ConsistentHashLB-HTTPCookie
 */
export interface CookieHashOptions extends ConsistentHashOptions {
  /**
   * The cookie's path.
   * @default none
   */
  readonly path?: string;
  /**
   * Lifetime of the cookie Envoy generates; `Duration.seconds(0)` makes it a session cookie.
   * @default none: Envoy generates no cookie
   */
  readonly ttl?: Duration;
}

/** The fields of a consistent-hash load balancer other than its hash key. */
interface HashKey {
  readonly httpHeaderName?: string;
  readonly httpQueryParameterName?: string;
  readonly useSourceIp?: boolean;
  readonly httpCookie?: { readonly name: string; readonly path?: string; readonly ttl?: Duration };
}

/**
 * How a client sidecar picks an endpoint of the destination (`trafficPolicy.loadBalancer`): a simple algorithm or a
 * consistent hash for session affinity.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings
 */
export class LoadBalancer {
  /** A simple algorithm (`simple`), e.g. `LoadBalancer.simple(LoadBalancerAlgorithm.ROUND_ROBIN)`. */
  public static simple(algorithm: LoadBalancerAlgorithm): LoadBalancer {
    return new LoadBalancer(algorithm, undefined, {});
  }

  /** Session affinity by the value of a request header (`consistentHash.httpHeaderName`). */
  public static consistentHashByHeader(name: string, options: ConsistentHashOptions = {}): LoadBalancer {
    return new LoadBalancer(undefined, { httpHeaderName: name }, options);
  }

  /** Session affinity by an HTTP cookie (`consistentHash.httpCookie`). */
  public static consistentHashByCookie(name: string, options: CookieHashOptions = {}): LoadBalancer {
    return new LoadBalancer(undefined, { httpCookie: { name, path: options.path, ttl: options.ttl } }, options);
  }

  /** Session affinity by the client's IP address (`consistentHash.useSourceIp`). */
  public static consistentHashBySourceIp(options: ConsistentHashOptions = {}): LoadBalancer {
    return new LoadBalancer(undefined, { useSourceIp: true }, options);
  }

  /** Session affinity by a query parameter (`consistentHash.httpQueryParameterName`). */
  public static consistentHashByQueryParameter(name: string, options: ConsistentHashOptions = {}): LoadBalancer {
    return new LoadBalancer(undefined, { httpQueryParameterName: name }, options);
  }

  private constructor(
    private readonly algorithm: LoadBalancerAlgorithm | undefined,
    private readonly key: HashKey | undefined,
    private readonly ring: ConsistentHashOptions,
  ) {}

  /**
   * @internal The `loadBalancer` object, after the checks of istiod's webhook (Istio 1.30.3
   * pkg/config/validation/validation.go validateLoadBalancer).
   */
  public _render(scope: IConstruct, prop: string): Record<string, unknown> {
    if (this.algorithm !== undefined) return { simple: checkEnum(scope, prop, this.algorithm, LoadBalancerAlgorithm) };
    const key = this.key!;
    const name = key.httpHeaderName ?? key.httpQueryParameterName ?? key.httpCookie?.name;
    if (!key.useSourceIp && (typeof name !== 'string' || name === '')) {
      fail(scope, prop, `needs the name of the header, cookie or query parameter to hash, got ${show(name)}`);
    }
    const { maglevTableSize, minimumRingSize } = this.ring;
    if (maglevTableSize !== undefined && minimumRingSize !== undefined) {
      fail(scope, `${prop}.maglevTableSize`, `cannot be combined with minimumRingSize (Maglev or ring hash, not both), got ${maglevTableSize} and ${minimumRingSize}`);
    }
    if (maglevTableSize !== undefined && (!Number.isInteger(maglevTableSize) || maglevTableSize >= MAGLEV_MAX_TABLE_SIZE || !isPrime(maglevTableSize))) {
      fail(scope, `${prop}.maglevTableSize`, `must be a prime number below ${MAGLEV_MAX_TABLE_SIZE} (e.g. 65537, Envoy's default), got ${show(maglevTableSize)}`);
    }
    if (minimumRingSize !== undefined) checkInteger(scope, `${prop}.minimumRingSize`, minimumRingSize, 1);
    const cookie = key.httpCookie && {
      name: key.httpCookie.name,
      ...(key.httpCookie.path !== undefined && { path: key.httpCookie.path }),
      ...(key.httpCookie.ttl !== undefined && { ttl: cookieTtl(scope, `${prop}.ttl`, key.httpCookie.ttl) }),
    };
    return {
      consistentHash: {
        ...(key.httpHeaderName !== undefined && { httpHeaderName: key.httpHeaderName }),
        ...(key.httpQueryParameterName !== undefined && { httpQueryParameterName: key.httpQueryParameterName }),
        ...(key.useSourceIp && { useSourceIp: true }),
        ...(cookie && { httpCookie: cookie }),
        ...(maglevTableSize !== undefined && { maglev: { tableSize: maglevTableSize } }),
        ...(minimumRingSize !== undefined && { ringHash: { minimumRingSize } }),
      },
    };
  }
}

/** A cookie's ttl: 0 (a session cookie) or a duration istiod accepts. */
function cookieTtl(scope: IConstruct, prop: string, ttl: Duration): string {
  return ttl instanceof Duration && ttl.toMilliseconds({ integral: false }) === 0 ? '0s' : istioDuration(scope, prop, ttl);
}
