import { ApiObject, Chart } from 'cdk8s';
import { isClusterLocal, qualify } from '../private/analysis/hosts';
import { asString, refOf, ROOT_NAMESPACE } from '../private/analysis/objects';
import { selects } from '../private/analysis/workloads';
import { CALLS_ANNOTATION } from '../private/calls';
import { hostCovers } from '../private/hosts';
import { stringMatch } from '../private/model/matching';
import { matchWords } from '../private/model/route-words';
import { GeneratedGateway } from '../private/model/gateway-api';
import {
  exportToOf, GATEWAY_API, GATEWAY_NAME_LABEL, INGRESS_USE_WAYPOINT, list, MeshIndex, ModelPod, ModelService, ModelVirtualService, ModelWaypoint, Obj,
} from '../private/model/mesh-index';
import { Authenticated, authenticate, authorize, peerMode, policiesFor } from '../private/model/policies';
import { asRecord } from '../private/rules/object';
import { SideTracing, tracingFor } from '../private/model/telemetry';
import { MeshRequest, RequestSource, RequestToken, SourceKind } from './request';
import {
  DeclaredCallTrace, FaultKind, HopDestination, HopFault, HopRetries, HopTls, KeySetFetch, KeySetFetcher, Outcome, RequestTrace, RouteChoice,
  SpanReporting, TraceHop, TracePropagation, WeightedDestination, WorkloadIdentity, WorkloadTracing,
} from './trace';

/**
 * Options of {@link MeshModel.fromObjects} and {@link MeshModel.of}.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/
 */
export interface MeshModelOptions {
  /**
   * Hosts served outside the set (a Service of another repo): routes to them end in `Outcome.UNKNOWN` instead of 503.
   * The `validation.cdk8s-istio.io/external-hosts` annotation of any object adds to them.
   * @default []
   */
  readonly externalHosts?: string[];
}

/** The client of one hop as the engine sees it. */
interface Client {
  readonly description: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly sidecar: boolean;
  /** Its pods are in ambient mode: its ztunnel carries its requests (L4 only). */
  readonly ambient: boolean;
  /** It is an ingress gateway (which uses a Service's waypoint only with `istio.io/ingress-use-waypoint`). */
  readonly ingress?: boolean;
  /** It is a waypoint, sending on to the destination's ztunnel. */
  readonly waypoint?: boolean;
}

/** The request as the engine carries it along the hops. */
interface Ctx {
  /** The authority as sent (Host header), without its port. */
  readonly host: string;
  /** The authority as sent, port included when the request gives one: what AuthorizationPolicy `hosts` match. */
  readonly authority: string;
  /** The host it resolves to (the FQDN for a sidecar's DNS; the authority at a gateway). */
  readonly target: string;
  readonly port: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** The token the request carries on this hop. */
  readonly token?: RequestToken;
  readonly notes: string[];
  readonly namespaces: Set<string>;
  /** Claims accepted at the gateway, for `@request.auth.claims` route matches. */
  readonly gatewayAuth?: Authenticated;
  /** Take this route of this VirtualService whatever the request's attributes (for {@link MeshModel.routes}). */
  readonly forcedRoute?: { readonly virtualService: string; readonly index: number };
}

/** Where a request stands in a chain of followed calls. */
interface Following {
  /** The workloads the chain went through to the request's source. */
  readonly path: string[];
  /** The workloads whose calls the first request of the chain already follows (each is followed once). */
  readonly followed: Set<string>;
}

/** A route decision: the alternatives, or where the request stops before any. */
interface Routed {
  readonly listener: string;
  readonly virtualService?: string;
  readonly routeIndex?: number;
  readonly routeName?: string;
  readonly match: string;
  /** `unusable`: why a Gateway API backend cannot be used (it gets 500). */
  readonly alternatives: { readonly destination: HopDestination; readonly weight: number; readonly unusable?: string }[];
  readonly timeout?: string;
  readonly retries?: HopRetries;
  readonly faults: HopFault[];
  readonly stop?: { readonly outcome: Outcome; readonly status?: number; readonly reason: string; readonly egress?: string };
  /** The path and authority the upstream sees when the route rewrites them. */
  readonly upstream?: { readonly path?: string; readonly authority?: string };
}

/** The arrival of a hop at its destination: the server-side fields of the hop. */
type Arrival = Pick<TraceHop, 'server' | 'waypoint' | 'outcome' | 'status' | 'reason' | 'pods' | 'tls' | 'tlsReason' | 'authentication' | 'authorization' | 'decidingPolicy' | 'egress'> & {
  /** For an arrival at a waypoint: the hops from the waypoint on. */
  readonly then?: TraceHop[];
};

/**
 * Istio's default retry policy for HTTP routes: 2 retries on connect-failure, refused-stream, unavailable, cancelled
 * and retriable-status-codes.
 * @see https://istio.io/latest/docs/concepts/traffic-management/#retries
 * @see Istio 1.30.3 pilot/pkg/networking/core/route/retry/retry.go (defaultRetryOn)
 */
const DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

/** The most workloads a followed chain of declared calls goes through (the source's included) before the model stops following. */
const MAX_FOLLOW_DEPTH = 8;

const STATUS: Readonly<Record<number, Outcome>> = { 401: Outcome.UNAUTHENTICATED, 403: Outcome.DENIED, 404: Outcome.NOT_FOUND, 500: Outcome.INTERNAL_ERROR, 502: Outcome.BAD_GATEWAY, 503: Outcome.UNAVAILABLE };

/**
 * What the mesh does with a request, known from the manifests alone: routing (Gateway, VirtualService,
 * DestinationRule subsets, ServiceEntry, outbound traffic policy), mTLS on each hop (PeerAuthentication, auto mTLS,
 * DestinationRule `tls`, sidecar injection) and the server's RequestAuthentication and AuthorizationPolicy. Gateway
 * API objects (Gateways of class `istio`, HTTPRoutes on them and on Services, ReferenceGrants) are routed as the Istio
 * Gateways and VirtualServices istiod translates them into, with Gateway API's precedence and its 500 for unusable
 * backends. Ambient mode: pods enrolled by `istio.io/dataplane-mode=ambient` talk over their ztunnels (HBONE mTLS with
 * the caller's identity, plain text to and from pods outside the mesh, STRICT refusing plain text), ztunnel enforces
 * AuthorizationPolicies without targetRefs at L4 only, and a Service's waypoint (`istio.io/use-waypoint`) enforces
 * those with targetRefs, RequestAuthentication included, and routes; the destination's ztunnel then sees the
 * waypoint's identity. Not modelled in ambient mode: waypoints for workload addresses, ServiceEntries with waypoints,
 * ztunnel sending plain text from outside the mesh on to a waypoint, and multi-network HBONE.
 * A pure function of the objects; what it does not model, each trace says in its notes.
 * @see https://istio.io/latest/docs/ambient/overview/
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-describe/
 */
export class MeshModel {
  /** The model of plain manifest objects (`ApiObject.toJson()` output or parsed YAML documents; `List`s are flattened). */
  public static fromObjects(objects: any[], options: MeshModelOptions = {}): MeshModel {
    if (!Array.isArray(objects)) throw new Error(`MeshModel.fromObjects: 'objects' must be an array of manifest objects, got ${typeof objects}`);
    return new MeshModel(new MeshIndex(objects, options.externalHosts ?? []));
  }

  /** The model of a chart's objects as they stand now (without running the chart's validations, as `chart.toJson()` would). */
  public static of(chart: Chart, options: MeshModelOptions = {}): MeshModel {
    const objects = chart.node.findAll().filter(ApiObject.isApiObject).map(o => o.toJson());
    return MeshModel.fromObjects(objects, options);
  }

  /** The pods by `namespace/name`, built at the first lookup. */
  private podsByRef?: Map<string, ModelPod>;

  private constructor(private readonly index: MeshIndex) {}

  /**
   * The indexed objects, for the library's own readers (the graph builder).
   * @internal
   */
  public get _index(): MeshIndex {
    return this.index;
  }

  /** The workloads of the set as `namespace/name` (Deployments, StatefulSets, ..., Pods), which `RequestSource.workload` takes, as do their Services' names. */
  public workloads(): string[] {
    return this.index.pods.map(p => p.ref);
  }

  /** The hosts of the set: each Service's FQDN and each ServiceEntry host. */
  public hosts(): string[] {
    return [...this.index.services.keys(), ...this.index.entries.flatMap(e => e.hosts)];
  }

  /** Mesh-wide notes: objects of the set the model does not model (EnvoyFilter, Sidecar, unknown kinds, ...). */
  public notModelled(): string[] {
    return this.index.notes.map(n => n.text);
  }

  /**
   * The tracing of a workload's sidecar: for its client and its server spans, the provider that applies (the default
   * provider, then the root namespace's, the namespace's and the workload's Telemetry, the most specific winning), its
   * kind and the trace propagation it reads, as `meshConfig.extensionProviders` of the set's IstioOperator declares.
   * @param workload `namespace/name` of a workload of the set (see `workloads()`)
   * @see https://istio.io/latest/docs/reference/config/telemetry/
   * @see Istio 1.30.3 pilot/pkg/model/telemetry.go Tracing
   */
  public tracing(workload: string): WorkloadTracing {
    const pod = this.pod('tracing', workload);
    const { client, server } = tracingFor(this.index, pod);
    const side = (t: SideTracing): SpanReporting => ({
      ...(t.provider ? { provider: t.provider } : {}),
      ...(t.info ? { kind: t.info.kind } : {}),
      propagation: (t.info?.propagation ?? []).map(p => (p === 'b3' ? TracePropagation.B3 : TracePropagation.W3C)),
      ...(t.source ? { source: t.source } : {}),
      disabled: t.disabled,
      ...(t.sampling !== undefined ? { samplingPercentage: t.sampling } : {}),
    });
    return { workload: pod.ref, images: [...pod.images], client: side(client), server: side(server) };
  }

  /**
   * The identity of a workload: its ServiceAccount's principal, which its requests carry only when its pods have a
   * sidecar or run in ambient mode (the mTLS certificate of the sidecar, or of ztunnel, is what carries it). A namespace the set has no Namespace object for is
   * taken as injected.
   * @param workload `namespace/name` of a workload of the set (see `workloads()`)
   * @see https://istio.io/latest/docs/concepts/security/#istio-identity
   */
  public identity(workload: string): WorkloadIdentity {
    const pod = this.pod('identity', workload);
    const sidecar = pod.sidecar ?? true;
    return {
      workload: pod.ref, serviceAccount: pod.serviceAccount, sidecar, ambient: pod.ambient,
      principal: this.index.principal(pod.namespace, pod.serviceAccount),
    };
  }

  /**
   * What fetching a RequestAuthentication's key set from `uri` meets. By default istiod fetches it itself, from its
   * namespace (istio-system) and without a sidecar: the mesh's outbound traffic policy does not apply to it, and a
   * Service of the set serving the keys is traced from a client without a sidecar, so a STRICT server refuses it. With
   * istiod's `PILOT_JWT_ENABLE_REMOTE_JWKS` `envoy` (or `hybrid`/`true` for a host in the registry), the workload's
   * Envoy fetches it through the cluster of the host, which must be a Service or ServiceEntry host of the set. A fetch
   * that fails leaves istiod with a key set no token matches: every token gets 401.
   * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
   * @see Istio 1.30.3 pilot/pkg/model/jwks_resolver.go (GetPublicKey, BuildLocalJwks) and pilot/pkg/security/authn/policy_applier.go
   */
  public keySetFetch(uri: string): KeySetFetch {
    let url: URL | undefined;
    try {
      url = new URL(uri);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      throw new Error(`MeshModel.keySetFetch: 'uri' must be an http:// or https:// URL, got ${JSON.stringify(uri)}`);
    }
    const name = url.hostname.toLowerCase();
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const mode = this.index.settings.jwksFetchMode;
    const entryFor = (host: string) => this.index.entries.find(e => e.hosts.some(h => hostCovers(h, host)));
    // Envoy fetches through the cluster of host and port (Istio 1.30.3 pilot/pkg/security/authn/policy_applier.go,
    // LookupCluster(push, host, port)): a host registered on other ports only has no such cluster.
    const entry = entryFor(name);
    const registered = (this.index.services.get(name)?.ports.some(p => p.port === port) ?? false) || (entry?.ports.includes(port) ?? false);
    if (mode === 'envoy' || (mode === 'hybrid' && registered)) {
      const base = { uri, host: name, fetcher: KeySetFetcher.ENVOY, hostKnown: registered || this.index.services.has(name) || entry !== undefined || this.index.isExternal(name) };
      return registered
        ? { ...base, outcome: Outcome.UNKNOWN, reason: `the workload's Envoy fetches it through the cluster of ${name}:${port} (PILOT_JWT_ENABLE_REMOTE_JWKS=${mode}): not traced` }
        : { ...base, outcome: Outcome.UNAVAILABLE, reason: `the workload's Envoy fetches it (PILOT_JWT_ENABLE_REMOTE_JWKS=envoy) through the cluster of ${name}:${port}, but no Service or ServiceEntry of the set has ${name} on port ${port}, so that cluster does not exist; add a ServiceEntry for it (or the port)` };
    }
    const fqdn = this.resolve(name, ROOT_NAMESPACE);
    const base = { uri, host: fqdn, fetcher: KeySetFetcher.ISTIOD };
    if (this.index.services.has(fqdn)) {
      try {
        const trace = this.trace({ source: RequestSource.pod(ROOT_NAMESPACE, { serviceAccount: 'istiod', sidecar: false }), host: name, port, path: url.pathname });
        return { ...base, hostKnown: true, outcome: trace.outcome, reason: `istiod fetches it without a sidecar: ${trace.reason}`, trace };
      } catch (e) {
        return { ...base, hostKnown: true, outcome: Outcome.UNAVAILABLE, reason: (e as Error).message.replace(/^MeshModel.request: /, '') };
      }
    }
    const fqdnEntry = entryFor(fqdn);
    if (fqdnEntry || this.index.isExternal(fqdn)) {
      return { ...base, hostKnown: true, outcome: Outcome.UNKNOWN, reason: `istiod fetches it from ${fqdn}, outside the set (${fqdnEntry ? `ServiceEntry ${fqdnEntry.ref}` : 'declared external'}): not traced` };
    }
    return { ...base, hostKnown: false, outcome: Outcome.UNKNOWN, reason: `istiod fetches it from ${fqdn}, which is neither a Service nor a ServiceEntry host of the set, nor declared outside it` };
  }

  /** The pod of `namespace/name` (or `name` in default); throws, listing the set's workloads, when there is none. */
  private pod(method: string, workload: string): ModelPod {
    const ref = typeof workload === 'string' && workload.includes('/') ? workload : `default/${workload}`;
    this.podsByRef ??= new Map(this.index.pods.map(p => [p.ref, p]));
    const pod = this.podsByRef.get(ref);
    if (!pod) {
      const known = this.workloads();
      throw new Error(`MeshModel.${method}: 'workload' must be a workload of the set as namespace/name, got ${JSON.stringify(workload)}; the set has: ${known.slice(0, 30).join(', ') || 'no workloads'}`);
    }
    return pod;
  }

  /**
   * The trace of one request: its hops from the source to the final pods, and its outcome. When it ends ok at a
   * workload that declares calls, the trace carries theirs (`followed`), each followed on in turn.
   */
  public request(request: MeshRequest): RequestTrace {
    return this.trace(request, { path: [], followed: new Set() });
  }

  /**
   * The trace of every call the set's workloads declare (the `cdk8s-istio/calls` annotation the `Workload` construct
   * writes from its `calls` and http-echo's `next`), each from its workload on its own: a call is not followed on into
   * the calls of the workload it reaches (no `followed`), which are traced as declared calls of their own. A call to
   * a host declared external is not judged (`Outcome.UNKNOWN`). A call split across weighted destinations has its
   * expected outcome only when every destination with a share has it.
   * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-describe/
   */
  public calls(): DeclaredCallTrace[] {
    return this.index.pods.flatMap(pod => this.callsOf(pod));
  }

  /**
   * Every `http` route of the VirtualService that routes `request` (at the gateway for an ingress request, else at the
   * client's sidecar), in route order, each with its conditions in plain words and the trace of the request as if it
   * matched that route (its calls not followed). Empty when no VirtualService routes the request (default routing,
   * egress) or the request stops before routing (the gateway refuses it).
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  public routes(request: MeshRequest): RouteChoice[] {
    const plain = this.trace(request);
    const routed = plain.hops.find(h => h.virtualService !== undefined);
    if (!routed || plain.hops[plain.hops.length - 1] !== routed) return [];
    const vs = this.index.virtualServiceOf(routed.virtualService!);
    const http = vs ? list(asRecord(vs.obj.spec).http).map(asRecord) : [];
    // http routes decided (a route, or none matched); not tls or tcp routes, nor default routing for want of http routes.
    const byHttp = routed.routeIndex !== undefined ? !routed.match.startsWith('tls route') : routed.match.startsWith('no route of VirtualService');
    if (!vs || !byHttp || http.length === 0) return [];
    return http.map((route, index) => ({
      virtualService: vs.ref,
      index,
      ...(asString(route.name) ? { name: asString(route.name) } : {}),
      conditions: list(route.match).map(m => matchWords(asRecord(m))),
      trace: this.trace(request, undefined, { virtualService: vs.ref, index }),
    }));
  }

  /**
   * The trace of a request. With `following`, the calls of the workload it reaches are followed; without, they are not.
   * With `forcedRoute`, that route of that VirtualService is taken whatever the request's attributes.
   */
  private trace(request: MeshRequest, following?: Following, forcedRoute?: Ctx['forcedRoute']): RequestTrace {
    if (!(request?.source instanceof RequestSource)) {
      throw new Error(`MeshModel.request: 'source' must be a RequestSource (RequestSource.workload('ns/name'), .pod(ns), .ingressGateway(), .outside()), got ${String(request?.source)}`);
    }
    if (typeof request.host !== 'string' || request.host.trim() === '') {
      throw new Error(`MeshModel.request: 'host' must be a host name such as 'world' or 'bookinfo.example.com', got ${JSON.stringify(request.host)}`);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers ?? {})) headers[k.toLowerCase()] = v;
    const [host, hostPort] = request.host.toLowerCase().split(':');
    const rawPath = request.path ?? '/';
    const ctx: Ctx = {
      host,
      authority: request.host.toLowerCase(),
      target: host,
      port: request.port ?? (hostPort ? Number(hostPort) : 0),
      method: (request.method ?? 'GET').toUpperCase(),
      path: rawPath.split('?')[0],
      headers,
      query: { ...Object.fromEntries(new URLSearchParams(rawPath.split('?')[1] ?? '')), ...request.query },
      token: request.token,
      notes: [],
      namespaces: new Set(),
      ...(forcedRoute ? { forcedRoute } : {}),
    };
    const source = request.source;
    const hops = source.kind === SourceKind.INGRESS_GATEWAY ? this.viaIngress(ctx, source) : this.fromClient(ctx, this.client(source, ctx.notes));
    const last = hops[hops.length - 1];
    const path = following && (following.path[following.path.length - 1] === hops[0].client ? following.path : [...following.path, hops[0].client]);
    const followed = path && last.outcome === Outcome.OK ? this.follow(last, { path, followed: following!.followed }, ctx.notes) : [];
    const notes = [...new Set([...ctx.notes, ...this.index.notesFor(ctx.namespaces)])];
    const reason = `${hops.map(h => h.client).concat(last.server).join(' → ')}: ${last.reason}`;
    return { outcome: last.outcome, status: statusOf(last), reason, hops, notes, ...(followed.length > 0 ? { followed } : {}) };
  }

  /**
   * The declared calls of the workload a request reached, each traced and followed on in turn: not those of a
   * workload already on the path (a cycle) or already followed by the same first request (where two paths meet),
   * nor deeper than {@link MAX_FOLLOW_DEPTH} workloads. Where the route splits the request, the trace follows the
   * heaviest alternative, and so do the calls.
   */
  private follow(last: TraceHop, following: Following, notes: string[]): DeclaredCallTrace[] {
    const pod = this.index.pods.find(p => p.ref === last.server);
    if (!pod || (pod.calls.length === 0 && !pod.callsError)) return [];
    const path = following.path;
    const onPath = [...path, pod.ref];
    if (path.includes(pod.ref)) {
      notes.push(`the calls of ${pod.ref} are not followed: it is already on the path (${onPath.join(' → ')})`);
      return [];
    }
    if (path.length >= MAX_FOLLOW_DEPTH) {
      notes.push(`the calls of ${pod.ref} are not followed: the path already has ${path.length} workloads (${onPath.join(' → ')}), the most the model follows`);
      return [];
    }
    if (following.followed.has(pod.ref)) {
      notes.push(`the calls of ${pod.ref} are not followed again here: this trace follows them where it first reaches ${pod.ref}`);
      return [];
    }
    following.followed.add(pod.ref);
    if (last.distribution.length > 1) {
      const others = last.distribution.filter(d => d.destination !== last.destination).map(d => `${d.destination.subset ?? d.destination.host} ${d.weight}%`);
      notes.push(`the request is split: the calls of ${pod.ref} (the heaviest alternative) are followed, not those of ${others.join(', ')}`);
    }
    return this.callsOf(pod, { path: onPath, followed: following.followed });
  }

  /** The traces of one workload's declared calls; with `following` (its path ending at the workload), each is followed on. */
  private callsOf(pod: ModelPod, following?: Following): DeclaredCallTrace[] {
    const out: DeclaredCallTrace[] = [];
    const outcomes = new Set<string>(Object.values(Outcome));
    const failed = (host: string, expected: Outcome, error: string, port?: number): DeclaredCallTrace =>
      ({ caller: pod.ref, host, port, expected, outcome: Outcome.UNKNOWN, asExpected: false, reason: error, traceError: error });
    if (pod.callsError) out.push(failed('', Outcome.OK, pod.callsError));
    for (const call of pod.calls) {
      if (call.expect !== undefined && !outcomes.has(call.expect)) {
        out.push(failed(call.host, Outcome.OK, `annotation ${CALLS_ANNOTATION}: "expect" must be an outcome (${[...outcomes].join(', ')}), got "${call.expect}"`, call.port));
        continue;
      }
      const expected = (call.expect ?? Outcome.OK) as Outcome;
      try {
        // The client writes the port into the authority unless it is the scheme's default (http-echo's NEXT=world:8080
        // sends `Host: world:8080`, as Go's net/http does): what AuthorizationPolicy `hosts` match.
        const authority = call.port !== undefined && call.port !== 80 ? `${call.host}:${call.port}` : call.host;
        const trace = this.trace({ source: RequestSource.workload(pod.ref), host: authority, port: call.port, method: call.method, path: call.path }, following);
        // A weighted route sends a share to each alternative: the call has its expected outcome only if every
        // alternative with a share has it (a canary whose 10% is denied is a failing call).
        const others = trace.hops.flatMap(h => h.distribution).filter(d => d.weight > 0 && d.outcome !== expected);
        const split = others.map(d => `${d.weight}% to ${d.destination.host}${d.destination.subset ? ` subset ${d.destination.subset}` : ''} → ${d.outcome}`);
        const reason = split.length > 0 && trace.outcome === expected ? `${trace.reason}; but ${split.join(', ')}` : trace.reason;
        out.push({ caller: pod.ref, host: call.host, port: call.port, expected, outcome: trace.outcome, asExpected: trace.outcome === expected && others.length === 0, reason, trace });
      } catch (e) {
        out.push(failed(call.host, expected, (e as Error).message.replace(/^MeshModel.request: /, ''), call.port));
      }
    }
    return out;
  }

  /** The client a source names; throws, listing the set's workloads, when it names none. */
  private client(source: RequestSource, notes: string[]): Client {
    if (source.kind === SourceKind.OUTSIDE) return { description: 'outside', labels: {}, sidecar: false, ambient: false };
    if (source.kind === SourceKind.POD) {
      return { description: `pod ${source.namespace}/${source.name}`, namespace: source.namespace, serviceAccount: source.serviceAccount, labels: source.labels, sidecar: source.sidecar ?? false, ambient: false };
    }
    const ns = source.namespace ?? 'default';
    const service = this.index.services.get(`${source.name}.${ns}.svc.cluster.local`);
    const named = (this.index.podsByNamespace.get(ns) ?? []).find(p => p.name === source.name);
    const ofService = named || !service ? [] : this.index.podsOf(service);
    const pod = named ?? ofService[0];
    if (ofService.length > 1) notes.push(`Service ${service!.ref} has the pods of ${ofService.map(p => p.ref).join(', ')}: the trace sends from ${pod!.ref}`);
    if (!pod) {
      const known = [...this.index.services.values()].map(s => s.ref).concat(this.workloads());
      const shown = known.slice(0, 30).join(', ') + (known.length > 30 ? `, ... (${known.length - 30} more)` : '');
      throw new Error(`MeshModel.request: 'source' must name a Service with pods or a workload of the set as namespace/name, got "${ns}/${source.name}"; the set has: ${shown || 'no workloads'}`);
    }
    return { description: pod.ref, namespace: pod.namespace, serviceAccount: pod.serviceAccount, labels: pod.labels, sidecar: this.hasSidecar(pod, notes), ambient: pod.ambient };
  }

  /**
   * Whether a pod has a sidecar; when the set has no Namespace object to say, Istio's usual setup (an injected
   * namespace) is assumed and the trace says so.
   * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
   */
  private hasSidecar(pod: ModelPod, notes: string[]): boolean {
    if (pod.sidecar !== undefined) return pod.sidecar;
    notes.push(`namespace ${pod.namespace} has no Namespace object in the set: the model assumes its pods (${pod.ref}) have sidecars`);
    return true;
  }

  /**
   * A request from a pod (or an outside client) to a host. With a sidecar, the client's outbound listener routes it
   * (VirtualService of gateway `mesh`, else default routing to every pod of the Service); without one, Kubernetes
   * routes it to every pod of the Service and no VirtualService applies; in ambient mode, its ztunnel carries it (L4:
   * no VirtualService applies there either; a waypoint of the Service routes it, see {@link atWaypoint}).
   * @see https://istio.io/latest/docs/ops/configuration/traffic-management/traffic-routing/
   * @see https://istio.io/latest/docs/ambient/usage/l7-features/
   */
  private fromClient(ctx: Ctx, client: Client): TraceHop[] {
    if (client.namespace) ctx.namespaces.add(client.namespace);
    const fqdn = this.resolve(ctx.host, client.namespace ?? 'default');
    const service = this.index.serviceFor(fqdn, client.namespace ?? 'default');
    const entries = this.index.entriesFor(fqdn, client.namespace ?? 'default');
    const port = this.portFor(ctx, fqdn, service, entries.flatMap(e => e.ports));
    const at: Ctx = { ...ctx, port, target: fqdn };
    const vs = client.sidecar ? this.virtualServiceFor(fqdn, 'mesh', client.namespace ?? 'default', at) : undefined;
    const listener = client.sidecar ? `sidecar outbound 0.0.0.0_${port} of ${client.description}`
      : client.ambient ? `ztunnel outbound of ${client.description} (ambient, L4)` : `no sidecar on ${client.description}: Kubernetes Service routing`;
    if (!service && entries.length === 0 && !vs) {
      if (this.index.isExternal(fqdn)) return this.hop(client.description, fqdn, { listener, match: 'host declared outside the set', alternatives: [], faults: [], stop: { outcome: Outcome.UNKNOWN, reason: `${fqdn} lives outside the set` } }, at, client);
      const hidden = this.index.services.get(fqdn);
      if (hidden) ctx.notes.push(`Service ${hidden.ref} is not exported to namespace ${client.namespace ?? 'default'} (exportTo ${exportToOf(hidden.obj, this.index.settings.defaultExportTo).join(', ')}), so ${client.description}'s sidecar does not know ${fqdn}`);
      else if (isClusterLocal(fqdn)) this.unknownHost(ctx.host, fqdn);
      return this.hop(client.description, fqdn, this.egress(listener, fqdn, client), at, client);
    }
    const routed = vs ? this.route(vs, listener, 'mesh', at, client) : defaultRoute(listener, fqdn, port, client.sidecar);
    return this.hop(client.description, fqdn, routed, at, client);
  }

  /**
   * A host outside the registry: without a sidecar the request just leaves; with one, `outboundTrafficPolicy`
   * decides: ALLOW_ANY (Istio's default) passes it through, REGISTRY_ONLY answers 502.
   * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/#envoy-passthrough-to-external-services
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-OutboundTrafficPolicy-Mode
   */
  private egress(listener: string, host: string, client: Client): Routed {
    const s = this.index.settings;
    const base = { listener, match: `${host} is not in the service registry (no Service or ServiceEntry)`, alternatives: [], faults: [] };
    if (!client.sidecar) return { ...base, stop: { outcome: Outcome.OK, reason: 'leaves the cluster directly (no sidecar)', egress: 'direct (no sidecar)' } };
    if (s.outboundMode === 'REGISTRY_ONLY') {
      return { ...base, stop: { outcome: Outcome.BAD_GATEWAY, status: 502, reason: `502: outboundTrafficPolicy REGISTRY_ONLY (${s.outboundSource}) blocks ${host} (BlackHoleCluster); add a ServiceEntry`, egress: 'BlackHoleCluster' } };
    }
    return { ...base, stop: { outcome: Outcome.OK, reason: `passed through to ${host}: outboundTrafficPolicy ALLOW_ANY (${s.outboundSource})`, egress: 'PassthroughCluster' } };
  }

  private unknownHost(host: string, fqdn: string): never {
    const known = this.hosts().concat([...this.index.exactVirtualServices.keys()]);
    const shown = [...new Set(known)].slice(0, 30).join(', ') + (known.length > 30 ? ', ...' : '');
    throw new Error(`MeshModel.request: 'host' must be a Service, ServiceEntry or VirtualService host of the set, or a host outside the cluster, got "${host}" (${fqdn}); the set has: ${shown || 'no hosts'}`);
  }

  /**
   * The FQDN a client's DNS search path gives a host: `name` in the client's namespace, `name.ns` and `name.ns.svc`
   * completed to `.svc.cluster.local` when `ns` is a namespace of the set; anything else as written.
   * @see https://istio.io/latest/docs/ops/configuration/traffic-management/dns/
   */
  private resolve(host: string, namespace: string): string {
    const parts = host.split('.');
    if (parts.length === 1) return qualify(host, namespace);
    if ((parts.length === 2 || (parts.length === 3 && parts[2] === 'svc')) && this.index.namespaces.has(parts[1])) return `${parts[0]}.${parts[1]}.svc.cluster.local`;
    return host;
  }

  /** The request's port: as given (it must be one of the Service's), else the Service's first port, else 80. */
  private portFor(ctx: Ctx, fqdn: string, service: ModelService | undefined, entryPorts: number[]): number {
    if (ctx.port) {
      if (service && !service.ports.some(p => p.port === ctx.port)) {
        throw new Error(`MeshModel.request: 'port' must be a port of Service ${service.ref} (${service.ports.map(p => p.port).join(', ')}), got ${ctx.port} for host ${fqdn}`);
      }
      return ctx.port;
    }
    return service?.ports[0]?.port ?? entryPorts[0] ?? 80;
  }

  /**
   * The VirtualService for `host` on `gateway` (`mesh` or `namespace/name`) exported to the proxy's `namespace` (the
   * client's, or the gateway pods'): an exact host wins over wildcards, a longer wildcard over a shorter. Several for
   * the same host: the first (noted).
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService (hosts, gateways, exportTo)
   * @see Istio 1.30.3 pilot/pkg/networking/core/route/route.go (mostSpecificWildcardVsIndex)
   */
  private virtualServiceFor(host: string, gateway: string, namespace: string, ctx: Ctx, allowed?: (vs: ModelVirtualService) => boolean): ModelVirtualService | undefined {
    const ok = (vs: ModelVirtualService) => vs.gateways.includes(gateway) && this.index.visible(vs.obj, namespace) && (!allowed || allowed(vs));
    let found = (this.index.exactVirtualServices.get(host) ?? []).filter(ok);
    if (found.length === 0) {
      let best = -1;
      for (const vs of this.index.wildcardVirtualServices) {
        if (!ok(vs)) continue;
        for (const h of vs.hosts) {
          if (!h.includes('*') || !hostCovers(h, host)) continue;
          if (h.length > best) {
            best = h.length;
            found = [vs];
          } else if (h.length === best && !found.includes(vs)) found.push(vs);
        }
      }
    }
    // Gateway API routes of the proxy's own namespace come first (consumer override): Istio 1.30.3
    // pilot/pkg/model/push_context.go VirtualServicesForGateway, pilot/pkg/model/virtualservice.go (gwExact first).
    const own = found.filter(vs => vs.httpRoutes && vs.namespace === namespace);
    if (own.length > 0) found = [...own, ...found.filter(vs => !own.includes(vs))];
    if (found.length > 1 && own.length !== 1) ctx.notes.push(`not modelled: ${found.length} VirtualServices for ${host} on ${gateway} (${found.map(v => v.ref).join(', ')}): Istio merges or orders them by creation time; the model uses ${found[0].ref}`);
    if (found[0]) ctx.namespaces.add(found[0].namespace);
    return found[0];
  }

  /**
   * The first `http` route of `vs` whose matches (any of them; each an AND of its fields) fit the request; none: 404.
   * Its destinations are the weighted alternatives; fault abort at 100% answers for the upstream.
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  private route(vs: ModelVirtualService, listener: string, gateway: string, ctx: Ctx, client: Client): Routed {
    const spec = asRecord(vs.obj.spec);
    const base = { listener, virtualService: vs.ref, faults: [] as HopFault[], alternatives: [] };
    // TLS ports are routed by `tls` routes (SNI), TCP ports by `tcp` routes, others by `http` routes; none of the
    // kind: default routing (http routes never apply to a TCP port).
    const servicePort = this.index.services.get(ctx.target)?.ports.find(p => p.port === ctx.port);
    if (servicePort?.tcp) {
      if (list(spec.tcp).length > 0) return { ...base, match: `tcp routes of VirtualService ${vs.ref}`, stop: { outcome: Outcome.UNKNOWN, reason: `port ${ctx.port} is TCP: the tcp routes of VirtualService ${vs.ref} decide (not modelled)` } };
      return { ...defaultRoute(listener, ctx.target, ctx.port, client.sidecar), match: `port ${ctx.port} of ${ctx.target} is TCP (${servicePort.name}) and VirtualService ${vs.ref} has no tcp routes (http routes do not apply): default routing to ${ctx.target}` };
    }
    const tlsPort = servicePort?.tls
      ?? this.index.entriesFor(ctx.target, client.namespace ?? 'default').some(e => e.tlsPorts.includes(ctx.port));
    const routes = list(tlsPort ? spec.tls : spec.http);
    if (routes.length === 0) {
      return { ...defaultRoute(listener, ctx.target, ctx.port, client.sidecar), match: `VirtualService ${vs.ref} has no ${tlsPort ? 'tls' : 'http'} routes: default routing to ${ctx.target}` };
    }
    if (tlsPort) return this.tlsRoute(vs, routes, base, ctx);
    // Matches on another port are dropped when istiod builds the routes of this port; with none left the
    // VirtualService gives this port no virtual host, and default routing applies (Istio 1.30.3
    // pilot/pkg/networking/core/route/route.go translateRoute `match.Port != listenPort`, buildSidecarVirtualHostsForVirtualService).
    const onPort = routes.some(r => list(asRecord(r).match).length === 0 || list(asRecord(r).match).some(m => asRecord(m).port === undefined || asRecord(m).port === ctx.port));
    if (!onPort && ctx.forcedRoute === undefined) {
      return { ...defaultRoute(listener, ctx.target, ctx.port, client.sidecar), match: `every route of VirtualService ${vs.ref} matches another port than ${ctx.port}: default routing to ${ctx.target}` };
    }
    const forced = ctx.forcedRoute?.virtualService === vs.ref ? ctx.forcedRoute.index : undefined;
    for (const i of forced !== undefined ? [forced].filter(f => f < routes.length) : routes.keys()) {
      const route = asRecord(routes[i]);
      const matches = list(route.match);
      const hit = matches.length === 0 || forced !== undefined ? -1 : matches.findIndex(m => this.matchRequest(asRecord(m), ctx, client, gateway, vs, i));
      if (matches.length > 0 && hit < 0 && forced === undefined) continue;
      const why = forced !== undefined ? `route ${i} (taken as if the request matched it)` : matches.length === 0 ? `route ${i} (no match: catch-all)` : `route ${i} match ${hit}: ${JSON.stringify(matches[hit])}`;
      const named = { ...base, routeIndex: i, routeName: asString(route.name), match: route.source ? `${why} (${String(route.source)})` : why };
      this.noteRouteFields(route, i, vs, ctx);
      // A Gateway API route whose attachment hangs on labels of a Namespace the set does not have (gateway-api.ts).
      if (route.unknown !== undefined) return { ...named, stop: { outcome: Outcome.UNKNOWN, reason: String(route.unknown) } };
      if (route.delegate !== undefined) return { ...named, stop: { outcome: Outcome.UNKNOWN, reason: `route ${i} delegates to another VirtualService (not modelled)` } };
      if (route.directResponse !== undefined) {
        const status = Number(asRecord(route.directResponse).status);
        return { ...named, stop: { outcome: STATUS[status] ?? Outcome.OK, status, reason: `direct response ${status} from route ${i} of VirtualService ${vs.ref}` } };
      }
      if (route.redirect !== undefined) {
        const status = Number(asRecord(route.redirect).redirectCode ?? 301);
        return { ...named, stop: { outcome: Outcome.OK, status, reason: `redirect ${status} from route ${i} of VirtualService ${vs.ref}` } };
      }
      const faults = faultsOf(route.fault);
      const retries = retriesOf(route.retries);
      const timeout = asString(route.timeout);
      const abort = faults.find(f => f.kind === FaultKind.ABORT && f.percentage >= 100);
      const upstream = route.rewrite === undefined ? undefined : rewritten(asRecord(route.rewrite), hit >= 0 ? asRecord(matches[hit]) : matches.length === 0 ? {} : undefined, ctx, `spec.http[${i}].rewrite`, vs);
      const routed = { ...named, faults, retries, timeout, ...(upstream && { upstream }) };
      if (abort) return { ...routed, stop: { outcome: Outcome.FAULT, status: abort.httpStatus, reason: `fault abort ${abort.httpStatus ?? ''} injected by route ${i} of VirtualService ${vs.ref} for every request` } };
      return { ...routed, alternatives: destinationsOf(list(route.route), vs.namespace) };
    }
    return { ...base, match: `no route of VirtualService ${vs.ref} matches`, stop: { outcome: Outcome.NOT_FOUND, status: 404, reason: `404: no route of VirtualService ${vs.ref} matches ${ctx.method} ${ctx.path}` } };
  }

  /**
   * Notes for what a chosen route does that the model does not trace: mirrors (a copy whose answer is discarded:
   * the response is unchanged), header operations (the upstream's policies may see other headers), CORS (preflight
   * requests are answered by the proxy).
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  private noteRouteFields(route: Record<string, unknown>, i: number, vs: ModelVirtualService, ctx: Ctx): void {
    const at = `spec.http[${i}]`;
    const mirrors = [...(route.mirror !== undefined ? [{ destination: route.mirror, percentage: route.mirrorPercentage }] : []), ...list(route.mirrors).map(asRecord)];
    for (const m of mirrors) {
      const host = asString(asRecord(m.destination).host) ?? '?';
      const pct = asRecord(m.percentage).value;
      ctx.notes.push(`${at} of VirtualService ${vs.ref} mirrors ${typeof pct === 'number' ? `${pct}% of ` : ''}the requests to ${host}: the copies' answers are discarded (the response is unchanged); the copies are not traced`);
    }
    const headers = route.headers !== undefined || list(route.route).some(d => asRecord(d).headers !== undefined);
    if (headers) ctx.notes.push(`not modelled: ${at}.headers (or a destination's headers) of VirtualService ${vs.ref}: the upstream's policies may see other request headers`);
    if (route.corsPolicy !== undefined) ctx.notes.push(`not modelled: ${at}.corsPolicy of VirtualService ${vs.ref}: the proxy answers CORS preflight requests itself`);
  }

  /**
   * `tls` routes (TLS passthrough, e.g. to an external HTTPS host): the first whose `sniHosts` cover the host.
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#TLSRoute
   */
  private tlsRoute(vs: ModelVirtualService, routes: unknown[], base: Omit<Routed, 'match'>, ctx: Ctx): Routed {
    for (let i = 0; i < routes.length; i++) {
      const route = asRecord(routes[i]);
      const hit = list(route.match).findIndex(m => {
        const match = asRecord(m);
        return (match.port === undefined || match.port === ctx.port) && list(match.sniHosts).some(h => typeof h === 'string' && hostCovers(qualify(h, vs.namespace), ctx.target));
      });
      if (hit >= 0) return { ...base, routeIndex: i, match: `tls route ${i}: sniHosts match ${ctx.target}`, alternatives: destinationsOf(list(route.route), vs.namespace) };
    }
    return { ...base, match: `no tls route of VirtualService ${vs.ref} matches`, stop: { outcome: Outcome.REFUSED, reason: `no tls route of VirtualService ${vs.ref} matches SNI ${ctx.target}` } };
  }

  /** One HTTPMatchRequest: every field it sets holds. Fields the model does not know are noted and ignored. */
  private matchRequest(m: Readonly<Record<string, unknown>>, ctx: Ctx, client: Client, gateway: string, vs: ModelVirtualService, i: number): boolean {
    const ignoreCase = m.ignoreUriCase === true;
    for (const key of Object.keys(m)) {
      if (!MATCH_FIELDS.has(key)) ctx.notes.push(`not modelled: spec.http[${i}].match.${key} of VirtualService ${vs.ref} (ignored)`);
    }
    // `@request.auth.claims.<name>` matches a claim the gateway's RequestAuthentication accepted (any value of a list).
    // https://istio.io/latest/docs/tasks/security/authentication/jwt-route/
    const header = (name: string, match: unknown): boolean => {
      if (!name.startsWith('@request.auth.claims.')) return stringMatch(match, ctx.headers[name.toLowerCase()]);
      if (!ctx.gatewayAuth) ctx.notes.push(`route match on ${name} in VirtualService ${vs.ref}: claims are only available at gateways`);
      return (ctx.gatewayAuth?.claims[name.slice('@request.auth.claims.'.length)] ?? []).some(v => stringMatch(match, v));
    };
    // Gateway API prefixes match whole path segments (`/foo` matches `/foo/bar`, not `/foobar`): Istio 1.30.3
    // pilot/pkg/networking/core/route/route.go translateRouteMatch (PathSeparatedPrefix for Gateway API routes).
    const prefix = vs.httpRoutes ? asString(asRecord(m.uri).prefix) : undefined;
    const uriMatches = prefix !== undefined && prefix !== '/'
      ? ctx.path === prefix || ctx.path.startsWith(`${prefix}/`)
      : m.uri === undefined || stringMatch(m.uri, ctx.path, ignoreCase);
    return uriMatches
      && (m.method === undefined || stringMatch(m.method, ctx.method))
      && (m.authority === undefined || stringMatch(m.authority, ctx.host))
      && (m.scheme === undefined || stringMatch(m.scheme, 'http'))
      && (m.port === undefined || m.port === ctx.port)
      && (m.sourceNamespace === undefined || m.sourceNamespace === client.namespace)
      && (m.sourceLabels === undefined || selects(asRecord(m.sourceLabels) as Record<string, string>, client.labels))
      && (m.gateways === undefined || list(m.gateways).some(g => typeof g === 'string' && (g === 'mesh' ? 'mesh' : g.includes('/') ? g : `${vs.namespace}/${g}`) === gateway))
      && Object.entries(asRecord(m.headers)).every(([k, v]) => header(k, v))
      && Object.entries(asRecord(m.withoutHeaders)).every(([k, v]) => !header(k, v))
      && Object.entries(asRecord(m.queryParams)).every(([k, v]) => stringMatch(v, ctx.query[k]));
  }

  /**
   * A request from outside entering at the ingress gateway: a Gateway selecting the gateway pods has a server on the
   * port (none: the connection is refused) whose hosts cover the authority (none: 404); a VirtualService bound to that
   * Gateway routes it (none, or no route: 404). Policies on the gateway pods apply first.
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-control/
   */
  private viaIngress(ctx: Ctx, source: RequestSource): TraceHop[] {
    const sourceNs = source.namespace ?? 'istio-system';
    const inSet = (this.index.podsByNamespace.get(sourceNs) ?? []).find(p => selects(source.labels, p.labels));
    let pod: ModelPod = inSet ?? {
      ref: `${sourceNs}/istio-ingressgateway`, name: 'istio-ingressgateway', namespace: sourceNs, labels: source.labels,
      serviceAccount: source.serviceAccount ?? 'istio-ingressgateway-service-account', sidecar: true, ambient: false, containerPorts: new Map(), running: true, replicas: 1, calls: [], images: [],
    };
    const port = ctx.port || 80;
    let gateways = this.index.gateways.filter(gw => selects(asRecord(asRecord(gw.spec).selector) as Record<string, string>, pod.labels));
    const generated = this.gatewayApiEntry(source, gateways.length === 0, port, ctx);
    if (generated.length > 0) {
      const [gwNs, podName] = generated[0].podRef.split('/');
      pod = { ...pod, ref: generated[0].podRef, name: podName, namespace: gwNs, labels: generated[0].podLabels, serviceAccount: podName };
      gateways = generated.map(g => g.obj);
    }
    const ns = pod.namespace;
    const gwClient: Client = { description: `ingress gateway ${pod.ref}`, namespace: ns, serviceAccount: pod.serviceAccount, labels: pod.labels, sidecar: true, ambient: false, ingress: true };
    ctx.namespaces.add(ns);
    const at: Ctx = { ...ctx, port };
    const servers: { gw: Obj; server: Readonly<Record<string, unknown>>; hosts: string[] }[] = [];
    for (const gw of gateways) {
      for (const s of list(asRecord(gw.spec).servers)) {
        const server = asRecord(s);
        if (asRecord(server.port).number === port) servers.push({ gw, server, hosts: list(server.hosts).filter((h): h is string => typeof h === 'string') });
      }
    }
    // Envoy picks the most specific listener hostname of a Gateway API Gateway (an exact one, then the longest wildcard).
    const specificity = (s: (typeof servers)[number]) => Math.max(...s.hosts.map(h => (h.endsWith('/*') ? 0 : h.includes('*') ? h.length : 1000 + h.length)));
    if (generated.length > 0) servers.sort((a, b) => specificity(b) - specificity(a));
    const stopAtGateway = (listener: string, outcome: Outcome, reason: string): TraceHop[] => [{
      client: 'outside', server: gwClient.description, listener, match: reason, distribution: [], pods: [pod.ref], faults: [], outcome, reason,
    }];
    if (servers.length === 0) return stopAtGateway(`ingress gateway ${pod.ref} port ${port}`, Outcome.REFUSED, `no Gateway selecting ${JSON.stringify(pod.labels)} has a server on port ${port}: connection refused`);
    const hostMatch = (h: string) => hostCovers(h.includes('/') ? h.split('/')[1] : h, ctx.host);
    const served = servers.filter(s => s.hosts.some(hostMatch));
    if (served.length === 0) return stopAtGateway(`ingress gateway ${pod.ref} port ${port}`, Outcome.NOT_FOUND, `404: no server on port ${port} of Gateway ${servers.map(s => refOf(s.gw)).join(', ')} lists host ${ctx.host}`);
    const { gw, server } = served[0];
    ctx.namespaces.add(asString(gw.metadata?.namespace) ?? 'default');
    const gwKey = refOf(gw);
    const listener = `Gateway ${gwKey} server ${asString(asRecord(server.port).name) ?? ''} (${asString(asRecord(server.port).protocol) ?? 'HTTP'} ${port})`;
    const tlsMode = asString(asRecord(server.tls).mode);
    if (tlsMode === 'PASSTHROUGH' || tlsMode === 'AUTO_PASSTHROUGH') ctx.notes.push(`not modelled: Gateway ${gwKey} server tls mode ${tlsMode} (the model treats the request as terminated at the gateway)`);
    // Policies on the gateway pods (from outside: no peer identity).
    const notes = ctx.notes;
    const auth = authenticate(this.index, pod, ctx.token, notes);
    const first: TraceHop = {
      client: 'outside', server: gwClient.description, listener, match: `server hosts ${JSON.stringify(served[0].hosts)} cover ${ctx.host}`, distribution: [], pods: [pod.ref], faults: [],
      tls: HopTls.PLAIN_TEXT, tlsReason: tlsMode ? `TLS ${tlsMode} terminated at the gateway: no peer identity from outside` : 'from outside the mesh: no peer identity',
      authentication: auth.rejected ?? auth.summary, outcome: Outcome.OK, reason: 'accepted by the gateway',
    };
    if (auth.rejected) return [{ ...first, outcome: Outcome.UNAUTHENTICATED, status: 401, reason: auth.rejected }];
    const decision = authorize(this.index, pod, {
      auth, host: ctx.authority, method: ctx.method, path: ctx.path, port, headers: ctx.headers, tcp: false,
      remoteIp: source.remoteIp, peerIp: source.peerIp, atGateway: true,
    }, notes);
    const authorized: TraceHop = { ...first, authorization: decision.summary, decidingPolicy: decision.policy };
    // The gateway's own RBAC filter answers 403 before any route: the trace ends at the gateway hop.
    if (!decision.allowed) return [{ ...authorized, outcome: Outcome.DENIED, status: 403, reason: `403 at the ingress gateway: ${decision.summary}` }];
    if (decision.custom || decision.undetermined) return [{ ...authorized, outcome: Outcome.UNKNOWN, reason: decision.summary }];
    if (asRecord(server.tls).httpsRedirect === true) {
      // https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings (httpsRedirect)
      const reason = `redirect 301 to https: Gateway ${gwKey} server sets tls.httpsRedirect`;
      return [authorized, { client: gwClient.description, server: ctx.host, listener, match: reason, distribution: [], pods: [], faults: [], outcome: Outcome.OK, status: 301, reason }];
    }
    // Which VirtualServices may bind: the server host's namespace part (`ns/host`, `./host`, `*/host`).
    const allowed = (vs: ModelVirtualService) => served[0].hosts.some(h => {
      if (!hostMatch(h)) return false;
      const part = h.includes('/') ? h.split('/')[0] : '*';
      return part === '*' || (part === '.' ? vs.namespace === (gw.metadata?.namespace ?? 'default') : part === vs.namespace);
    });
    const vs = this.virtualServiceFor(ctx.host, gwKey, ns, at, allowed);
    // The gateway's jwt filter removes a token it verified unless the rule sets forwardOriginalToken.
    // https://istio.io/latest/docs/reference/config/security/request_authentication/#JWTRule (forwardOriginalToken)
    if (auth.requestPrincipal && !auth.forwarded) notes.push(`the ingress gateway's RequestAuthentication removes the token before forwarding (forwardOriginalToken is not set)`);
    const withAuth: Ctx = { ...at, gatewayAuth: auth, token: auth.requestPrincipal && !auth.forwarded ? undefined : ctx.token };
    const routed: Routed = vs
      ? this.route(vs, listener, gwKey, withAuth, gwClient)
      : { listener, match: `no VirtualService bound to Gateway ${gwKey} has host ${ctx.host}`, alternatives: [], faults: [], stop: { outcome: Outcome.NOT_FOUND, status: 404, reason: `404: no VirtualService bound to Gateway ${gwKey} routes host ${ctx.host}` } };
    return [authorized, ...this.hop(gwClient.description, ctx.host, routed, withAuth, gwClient)];
  }

  /**
   * The listeners (as the Istio Gateways istiod generates) of the Gateway API Gateway an ingress request enters at:
   * the one the source's `gateway.networking.k8s.io/gateway-name` label names in its namespace (else in any); else, when no Istio
   * Gateway selects the source's pods (`fallback`), the first Gateway of class `istio` with a listener on the port
   * whose hostname covers the host (else the first such Gateway). Istio deploys its pods as `<name>-istio` in the
   * Gateway's namespace.
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment
   */
  private gatewayApiEntry(source: RequestSource, fallback: boolean, port: number, ctx: Ctx): GeneratedGateway[] {
    const all = this.index.gatewayApi.gateways;
    const ofSource = (g: GeneratedGateway) => refOf(g.source);
    const named = source.labels[GATEWAY_NAME_LABEL];
    if (named !== undefined) {
      const inNs = all.filter(g => ofSource(g) === `${source.namespace ?? 'istio-system'}/${named}`);
      // A source naming the Gateway by label alone (the graph's) finds it in any namespace.
      const anywhere = all.filter(g => g.podLabels[GATEWAY_NAME_LABEL] === named);
      return inNs.length > 0 ? inNs : anywhere.filter(g => ofSource(g) === ofSource(anywhere[0]));
    }
    if (!fallback || all.length === 0) return [];
    const serves = all.find(g => list(asRecord(g.obj.spec).servers).map(asRecord).some(s => asRecord(s.port).number === port
      && list(s.hosts).some(h => typeof h === 'string' && hostCovers(h.slice(h.indexOf('/') + 1), ctx.host))));
    const chosen = ofSource(serves ?? all[0]);
    const others = [...new Set(all.map(ofSource))].filter(r => r !== chosen);
    ctx.notes.push(`no Istio Gateway selects the ingress gateway pods: the request enters at Gateway (${GATEWAY_API}) ${chosen}${others.length > 0 ? ` (not ${others.join(', ')}; name one with RequestSource.ingressGateway({ namespace, labels: { '${GATEWAY_NAME_LABEL}': name } }))` : ''}`);
    return all.filter(g => ofSource(g) === chosen);
  }

  /** A hop from the route decision: every alternative evaluated, the heaviest followed (through its waypoint, if any). */
  private hop(sender: string, host: string, routed: Routed, ctx: Ctx, client: Client): TraceHop[] {
    const common = {
      client: sender, listener: routed.listener, virtualService: routed.virtualService, routeIndex: routed.routeIndex, routeName: routed.routeName,
      match: routed.match, timeout: routed.timeout, retries: routed.retries, faults: routed.faults,
    };
    if (routed.stop) {
      return [{ ...common, server: host, distribution: [], pods: [], outcome: routed.stop.outcome, status: routed.stop.status, reason: routed.stop.reason, egress: routed.stop.egress }];
    }
    const destinations = routed.alternatives.map(a => this.withPort(a.destination, ctx.port));
    const upstream: Ctx = routed.upstream ? { ...ctx, ...routed.upstream } : ctx;
    // An unusable Gateway API backend: its cluster does not exist, and Istio sets Envoy's cluster_not_found_response_code
    // to 500 for Gateway API routes (Istio 1.30.3 pilot/pkg/networking/core/route/route.go applyHTTPRouteDestination).
    const arrivals = destinations.map((d, i): Arrival => {
      const unusable = routed.alternatives[i].unusable;
      return unusable ? { server: d.host, outcome: Outcome.INTERNAL_ERROR, status: 500, reason: `500: ${unusable}`, pods: [] } : this.arrive(d, upstream, client);
    });
    let chosen = 0;
    routed.alternatives.forEach((a, i) => { if (a.weight > routed.alternatives[chosen].weight) chosen = i; });
    const distribution: WeightedDestination[] = routed.alternatives.map((a, i) => ({ destination: destinations[i], weight: a.weight, outcome: arrivals[i].outcome, pods: arrivals[i].pods }));
    const { then, ...arrival } = arrivals[chosen];
    return [{ ...common, ...arrival, destination: destinations[chosen], distribution }, ...(then ?? [])];
  }

  /**
   * The destination with its port: as the route sets it, else the Service's only port, else the request's.
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination (port)
   */
  private withPort(dest: HopDestination, requestPort: number): HopDestination {
    if (dest.port !== undefined) return dest;
    const ports = this.index.services.get(dest.host)?.ports ?? [];
    return { ...dest, port: ports.length === 1 ? ports[0].port : requestPort };
  }

  /**
   * A destination: a Service of the set (its DestinationRule subset, pods, then the server side), a ServiceEntry host
   * (egress), a host declared outside the set, or nothing (503).
   * @see https://istio.io/latest/docs/ops/common-problems/network-issues/#503-errors-after-setting-destination-rule
   */
  private arrive(dest: HopDestination, ctx: Ctx, client: Client): Arrival {
    const clientNs = client.namespace ?? 'default';
    const service = this.index.serviceFor(dest.host, clientNs);
    if (!service) {
      const entry = this.index.entriesFor(dest.host, clientNs)[0];
      if (entry) {
        ctx.namespaces.add(entry.namespace);
        if (entry.location === 'MESH_INTERNAL') ctx.notes.push(`not modelled: MESH_INTERNAL ServiceEntry ${entry.ref} endpoints (policies of their workloads)`);
        return { server: dest.host, outcome: Outcome.OK, reason: `leaves the mesh to ${dest.host} via ServiceEntry ${entry.ref}`, pods: [], tls: HopTls.PLAIN_TEXT, tlsReason: 'to a host outside the mesh: no Istio mTLS', egress: `ServiceEntry ${entry.ref} (${entry.location})` };
      }
      if (this.index.isExternal(dest.host)) return { server: dest.host, outcome: Outcome.UNKNOWN, reason: `${dest.host} lives outside the set`, pods: [] };
      const hidden = this.index.services.get(dest.host);
      if (hidden) {
        const exportTo = exportToOf(hidden.obj, this.index.settings.defaultExportTo).join(', ');
        return { server: dest.host, outcome: Outcome.UNAVAILABLE, status: 503, reason: `503 NC: Service ${hidden.ref} is not exported to namespace ${clientNs} (exportTo ${exportTo}), so the sidecar has no cluster for it`, pods: [] };
      }
      return { server: dest.host, outcome: Outcome.UNAVAILABLE, status: 503, reason: `503: destination host ${dest.host} is neither a Service nor a ServiceEntry host of the set`, pods: [] };
    }
    ctx.namespaces.add(service.namespace);
    const port = dest.port ?? ctx.port;
    const servicePort = service.ports.find(p => p.port === port);
    if (!servicePort) return { server: service.ref, outcome: Outcome.UNAVAILABLE, status: 503, reason: `503: Service ${service.ref} has no port ${port}`, pods: [] };
    const waypoint = this.waypointFor(service, client, ctx);
    if (waypoint) return this.atWaypoint(waypoint, service, dest, port, ctx, client);
    const rule = client.sidecar ? this.destinationRuleFor(service, clientNs) : undefined;
    let pods = this.index.podsOf(service);
    let subsetPolicy: Readonly<Record<string, unknown>> = {};
    if (dest.subset) {
      const subset = rule && list(asRecord(rule.spec).subsets).map(asRecord).find(s => s.name === dest.subset);
      if (!subset) {
        const why = rule ? `DestinationRule ${refOf(rule)} defines no subset ${dest.subset}` : `no DestinationRule for ${service.fqdn} defines subset ${dest.subset}`;
        return { server: service.ref, outcome: Outcome.UNAVAILABLE, status: 503, reason: `503: ${why}`, pods: [] };
      }
      pods = pods.filter(p => selects(asRecord(subset.labels) as Record<string, string>, p.labels));
      subsetPolicy = asRecord(subset.trafficPolicy);
    }
    const podRefs = pods.map(p => p.ref);
    if (pods.length === 0) return { server: service.ref, outcome: Outcome.UNAVAILABLE, status: 503, reason: `503: no healthy upstream: ${dest.subset ? `subset ${dest.subset} of ` : ''}Service ${service.ref} selects no pods`, pods: [] };
    const tls = clientTls(rule, subsetPolicy, port);
    const results = pods.map(pod => this.atServer(pod, targetPortOf(servicePort, pod), client, ctx, tls));
    const differing = results.filter(r => r.outcome !== results[0].outcome);
    if (differing.length > 0) ctx.notes.push(`pods of ${service.ref} differ: ${results.map((r, i) => `${pods[i].ref} → ${r.outcome}`).join(', ')}; the trace follows ${pods[0].ref}`);
    return { ...results[0], pods: podRefs };
  }

  /**
   * The waypoint a request to `service` goes through: the Service's ({@link MeshIndex.waypointOf}), for a client in
   * ambient mode or with a sidecar (HBONE clients that know the waypoint), and for an ingress gateway when the Service
   * or its namespace has `istio.io/ingress-use-waypoint=true`. Not from the waypoint itself, nor for a client outside
   * the mesh: its plain text goes to the pod's ztunnel, and whether ztunnel then sends it on to the waypoint is not
   * modelled (Istio 1.30.3 architecture/ambient/peer-authentication.md calls that part not yet implemented).
   * @see https://istio.io/latest/docs/ambient/architecture/data-plane/
   * @see https://istio.io/latest/docs/ambient/usage/waypoint/#use-a-waypoint
   */
  private waypointFor(service: ModelService, client: Client, ctx: Ctx): ModelWaypoint | undefined {
    if (client.waypoint) return undefined;
    const waypoint = this.index.waypointOf(service);
    if (!waypoint) return undefined;
    if (!(client.ambient || client.sidecar)) {
      ctx.notes.push(`not modelled: ${client.description} is outside the mesh and sends to the pods of Service ${service.ref} directly; whether their ztunnel sends it on to waypoint ${waypoint.ref}`);
      return undefined;
    }
    if (client.ingress && !this.index.ingressUsesWaypoint(service)) {
      ctx.notes.push(`the ingress gateway skips waypoint ${waypoint.ref} of Service ${service.ref} (no ${INGRESS_USE_WAYPOINT}=true on it or its namespace): the waypoint's policies and routes do not apply`);
      return undefined;
    }
    return waypoint;
  }

  /**
   * A request arriving at the waypoint of `service`: over HBONE (mTLS with the client's identity), its
   * RequestAuthentication and AuthorizationPolicies (those with targetRefs to the waypoint Gateway or to the Service,
   * full L7), then its routing (a VirtualService for the Service's host, or an HTTPRoute with the Service as parent,
   * GAMMA; a subset the gateway chose is kept), then on to the destination pods' ztunnel, which sees the waypoint's
   * identity (`<namespace>/sa/<waypoint name>`). A VirtualService at a waypoint is alpha in Istio (HTTPRoute is the
   * supported way). Not modelled: waypoints for workload addresses (`waypoint-for: workload`), DestinationRule traffic
   * policies at the waypoint beyond subsets, and whether a waypoint in another namespace admits the attachment.
   * @see https://istio.io/latest/docs/ambient/architecture/data-plane/
   * @see https://istio.io/latest/docs/ambient/usage/l7-features/
   * @see Istio 1.30.3 architecture/ambient/peer-authentication.md, pilot/pkg/model/policyattachment.go
   */
  private atWaypoint(waypoint: ModelWaypoint, service: ModelService, dest: HopDestination, port: number, ctx: Ctx, client: Client): Arrival {
    const notes = ctx.notes;
    const pod = this.index.waypointPod(waypoint, service);
    ctx.namespaces.add(waypoint.namespace);
    const description = `waypoint ${waypoint.ref}`;
    const wpClient: Client = { description, namespace: waypoint.namespace, serviceAccount: waypoint.name, labels: pod.labels, sidecar: true, ambient: false, waypoint: true };
    const base = {
      server: description, waypoint: waypoint.ref, pods: [pod.ref], tls: HopTls.MUTUAL,
      tlsReason: `${client.ambient ? `${client.description}'s ztunnel` : client.description} sends HBONE to ${description} (mTLS with ${client.description}'s identity): Service ${service.ref} uses it`,
    };
    const auth = authenticate(this.index, pod, ctx.token, notes);
    if (auth.rejected) return { ...base, outcome: Outcome.UNAUTHENTICATED, status: 401, authentication: auth.rejected, reason: `${auth.rejected} (at ${description})` };
    const identified = client.namespace !== undefined && client.serviceAccount !== undefined;
    const tcp = service.ports.find(p => p.port === port)?.tcp === true;
    const decision = authorize(this.index, pod, {
      principal: identified ? this.index.principal(client.namespace!, client.serviceAccount!) : undefined,
      sourceNamespace: identified ? client.namespace : undefined,
      auth, host: ctx.authority, method: ctx.method, path: ctx.path, port, headers: ctx.headers, tcp,
    }, notes);
    const decided = { ...base, authentication: auth.summary, authorization: decision.summary, decidingPolicy: decision.policy };
    if (!decision.allowed) return { ...decided, outcome: Outcome.DENIED, status: 403, reason: `403 at ${description}: ${decision.summary}` };
    if (decision.custom || decision.undetermined) return { ...decided, outcome: Outcome.UNKNOWN, reason: decision.summary };
    // The waypoint's jwt filter removes a token it verified unless the rule sets forwardOriginalToken.
    const at: Ctx = { ...ctx, port, target: service.fqdn, token: auth.requestPrincipal && !auth.forwarded ? undefined : ctx.token };
    const listener = `${description} (HBONE 15008) for Service ${service.ref}`;
    const vs = dest.subset ? undefined : this.virtualServiceFor(service.fqdn, 'mesh', waypoint.namespace, at);
    const routed = vs ? this.route(vs, listener, 'mesh', at, wpClient)
      : { ...defaultRoute(listener, service.fqdn, port, true), ...(dest.subset ? { alternatives: [{ destination: dest, weight: 100 }], match: `the client chose subset ${dest.subset}` } : {}) };
    const then = this.hop(description, service.fqdn, routed, at, wpClient);
    const last = then[then.length - 1];
    return { ...decided, outcome: last.outcome, status: statusOf(last), reason: `through ${description}: ${last.reason}`, then };
  }

  /**
   * The DestinationRule for a Service: the most specific host match in the client's namespace, then the Service's,
   * then the root namespace (exported to the client's namespace).
   * @see https://istio.io/latest/docs/ops/best-practices/traffic-management/#cross-namespace-configuration
   * @see Istio 1.30.3 pilot/pkg/model/push_context.go destinationRule
   */
  private destinationRuleFor(service: ModelService, clientNs: string): Obj | undefined {
    for (const ns of [clientNs, service.namespace, this.index.settings.rootNamespace]) {
      let best: Obj | undefined;
      let bestLength = -1;
      for (const dr of this.index.inNamespace('DestinationRule', ns)) {
        if (ns !== clientNs && !this.index.visible(dr, clientNs)) continue;
        const host = asString(asRecord(dr.spec).host);
        if (!host) continue;
        const q = qualify(host, ns);
        const length = q === service.fqdn ? Infinity : hostCovers(q, service.fqdn) ? q.length : -1;
        if (length > bestLength) {
          best = dr;
          bestLength = length;
        }
      }
      if (best) return best;
    }
    return undefined;
  }

  /**
   * The server side of a hop: transport security (client TLS from the DestinationRule or auto mTLS, against the
   * server's PeerAuthentication mode), then RequestAuthentication, then AuthorizationPolicy. A server without a
   * sidecar enforces nothing, unless it is in ambient mode: then its ztunnel takes HBONE (mTLS) from ambient clients,
   * sidecars, gateways and waypoints, and plain text from the rest, which STRICT refuses (istiod sends ztunnel STRICT
   * as a DENY of requests without a peer principal; PERMISSIVE and DISABLE change nothing there); ztunnel enforces no
   * RequestAuthentication, and AuthorizationPolicies without targetRefs at L4 only ({@link ztunnelRules}).
   * @see https://istio.io/latest/docs/concepts/security/#mutual-tls-authentication
   * @see https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#auto-mutual-tls
   * @see Istio 1.30.3 pilot/pkg/networking/core/cluster_tls.go buildUpstreamTLSSettings (auto mTLS: none when the server is DISABLE)
   * @see Istio 1.30.3 architecture/ambient/peer-authentication.md, pilot/pkg/serviceregistry/ambient/authorization.go convertAuthorizationPolicy
   * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
   */
  private atServer(pod: ModelPod, port: number, client: Client, ctx: Ctx, tls: { mode?: string; source?: string }): Arrival {
    const notes = ctx.notes;
    const serverSidecar = this.hasSidecar(pod, notes);
    const ztunnel = !serverSidecar && pod.ambient;
    const peer = serverSidecar || ztunnel ? peerMode(this.index, pod, port, notes) : undefined;
    let sends: 'mutual' | 'plain' | 'tls';
    let why: string;
    if (client.ambient) {
      sends = serverSidecar || ztunnel ? 'mutual' : 'plain';
      why = sends === 'mutual' ? `${client.description}'s ztunnel sends HBONE (mTLS)` : `${client.description}'s ztunnel sends plain text to ${pod.ref}, which is not in the mesh`;
    } else if (!client.sidecar) {
      sends = 'plain';
      why = `${client.description} has no sidecar`;
    } else if (tls.mode) {
      sends = tls.mode === 'ISTIO_MUTUAL' ? 'mutual' : tls.mode === 'DISABLE' ? 'plain' : 'tls';
      why = `${tls.source} sets tls mode ${tls.mode}`;
    } else if (!this.index.settings.autoMtls) {
      sends = 'plain';
      why = 'meshConfig.enableAutoMtls is false and no DestinationRule sets tls';
    } else if (ztunnel) {
      sends = 'mutual';
      why = `${client.description} sends HBONE (mTLS): ${pod.ref} is in ambient mode`;
    } else if (!serverSidecar || peer?.mode === 'DISABLE') {
      sends = 'plain';
      why = serverSidecar ? 'auto mTLS: the server\'s mode is DISABLE' : 'auto mTLS: the server has no sidecar';
    } else {
      sends = 'mutual';
      why = 'auto mTLS: the server has a sidecar';
    }
    const base = { server: pod.ref, pods: [pod.ref] };
    if (!serverSidecar && !ztunnel) {
      if (sends !== 'plain') return { ...base, outcome: Outcome.UNAVAILABLE, status: 503, tls: HopTls.REFUSED, tlsReason: `${why}, but ${pod.ref} has no sidecar to terminate it`, reason: `503: ${why}, but ${pod.ref} has no sidecar` };
      const unenforced = ['PeerAuthentication', 'RequestAuthentication', 'AuthorizationPolicy'].flatMap(k => policiesFor(this.index, k, pod, []).map(o => `${k} ${refOf(o)}`));
      if (unenforced.length > 0) notes.push(`${pod.ref} has no sidecar: ${unenforced.join(', ')} not enforced`);
      return { ...base, outcome: Outcome.OK, tls: HopTls.PLAIN_TEXT, tlsReason: `${why}; ${pod.ref} has no sidecar`, reason: `reaches ${pod.ref} (no sidecar: no policy enforced)` };
    }
    const mode = peer!.mode;
    const tlsReason = `${why}; ${ztunnel ? 'ztunnel of the server: ' : ''}server mode ${mode} (${peer!.source})`;
    if (mode === 'STRICT' && sends !== 'mutual') {
      // The server resets the plain-text connection. A client with a sidecar gets that reset from its own sidecar as a
      // 503 (upstream connect error); one without sees the reset itself.
      // https://istio.io/latest/docs/ops/common-problems/network-issues/#503-errors-after-setting-destination-rule
      const refusal = `${ztunnel ? `the ztunnel of ${pod.ref} (ambient)` : pod.ref} requires mTLS (STRICT, ${peer!.source}) and ${why}`;
      return client.sidecar
        ? { ...base, outcome: Outcome.UNAVAILABLE, status: 503, tls: HopTls.REFUSED, tlsReason, reason: `503: the client's sidecar sees the connection reset: ${refusal}` }
        : { ...base, outcome: Outcome.REFUSED, tls: HopTls.REFUSED, tlsReason, reason: `connection reset: ${refusal}` };
    }
    if (mode === 'DISABLE' && sends === 'mutual' && !ztunnel) return { ...base, outcome: Outcome.UNAVAILABLE, status: 503, tls: HopTls.REFUSED, tlsReason, reason: `503: ${why}, but ${pod.ref} accepts plain text only (DISABLE, ${peer!.source})` };
    if (sends === 'tls') notes.push(`not modelled: ${tls.source} tls ${tls.mode} towards ${pod.ref}: TLS origination, no Istio identity`);
    const mutual = sends === 'mutual';
    const result = { ...base, tls: mutual ? HopTls.MUTUAL : HopTls.PLAIN_TEXT, tlsReason };
    if (ztunnel) {
      const unenforced = policiesFor(this.index, 'RequestAuthentication', pod, []).map(refOf);
      if (unenforced.length > 0) notes.push(`${pod.ref} is in ambient mode: ztunnel does not enforce RequestAuthentication ${unenforced.join(', ')} (target a waypoint with targetRefs)`);
    }
    const auth = ztunnel ? { claims: {}, audiences: [] } : authenticate(this.index, pod, ctx.token, notes);
    if (auth.rejected) return { ...result, outcome: Outcome.UNAUTHENTICATED, status: 401, authentication: auth.rejected, reason: auth.rejected };
    const identified = mutual && client.namespace !== undefined && client.serviceAccount !== undefined;
    const decision = authorize(this.index, pod, {
      principal: identified ? this.index.principal(client.namespace!, client.serviceAccount!) : undefined,
      sourceNamespace: identified ? client.namespace : undefined,
      auth, host: ctx.authority, method: ctx.method, path: ctx.path, port, headers: ctx.headers,
      tcp: this.index.services.get(ctx.target)?.ports.find(p => p.port === ctx.port)?.tcp === true, ztunnel,
    }, notes);
    const decided = { ...result, authentication: auth.summary, authorization: decision.summary, decidingPolicy: decision.policy };
    if (!decision.allowed) return { ...decided, outcome: Outcome.DENIED, status: 403, reason: `403: ${decision.summary}` };
    if (decision.custom || decision.undetermined) return { ...decided, outcome: Outcome.UNKNOWN, reason: decision.summary };
    return { ...decided, outcome: Outcome.OK, reason: `reaches ${pod.ref}${mutual ? ` over mTLS${ztunnel ? ' (HBONE, ztunnel)' : ''}` : ''}` };
  }
}

/**
 * The path and authority the upstream sees after a route's `rewrite`. `uri` is Envoy's `prefix_rewrite`: it replaces
 * the matched prefix, the whole path of an exact match, or the leading `/` of a route without a uri match (Istio
 * matches those on prefix `/`). A regex match or `uriRegexRewrite` is noted as not modelled, the path kept.
 * @see Istio 1.30.3 pilot/pkg/networking/core/route/route.go (Rewrite: PrefixRewrite, RegexRewrite, HostRewriteLiteral)
 * @see https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#envoy-v3-api-field-config-route-v3-routeaction-prefix-rewrite
 */
function rewritten(rewrite: Record<string, unknown>, match: Record<string, unknown> | undefined, ctx: Ctx, at: string, vs: ModelVirtualService): { path?: string; authority?: string } {
  const vsRef = vs.ref;
  const authority = asString(rewrite.authority);
  const uri = asString(rewrite.uri);
  let path: string | undefined;
  const regex = asRecord(rewrite.uriRegexRewrite);
  if (vs.httpRoutes && regex.match === '/.*' && typeof regex.rewrite === 'string') {
    // Gateway API's ReplaceFullPath, as istiod writes it (conversion.go createRewriteFilter): the whole path replaced.
    path = regex.rewrite;
  } else if (rewrite.uriRegexRewrite !== undefined) {
    ctx.notes.push(`not modelled: ${at}.uriRegexRewrite of VirtualService ${vsRef}: the upstream's policies see a path the model does not compute (it keeps ${ctx.path})`);
  } else if (uri) {
    const m = match === undefined ? undefined : asRecord(match.uri);
    const prefix = match === undefined ? undefined : match.uri === undefined ? '/' : asString(m!.prefix);
    // Gateway API's ReplacePrefixMatch `/` removes the prefix and keeps the `/` after it (route.go: regex `^prefix(/?)(.*)` → `/\2`).
    if (prefix !== undefined && vs.httpRoutes && uri === '/') path = `/${ctx.path.slice(prefix.length).replace(/^\//, '')}`;
    else if (prefix !== undefined) path = uri + ctx.path.slice(prefix.length);
    else if (m?.exact !== undefined) path = uri;
    else ctx.notes.push(`not modelled: ${at}.uri of VirtualService ${vsRef} after a regex match (or a route taken whatever the request): the model keeps the path ${ctx.path}`);
  }
  return { ...(path !== undefined && { path }), ...(authority && { authority }) };
}

/** HTTPMatchRequest fields the model evaluates (and `name`, which only labels the match). */
const MATCH_FIELDS = new Set(['uri', 'method', 'authority', 'scheme', 'port', 'sourceNamespace', 'sourceLabels', 'gateways', 'headers', 'withoutHeaders', 'queryParams', 'ignoreUriCase', 'name', 'statPrefix']);

/**
 * Routing with no VirtualService: every pod of the Service, Istio's default retries.
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/traffic-routing/
 */
function defaultRoute(listener: string, fqdn: string, port: number, sidecar: boolean): Routed {
  return {
    listener, match: `no VirtualService for ${fqdn}: default routing to every pod of the Service`,
    alternatives: [{ destination: { host: fqdn, port }, weight: 100 }], faults: [], retries: sidecar ? retriesOf(undefined) : undefined,
  };
}

/**
 * A route's destinations as weighted alternatives: hosts qualified in the VirtualService's namespace; a single
 * destination takes 100, others their `weight` (0 when unset).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination
 */
function destinationsOf(route: unknown[], namespace: string): Routed['alternatives'] {
  return route.map(r => {
    const d = asRecord(asRecord(r).destination);
    const host = qualify(asString(d.host) ?? '', namespace);
    const number = asRecord(d.port).number;
    const destination: HopDestination = { host, ...(asString(d.subset) ? { subset: asString(d.subset) } : {}), ...(typeof number === 'number' ? { port: number } : {}) };
    const weight = route.length === 1 ? 100 : typeof asRecord(r).weight === 'number' ? (asRecord(r).weight as number) : 0;
    const unusable = asString(asRecord(r).unusable);
    return { destination, weight, ...(unusable ? { unusable } : {}) };
  });
}

/**
 * The route's retries, or Istio's default (2 attempts) when it sets none.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
 * @see Istio 1.30.3 pilot/pkg/networking/core/route/retry/retry.go
 */
function retriesOf(value: unknown): HopRetries {
  if (value === undefined) return { attempts: 2, retryOn: DEFAULT_RETRY_ON, isDefault: true };
  const r = asRecord(value);
  const perTry = asString(r.perTryTimeout);
  return { attempts: typeof r.attempts === 'number' ? r.attempts : 0, retryOn: asString(r.retryOn) ?? DEFAULT_RETRY_ON, isDefault: false, ...(perTry ? { perTryTimeout: perTry } : {}) };
}

/**
 * The route's `fault.delay` and `fault.abort`, each with its percentage (100 when unset).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection
 */
function faultsOf(value: unknown): HopFault[] {
  const f = asRecord(value);
  const pct = (x: Readonly<Record<string, unknown>>): number => {
    const p = asRecord(x.percentage).value;
    return typeof p === 'number' ? p : typeof x.percent === 'number' ? x.percent : 100;
  };
  const out: HopFault[] = [];
  if (f.delay !== undefined) {
    const d = asRecord(f.delay);
    out.push({ kind: FaultKind.DELAY, percentage: pct(d), ...(asString(d.fixedDelay) ? { fixedDelay: asString(d.fixedDelay) } : {}) });
  }
  if (f.abort !== undefined) {
    const a = asRecord(f.abort);
    out.push({ kind: FaultKind.ABORT, percentage: pct(a), ...(typeof a.httpStatus === 'number' ? { httpStatus: a.httpStatus } : {}) });
  }
  return out;
}

/**
 * The client TLS mode a DestinationRule sets for a port: the subset's port-level, the subset's, the rule's port-level,
 * then the rule's `trafficPolicy.tls`.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings
 */
function clientTls(rule: Obj | undefined, subsetPolicy: Readonly<Record<string, unknown>>, port: number): { mode?: string; source?: string } {
  if (!rule) return {};
  const top = asRecord(asRecord(rule.spec).trafficPolicy);
  const portLevel = (tp: Readonly<Record<string, unknown>>) => list(tp.portLevelSettings).map(asRecord).find(s => asRecord(s.port).number === port);
  for (const tp of [portLevel(subsetPolicy), subsetPolicy, portLevel(top), top]) {
    const mode = tp && asString(asRecord(tp.tls).mode);
    if (mode) return { mode, source: `DestinationRule ${refOf(rule)}` };
  }
  return {};
}

/** The container port a Service port sends to: `targetPort` (a number, or a container port name), else the port. */
function targetPortOf(port: { readonly port: number; readonly targetPort: number | string }, pod: ModelPod): number {
  if (typeof port.targetPort === 'number') return port.targetPort;
  return pod.containerPorts.get(port.targetPort) ?? (Number(port.targetPort) || port.port);
}

function statusOf(hop: TraceHop): number | undefined {
  if (hop.status) return hop.status;
  if (hop.outcome === Outcome.FAULT) return hop.faults.find(f => f.kind === FaultKind.ABORT)?.httpStatus;
  return Number(Object.keys(STATUS).find(status => STATUS[Number(status)] === hop.outcome)) || undefined;
}
