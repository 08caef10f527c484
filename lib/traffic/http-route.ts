import { Duration } from 'cdk8s';
import { IMeshNamespace } from '../workload/mesh-namespace';
import { IGateway } from './ingress-gateway';
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
  /**
   * The port the request is sent to (the service port, 1–65535).
   * @default any port
   */
  readonly port?: number;
  /**
   * Labels the calling workload must carry. It applies to mesh traffic only, so the match's gateways must include the mesh.
   * @default any caller
   */
  readonly sourceLabels?: Record<string, string>;
  /**
   * The namespace of the calling workload. It applies to mesh traffic only, as `sourceLabels`.
   * @default any namespace
   */
  readonly sourceNamespace?: IMeshNamespace;
  /**
   * Gateways the match applies to, instead of the VirtualService's; each must be one of the VirtualService's gateways.
   * @default the VirtualService's gateways
   */
  readonly gateways?: IGateway[];
  /**
   * Whether the match applies to traffic between sidecars (the reserved `mesh` gateway), instead of the
   * VirtualService's choice; the VirtualService must route mesh traffic.
   * @default true when `gateways` is not set and the VirtualService routes mesh traffic; false when `gateways` is set
   */
  readonly mesh?: boolean;
}

/**
 * Header operations on a request or a response. Values may use Envoy's `%VARIABLE%` substitutions (a literal `%` is `%%`).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Headers-HeaderOperations
 */
export interface HeaderOperations {
  /**
   * Headers to set, replacing any value they have.
   * @default none
   */
  readonly set?: Record<string, string>;
  /**
   * Headers to append to (a header already there keeps its values).
   * @default none
   */
  readonly add?: Record<string, string>;
  /**
   * Names of headers to remove.
   * @default none
   */
  readonly remove?: string[];
}

/**
 * Header operations on the request sent on and the response sent back.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Headers
 */
export interface HttpHeaders {
  /**
   * Operations on the request, before it is forwarded.
   * @default none
   */
  readonly request?: HeaderOperations;
  /**
   * Operations on the response, before it is returned to the caller.
   * @default none
   */
  readonly response?: HeaderOperations;
}

/**
 * A regular-expression rewrite of the path (Envoy's `regex_rewrite`): every match of `match` is replaced by `rewrite`.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#RegexRewrite
 */
export interface RegexRewrite {
  /** An RE2 regular expression (at most 1024 characters). */
  readonly match: string;
  /** The replacement; `\1` and so on insert capture groups. */
  readonly rewrite: string;
}

/**
 * Rewrites the path and/or authority of a request before it is forwarded; the caller does not see it.
 * Set `uri` or `uriRegexRewrite`, not both.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRewrite
 */
export interface HttpRewrite {
  /**
   * Replaces the part of the path the `uri` match matched (the whole path for exact matches).
   * @default the path is kept
   */
  readonly uri?: string;
  /**
   * Rewrites the path with a regular expression.
   * @default the path is kept
   */
  readonly uriRegexRewrite?: RegexRewrite;
  /**
   * Replaces the Authority/Host header.
   * @default the authority is kept
   */
  readonly authority?: string;
}

/**
 * Where {@link HttpRedirect} takes the port of the new location from, when it sets none.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRedirect-RedirectPortSelection
 */
export enum RedirectPortSelection {
  /** 80 for http, 443 for https. */
  FROM_PROTOCOL_DEFAULT = 'FROM_PROTOCOL_DEFAULT',
  /** The port of the request. */
  FROM_REQUEST_PORT = 'FROM_REQUEST_PORT',
}

/**
 * The scheme of a redirect's new location.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRedirect
 */
export enum RedirectScheme {
  HTTP = 'http',
  HTTPS = 'https',
}

/**
 * Answers the request with a redirect (3xx and a `Location`) instead of forwarding it. At least one of
 * `uri`, `authority`, `port`, `derivePort` or `scheme` must be set.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRedirect
 */
export interface HttpRedirect {
  /**
   * The path of the new location (the whole path, whatever the match).
   * @default the request's path
   */
  readonly uri?: string;
  /**
   * The authority of the new location.
   * @default the request's authority
   */
  readonly authority?: string;
  /**
   * The port of the new location (1–65535).
   * @default the port in the request's authority, if any
   */
  readonly port?: number;
  /**
   * Where the port comes from; not with `port`.
   * @default none
   */
  readonly derivePort?: RedirectPortSelection;
  /**
   * The scheme of the new location.
   * @default the request's scheme
   */
  readonly scheme?: RedirectScheme;
  /**
   * The status: 301, 302, 303, 307 or 308 (the codes Envoy supports).
   * @default 301
   */
  readonly redirectCode?: number;
}

/**
 * Answers the request with a fixed status and body instead of forwarding it.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPDirectResponse
 */
export interface HttpDirectResponse {
  /** The HTTP status (200–599). */
  readonly status: number;
  /**
   * The body, at most 1 MiB (istiod warns above 100 KiB).
   * @default no body
   */
  readonly body?: string;
}

/**
 * The Cross-Origin Resource Sharing policy of a route: the sidecar or gateway answers preflight requests itself.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#CorsPolicy
 */
export interface CorsPolicy {
  /**
   * Origins allowed to make requests (non-empty matches).
   * @default none: no origin is allowed
   */
  readonly allowOrigins?: StringMatch[];
  /**
   * Methods allowed (`Access-Control-Allow-Methods`).
   * @default none
   */
  readonly allowMethods?: HttpMethod[];
  /**
   * Request headers allowed (`Access-Control-Allow-Headers`), or `*`.
   * @default none
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers the browser may expose (`Access-Control-Expose-Headers`), or `*`.
   * @default none
   */
  readonly exposeHeaders?: string[];
  /**
   * How long the browser may cache the preflight answer, in whole seconds (`Access-Control-Max-Age`).
   * @default the browser's default
   */
  readonly maxAge?: Duration;
  /**
   * Whether the browser may send credentials (`Access-Control-Allow-Credentials`).
   * @default false
   */
  readonly allowCredentials?: boolean;
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
 * One HTTP route of a VirtualService: matches, then either destinations, a redirect or a direct response, with
 * timeout, retries, faults, rewrite, mirror, header operations and CORS.
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
  /**
   * Where traffic goes; several destinations split it by weight. Exactly one of `destinations`, `redirect` and
   * `directResponse` must be set.
   * @default none: `redirect` or `directResponse` answers instead
   */
  readonly destinations?: RouteDestination[];
  /**
   * Answers with a redirect instead of forwarding; not with `destinations`, `directResponse`, `rewrite` or `fault`.
   * @default none
   */
  readonly redirect?: HttpRedirect;
  /**
   * Answers with a fixed status and body instead of forwarding; not with `destinations`, `redirect`, `rewrite` or `fault`.
   * @default none
   */
  readonly directResponse?: HttpDirectResponse;
  /**
   * Rewrites the path and/or authority before forwarding.
   * @default none
   */
  readonly rewrite?: HttpRewrite;
  /**
   * Also sends a copy of each request to this destination, whose answers are discarded (no `weight`).
   * @default no mirror
   */
  readonly mirror?: RouteDestination;
  /**
   * The share of requests mirrored, in percent (0–100); needs `mirror`.
   * @default 100
   */
  readonly mirrorPercentage?: number;
  /**
   * Header operations for all destinations of the route.
   * @default none
   */
  readonly headers?: HttpHeaders;
  /**
   * The CORS policy.
   * @default none
   */
  readonly corsPolicy?: CorsPolicy;
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
