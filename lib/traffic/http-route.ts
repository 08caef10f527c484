import { Duration } from 'cdk8s';
import { RouteDestination } from './route-destination';

/**
 * Which field of Istio's `StringMatch` is set (its `match_type` oneof).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#StringMatch
 */
export enum StringMatchType {
  /** `exact`: the value as given. */
  EXACT = 'exact',
  /** `prefix`: values starting with the given one. */
  PREFIX = 'prefix',
  /** `regex`: values fully matching an RE2 regular expression. */
  REGEX = 'regex',
}

/**
 * How a request attribute (URI, header, query parameter) is matched: exactly one of exact,
 * prefix or RE2 regex.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#StringMatch
 */
export class StringMatch {
  /** Matches the value exactly. */
  public static exact(value: string): StringMatch {
    return new StringMatch(StringMatchType.EXACT, value);
  }

  /** Matches values starting with `value`. */
  public static prefix(value: string): StringMatch {
    return new StringMatch(StringMatchType.PREFIX, value);
  }

  /**
   * Matches values fully matching an RE2 regular expression (no lookaround or backreferences), at most 1024 characters.
   * @see https://github.com/google/re2/wiki/Syntax
   */
  public static regex(pattern: string): StringMatch {
    return new StringMatch(StringMatchType.REGEX, pattern);
  }

  private constructor(
    /** Which field of Istio's `StringMatch` is set (its `match_type`). */
    public readonly matchType: StringMatchType,
    /** The string or pattern. */
    public readonly value: string,
  ) {}
}

/**
 * HTTP methods a route can match.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
export enum HttpMethod {
  GET = 'GET',
  HEAD = 'HEAD',
  POST = 'POST',
  PUT = 'PUT',
  PATCH = 'PATCH',
  DELETE = 'DELETE',
  OPTIONS = 'OPTIONS',
  CONNECT = 'CONNECT',
  TRACE = 'TRACE',
}

/**
 * Conditions a request must meet for a route to apply; all set conditions must hold.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
export interface HttpMatch {
  /**
   * A name for the match, shown in access logs.
   * @default none
   */
  readonly name?: string;
  /**
   * The request path.
   * @default any path
   */
  readonly uri?: StringMatch;
  /**
   * Request headers by lowercase name (e.g. `end-user`). Keys `@request.auth.claims.<claim>`
   * match JWT claims and need a RequestAuthentication.
   * @default any headers
   */
  readonly headers?: Record<string, StringMatch>;
  /**
   * Query parameters by name.
   * @default any query
   */
  readonly queryParams?: Record<string, StringMatch>;
  /**
   * The request method.
   * @default any method
   */
  readonly method?: HttpMethod;
  /**
   * Whether `uri` ignores case (exact and prefix matches only).
   * @default false
   */
  readonly ignoreUriCase?: boolean;
}

/**
 * Conditions under which Envoy retries a request (`x-envoy-retry-on` and `x-envoy-retry-grpc-on`).
 * @see https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on
 */
export enum RetryOn {
  /** Any 5xx answer, including connect failures and per-try timeouts. */
  FIVE_XX = '5xx',
  /** 502, 503 or 504, which includes a per-try timeout. */
  GATEWAY_ERROR = 'gateway-error',
  RESET = 'reset',
  RESET_BEFORE_REQUEST = 'reset-before-request',
  CONNECT_FAILURE = 'connect-failure',
  ENVOY_RATELIMITED = 'envoy-ratelimited',
  RETRIABLE_4XX = 'retriable-4xx',
  REFUSED_STREAM = 'refused-stream',
  RETRIABLE_STATUS_CODES = 'retriable-status-codes',
  RETRIABLE_HEADERS = 'retriable-headers',
  HTTP3_POST_CONNECT_FAILURE = 'http3-post-connect-failure',
  /** gRPC status CANCELLED. */
  CANCELLED = 'cancelled',
  /** gRPC status DEADLINE_EXCEEDED. */
  DEADLINE_EXCEEDED = 'deadline-exceeded',
  /** gRPC status INTERNAL. */
  INTERNAL = 'internal',
  /** gRPC status RESOURCE_EXHAUSTED. */
  RESOURCE_EXHAUSTED = 'resource-exhausted',
  /** gRPC status UNAVAILABLE. */
  UNAVAILABLE = 'unavailable',
}

/**
 * What retries when `perTryTimeout` is set and `retryOn` is not: a per-try timeout answers 504, a gateway error.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
 */
export const PER_TRY_TIMEOUT_RETRY_ON: readonly RetryOn[] = [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM];

/**
 * How a route retries failed requests.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
 */
export interface RetryPolicy {
  /** How many retries after the first try, an integer >= 0 (0 disables retries). */
  readonly attempts: number;
  /**
   * Timeout of each try, at least 1ms and shorter than the route's `timeout`.
   * @default the route timeout
   */
  readonly perTryTimeout?: Duration;
  /**
   * When to retry. It must include `GATEWAY_ERROR` or `FIVE_XX` for `perTryTimeout` to cause retries.
   * @default PER_TRY_TIMEOUT_RETRY_ON when `perTryTimeout` is set; Istio's default (connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes) otherwise
   */
  readonly retryOn?: RetryOn[];
  /**
   * HTTP status codes to retry on as well (100–599).
   * @default none
   */
  readonly retryOnStatusCodes?: number[];
}

/**
 * Faults injected into a route, to test how callers cope.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection
 */
export interface FaultInjection {
  /**
   * Delays a share of the requests.
   * @default no delay
   */
  readonly delay?: FaultDelay;
  /**
   * Answers a share of the requests with an HTTP status (200–599) without forwarding them.
   * @default no abort
   */
  readonly abort?: FaultAbort;
}

/**
 * A delay injected into a share of the requests of a route.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection-Delay
 */
export interface FaultDelay {
  /** How long the requests are delayed. */
  readonly fixedDelay: Duration;
  /** The share of the requests delayed, in percent (0–100). */
  readonly percentage: number;
}

/**
 * An HTTP status with which a share of the requests of a route is answered without forwarding them.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection-Abort
 */
export interface FaultAbort {
  /** The HTTP status returned (200–599). */
  readonly httpStatus: number;
  /** The share of the requests aborted, in percent (0–100). */
  readonly percentage: number;
}

/**
 * One HTTP route of a VirtualService: matches, destinations, timeout, retries and faults.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export interface HttpRouteOptions {
  /**
   * A name for the route, shown in access logs.
   * @default none
   */
  readonly name?: string;
  /**
   * The route applies when any of these matches holds.
   * @default every request (a catch-all route, which must come last)
   */
  readonly match?: HttpMatch[];
  /** Where traffic goes; several destinations split it by weight. */
  readonly destinations: RouteDestination[];
  /**
   * Timeout of the whole request, retries included.
   * @default none (Envoy's stream idle timeout applies)
   */
  readonly timeout?: Duration;
  /**
   * How failed requests are retried.
   * @default Istio's default: 2 attempts on connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes
   */
  readonly retries?: RetryPolicy;
  /**
   * Faults to inject.
   * @default none
   */
  readonly fault?: FaultInjection;
}
