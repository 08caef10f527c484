/**
 * How a request ends, as the client sees it.
 * @see https://istio.io/latest/docs/ops/common-problems/network-issues/
 */
export enum Outcome {
  /** The request reaches the destination pods (what the application answers is up to it). */
  OK = 'ok',
  /** The connection is reset before any HTTP answer: STRICT mTLS met plain text from a client without a sidecar, or no gateway listener on the port. */
  REFUSED = 'refused',
  /** 401: RequestAuthentication rejected the token (invalid, unknown issuer or audience). */
  UNAUTHENTICATED = '401',
  /** 403: an AuthorizationPolicy denied the request (RBAC: access denied). */
  DENIED = '403',
  /** 404: no route matches (no gateway host, no VirtualService bound, or no route of the VirtualService matches). */
  NOT_FOUND = '404',
  /**
   * 500: a Gateway API route's backend cannot be used (no such Service, no ReferenceGrant for it, a port it lacks), or
   * all its backends weigh 0.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref
   */
  INTERNAL_ERROR = '500',
  /** 502: the sidecar blocked egress to a host outside the registry (`outboundTrafficPolicy` REGISTRY_ONLY). */
  BAD_GATEWAY = '502',
  /** 503: no healthy upstream: a missing subset, a destination host that does not exist, no pods, or a TLS mismatch (a sidecar client sending plain text to a STRICT server included). */
  UNAVAILABLE = '503',
  /** A fault the route injects for every request (`fault.abort` at 100%); the status is the abort's. */
  FAULT = 'fault',
  /** The model stopped at something it does not model (a delegate, a CUSTOM authorizer, a host outside the set); the notes say what. */
  UNKNOWN = 'unknown',
}

/**
 * The transport security of one hop between two proxies.
 * @see https://istio.io/latest/docs/concepts/security/#mutual-tls-authentication
 */
export enum HopTls {
  /** Istio mutual TLS: the server sees the client's SPIFFE identity. */
  MUTUAL = 'mutual',
  /** Plain text (or TLS the mesh does not terminate): the server sees no peer identity. */
  PLAIN_TEXT = 'plaintext',
  /** The server side refuses the connection (STRICT mTLS met plain text, or TLS met a server that cannot speak it). */
  REFUSED = 'refused',
}

/**
 * The kind of a fault a route injects.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection
 */
export enum FaultKind {
  /** `fault.delay`: the request waits `fixedDelay` before it is forwarded. */
  DELAY = 'delay',
  /** `fault.abort`: the client sidecar answers `httpStatus` itself. */
  ABORT = 'abort',
}

/**
 * A destination a route sends to: host, subset and port.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
 */
export interface HopDestination {
  /** The fully qualified host, e.g. `reviews.default.svc.cluster.local` or `ifconfig.co`. */
  readonly host: string;
  /**
   * The subset of the DestinationRule.
   * @default - every pod of the service
   */
  readonly subset?: string;
  /**
   * The destination port.
   * @default - the request's port
   */
  readonly port?: number;
}

/**
 * One weighted alternative of a route, with the outcome a request sent there would have.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination
 */
export interface WeightedDestination {
  /** Where this share goes. */
  readonly destination: HopDestination;
  /** The share of requests, in percent (the weights of a hop sum to 100). */
  readonly weight: number;
  /** The outcome of a request sent to this alternative. */
  readonly outcome: Outcome;
  /** The pods the alternative selects, as `namespace/workload`. */
  readonly pods: string[];
}

/**
 * The retry policy that applies on a hop.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
 */
export interface HopRetries {
  /** Number of retries. */
  readonly attempts: number;
  /**
   * Timeout of each try.
   * @default - the route timeout
   */
  readonly perTryTimeout?: string;
  /** The conditions retried (Envoy `retry_on`). */
  readonly retryOn: string;
  /** True when the route sets no `retries` and Istio's default policy applies. */
  readonly isDefault: boolean;
}

/**
 * A fault a route injects on a hop.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection
 */
export interface HopFault {
  /** Delay or abort. */
  readonly kind: FaultKind;
  /** The share of requests it applies to, in percent. */
  readonly percentage: number;
  /**
   * The delay (`fault.delay.fixedDelay`).
   * @default - not a delay
   */
  readonly fixedDelay?: string;
  /**
   * The status the abort answers (`fault.abort.httpStatus`).
   * @default - not an HTTP abort
   */
  readonly httpStatus?: number;
}

/**
 * One hop of a request: from one proxy (or an outside client) to the next, with what decided it. In ambient mode a
 * request to a Service with a waypoint takes two hops: to `waypoint <namespace>/<name>` (its policies and routes),
 * then from it to the pod.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/proxy-cmd/
 */
export interface TraceHop {
  /** Who sends this hop, e.g. `default/hello-v1`, `ingress gateway istio-system/istio-ingressgateway`, `waypoint default/waypoint` or `outside`. */
  readonly client: string;
  /** Where it arrives, e.g. `default/world-v1`, `waypoint default/waypoint` or `ifconfig.co`. */
  readonly server: string;
  /**
   * The waypoint this hop arrives at, as `namespace/name` (its `server` is then `waypoint <namespace>/<name>`).
   * @default - the hop does not arrive at a waypoint
   */
  readonly waypoint?: string;
  /** The listener or gateway server that took the request, e.g. `sidecar outbound 0.0.0.0_8080` or `Gateway default/gw server http (80)`. */
  readonly listener: string;
  /**
   * The VirtualService that routed it, as `namespace/name`.
   * @default - none: default routing to the Service
   */
  readonly virtualService?: string;
  /**
   * The index of the matching route in the VirtualService's `http` (or `tls`) list.
   * @default - no VirtualService route
   */
  readonly routeIndex?: number;
  /**
   * The name of the matching route.
   * @default - unnamed or no route
   */
  readonly routeName?: string;
  /** Why this route (or default routing) applies. */
  readonly match: string;
  /**
   * The destination this trace follows (the heaviest of `distribution`).
   * @default - the request stopped before choosing one
   */
  readonly destination?: HopDestination;
  /** Every weighted alternative of the route, each with its own outcome. */
  readonly distribution: WeightedDestination[];
  /** The pods the followed destination selects, as `namespace/workload`. */
  readonly pods: string[];
  /**
   * Transport security on the hop.
   * @default - not decided (the request stopped before the hop was made)
   */
  readonly tls?: HopTls;
  /**
   * Why the hop has that transport security (client side, and the server's PeerAuthentication).
   * @default - no hop made
   */
  readonly tlsReason?: string;
  /**
   * What RequestAuthentication decided, and which.
   * @default - no RequestAuthentication applies, or the hop was not made
   */
  readonly authentication?: string;
  /**
   * What AuthorizationPolicy decided, and why.
   * @default - not evaluated
   */
  readonly authorization?: string;
  /**
   * The AuthorizationPolicy that decided, as `namespace/name`.
   * @default - none (no policy applies, or none decided)
   */
  readonly decidingPolicy?: string;
  /**
   * The route timeout.
   * @default - none (Istio disables HTTP route timeouts by default)
   */
  readonly timeout?: string;
  /**
   * The retries that apply.
   * @default - none (the request stopped before routing)
   */
  readonly retries?: HopRetries;
  /** The faults the route injects. */
  readonly faults: HopFault[];
  /**
   * How the request leaves the mesh: ServiceEntry, passthrough or blocked.
   * @default - not egress
   */
  readonly egress?: string;
  /** The outcome of this hop. */
  readonly outcome: Outcome;
  /**
   * The HTTP status the mesh answers with on this hop.
   * @default - none: the hop goes on, or the connection is reset
   */
  readonly status?: number;
  /** One line: why the hop ends in its outcome. */
  readonly reason: string;
}

/**
 * What the mesh does with one request: the hops from the source to the final pods, and the outcome.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-describe/
 */
export interface RequestTrace {
  /** How the request ends. */
  readonly outcome: Outcome;
  /**
   * The HTTP status the mesh answers with (401, 403, 404, 500, 502, 503, an abort's status).
   * @default - none: the application answers, or the connection is reset
   */
  readonly status?: number;
  /** One line: why the request ends as it does, naming the object that decided. */
  readonly reason: string;
  /** The hops, in order. */
  readonly hops: TraceHop[];
  /** What the model does not model on this path: `not modelled: EnvoyFilter ns/x may change this`. */
  readonly notes: string[];
  /**
   * The declared calls of the workload the request reaches, each traced from there and followed on in turn.
   * Where the route splits, they are the calls of the heaviest alternative's workload; a workload already on the path
   * is not followed again, nor one whose calls the trace follows elsewhere (where two paths meet), nor a chain deeper
   * than 8 workloads (the notes say so). Their outcomes do not change this trace's: how the application answers when
   * a call it makes fails is its own.
   * @default - none: the request does not end ok at a workload that declares calls (or the trace is a declared call of `MeshModel.calls()`, which traces each call on its own)
   */
  readonly followed?: DeclaredCallTrace[];
}

/**
 * A call a workload declares (its `calls`, or http-echo's `next`), and what the mesh does with it.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-describe/
 */
export interface DeclaredCallTrace {
  /** The calling workload, as `namespace/name` (its Deployment, StatefulSet, ... or Pod). */
  readonly caller: string;
  /** The host it calls, as declared (`world`, `world.ns2`, an FQDN); empty when its annotation is malformed. */
  readonly host: string;
  /**
   * The port it calls.
   * @default - the Service's first port
   */
  readonly port?: number;
  /** The outcome the call is declared to have (`Outcome.OK` unless it says otherwise). */
  readonly expected: Outcome;
  /** The outcome it has: the trace's, or `Outcome.UNKNOWN` when it could not be traced. */
  readonly outcome: Outcome;
  /** True when the outcome is the expected one, and so is that of every weighted destination with a share. */
  readonly asExpected: boolean;
  /** One line: the trace's reason, or why the call could not be traced. */
  readonly reason: string;
  /**
   * The trace of the call.
   * @default - none: the call could not be traced (see `traceError`)
   */
  readonly trace?: RequestTrace;
  /**
   * Why the call could not be traced: a malformed annotation, or a host or port the set does not have.
   * @default - none: the call was traced
   */
  readonly traceError?: string;
}

/**
 * A trace context format: which headers carry a trace from one request to the next.
 * @see https://istio.io/latest/about/faq/distributed-tracing/
 */
export enum TracePropagation {
  /** B3 (`x-b3-traceid`, `x-b3-spanid`, `x-b3-sampled`, ..., `b3`): Zipkin's, and Envoy's Zipkin tracer's by default. */
  B3 = 'b3',
  /** W3C Trace Context (`traceparent`, `tracestate`): OpenTelemetry's, the only one Envoy's OpenTelemetry tracer reads. */
  W3C = 'w3c',
}

/**
 * The tracing provider one side (client or server spans) of a workload's sidecar reports to.
 * @see https://istio.io/latest/docs/tasks/observability/distributed-tracing/telemetry-api/
 */
export interface SpanReporting {
  /**
   * The provider's name (`meshConfig.extensionProviders[].name`).
   * @default - none: no Telemetry or default provider applies, and this side reports no spans
   */
  readonly provider?: string;
  /**
   * The provider's kind in `meshConfig.extensionProviders` (`opentelemetry`, `zipkin`, ...).
   * @default - unknown: the set has no IstioOperator declaring it
   */
  readonly kind?: string;
  /**
   * The trace context formats its tracer reads from a request and writes to the next: an application must forward
   * one of them for its spans to join one trace. OpenTelemetry: W3C; Zipkin: B3 (B3 and W3C with
   * `traceContextOption: USE_B3_WITH_W3C_PROPAGATION`); empty when the kind is unknown or another one.
   */
  readonly propagation: TracePropagation[];
  /**
   * What chose the provider: `Telemetry ns/name` or `meshConfig.defaultProviders.tracing`.
   * @default - none, when no provider applies
   */
  readonly source?: string;
  /** Whether `disableSpanReporting` turns the spans off. */
  readonly disabled: boolean;
  /**
   * The share of requests traced, `randomSamplingPercentage` of the most specific Telemetry that sets it.
   * @default - no Telemetry sets it: the proxy's default (`meshConfig.defaultConfig.tracing.sampling`, 1% unless set)
   */
  readonly samplingPercentage?: number;
}

/**
 * The tracing of one workload's sidecar, from the Telemetry resources and mesh config of the set.
 * @see https://istio.io/latest/docs/reference/config/telemetry/
 */
export interface WorkloadTracing {
  /** The workload, as `namespace/name`. */
  readonly workload: string;
  /** The images of its containers: the applications that must forward the trace context for one trace per request. */
  readonly images: string[];
  /** Its outbound (client) spans. */
  readonly client: SpanReporting;
  /** Its inbound (server) spans. */
  readonly server: SpanReporting;
}

/**
 * The identity a workload's requests carry, as AuthorizationPolicy `principals` and `namespaces` see it.
 * @see https://istio.io/latest/docs/concepts/security/#istio-identity
 */
export interface WorkloadIdentity {
  /** The workload, as `namespace/name`. */
  readonly workload: string;
  /** Its ServiceAccount. */
  readonly serviceAccount: string;
  /** Whether its pods get a sidecar (assumed when the set has no Namespace object saying). */
  readonly sidecar: boolean;
  /**
   * Whether it runs in ambient mode (label `istio.io/dataplane-mode: ambient` on its namespace or pods, unless the
   * pods say `none`, and no sidecar: ztunnel skips pods with one): then ztunnel, not a sidecar, gives its requests
   * their mTLS identity.
   * @see https://istio.io/latest/docs/ambient/usage/add-workloads/
   */
  readonly ambient: boolean;
  /**
   * Its ServiceAccount's principal, `<trust domain>/ns/<namespace>/sa/<service account>`, which its requests carry
   * only with a sidecar or in ambient mode (in their mTLS certificate): otherwise no `principals` or `namespaces` rule
   * matches them.
   */
  readonly principal: string;
}

/**
 * Who fetches a RequestAuthentication's `jwksUri`, from istiod's `PILOT_JWT_ENABLE_REMOTE_JWKS`.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export enum KeySetFetcher {
  /** istiod, itself, without a sidecar (the default: unset, `false` or `istiod`; `hybrid` for a host outside the registry). */
  ISTIOD = 'istiod',
  /** The workload's Envoy, through the cluster of the host in the service registry (`envoy`; `hybrid` for a host in the registry). */
  ENVOY = 'envoy',
}

/**
 * What fetching a key set from a `jwksUri` meets.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export interface KeySetFetch {
  /** The URI. */
  readonly uri: string;
  /** Its host as the fetcher resolves it (a Service FQDN, or the URI's host). */
  readonly host: string;
  /** Who fetches it. */
  readonly fetcher: KeySetFetcher;
  /**
   * Whether the host is known: a Service or ServiceEntry host of the set, or a host declared outside it.
   */
  readonly hostKnown: boolean;
  /**
   * `Outcome.OK` when the fetch reaches a pod of the set; `Outcome.UNKNOWN` when it leaves the set (or Envoy fetches
   * through a cluster the model does not trace); any other outcome fails, and then every token gets 401.
   */
  readonly outcome: Outcome;
  /** One line: why. */
  readonly reason: string;
  /**
   * The trace of istiod's request, for a host that is a Service of the set.
   * @default - none: the host is not a Service of the set, or Envoy fetches
   */
  readonly trace?: RequestTrace;
}

/**
 * One `http` route of a VirtualService, in route order, and what a request taking it meets.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export interface RouteChoice {
  /** The VirtualService, as `namespace/name`. */
  readonly virtualService: string;
  /** The route's index in its `http` list (Istio takes the first route that matches). */
  readonly index: number;
  /**
   * The route's name.
   * @default - unnamed
   */
  readonly name?: string;
  /** When the route applies, in plain words, one entry per match (any one suffices), e.g. `end-user=john`; empty: always. */
  readonly conditions: string[];
  /** The request as if its attributes matched this route (the calls of the workload it reaches are not followed). */
  readonly trace: RequestTrace;
}
