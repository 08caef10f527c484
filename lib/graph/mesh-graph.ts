import type { MeshModel, MeshModelOptions } from '../model/mesh-model';
import { HopTls, Outcome } from '../model/trace';

/**
 * What a node of the mesh graph stands for.
 * @see https://kiali.io/docs/features/topology/#graph-types
 */
export enum MeshNodeKind {
  /** A Kubernetes Service with its versions (the pods it selects, grouped by their `version` label). */
  SERVICE = 'service',
  /** Pods no Service of the set selects (a client such as curl), grouped by version. */
  CLIENT = 'client',
  /** The ingress gateway: where requests from outside enter. */
  INGRESS = 'ingress',
  /** A host outside the mesh (a ServiceEntry host, a host passed through) or outside the set. */
  EXTERNAL = 'external',
  /** A whole namespace, in the overview of a picture split by namespace. */
  NAMESPACE = 'namespace',
  /**
   * An ambient-mode waypoint (a Gateway of class `istio-waypoint`): requests to the Services that use it pass it, and
   * its L7 policies and routes apply there.
   * @see https://istio.io/latest/docs/ambient/usage/waypoint/
   */
  WAYPOINT = 'waypoint',
}

/**
 * The pods of a node that share a version.
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/#pod-labels
 */
export interface MeshVersion {
  /** The `version` label, or the workload's name when its pods have none. */
  readonly name: string;
  /** Pods declared (the replicas of its workloads). */
  readonly pods: number;
  /** Its workloads, as `namespace/name`. */
  readonly workloads: string[];
  /** Whether its pods get a sidecar. */
  readonly sidecar: boolean;
  /**
   * Pods that answer slowly on purpose (the http-echo image's `LATENCY`).
   * @default 0
   */
  readonly slowPods?: number;
  /**
   * The longest such latency, in seconds.
   * @default - no slow pod
   */
  readonly latencySeconds?: number;
}

/**
 * A node of the mesh graph: a service with its versions, a client, the ingress gateway, a waypoint or an external host.
 * @see https://kiali.io/docs/features/topology/#graph-types
 */
export interface MeshNode {
  /** Unique and stable (from kinds, namespaces, names and hosts), e.g. `service:hello.default.svc.cluster.local`; never shown. */
  readonly id: string;
  /** What the node stands for. */
  readonly kind: MeshNodeKind;
  /** The name shown: the Service's name, the host, `ingress gateway`, `waypoint` (a waypoint's name, with `waypoint` before it unless it says so). */
  readonly name: string;
  /**
   * The namespace it lives in.
   * @default - none (external hosts, the ingress gateway)
   */
  readonly namespace?: string;
  /** Its versions (services and clients). */
  readonly versions: MeshVersion[];
  /** Facts worth a glance, in plain words: `JWT required`, `deny by default`, `via egress gateway`, a waypoint's `L7 policy` and `for hello, world`. */
  readonly badges: string[];
}

/**
 * What an edge of the mesh graph stands for.
 * @see https://kiali.io/docs/features/topology/
 */
export enum MeshEdgeKind {
  /** A call a workload declares (its `calls`, or http-echo's `next`). */
  CALL = 'call',
  /** A request from outside, entering at the ingress gateway for a host a VirtualService routes. */
  INGRESS = 'ingress',
}

/**
 * One destination of a route branch, with the outcome a request sent there has.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination
 */
export interface MeshEdgeDestination {
  /**
   * The subset (version) it goes to.
   * @default - every pod of the service
   */
  readonly subset?: string;
  /** Its share of the branch, in percent. */
  readonly weight: number;
  /** The outcome there. */
  readonly outcome: Outcome;
}

/**
 * A route of the edge's VirtualService, in route order: when it applies and where it sends.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export interface MeshRouteBranch {
  /** The route's position in the VirtualService (0 first: Istio takes the first route that matches). */
  readonly order: number;
  /** When it applies, in plain words: `end-user=john`, `otherwise`; empty for a route that always applies. */
  readonly condition: string;
  /** Where it sends, with weights and outcomes. */
  readonly destinations: MeshEdgeDestination[];
  /**
   * What the route adds, in plain words: `timeout 500ms`, `delay 7s for 100%`, `abort 500 for 100%`.
   * @default - nothing
   */
  readonly settings?: string[];
}

/**
 * An edge of the mesh graph: a declared call or an ingress request, with what the mesh model says happens to it.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-describe/
 */
export interface MeshEdge {
  /**
   * The id of the calling node. A request through a waypoint is two edges: caller to waypoint (where it ends when the
   * waypoint denies it), then waypoint to the Service, carrying the routes and the outcome.
   */
  readonly source: string;
  /** The id of the node called (a waypoint, for the first of two edges). */
  readonly target: string;
  /** A declared call or an ingress request. */
  readonly kind: MeshEdgeKind;
  /** The host as called (`world`, `hello.example.com`). */
  readonly host: string;
  /** The versions of the source that make the call (empty: every version, or a source without versions). */
  readonly fromVersions: string[];
  /** What the mesh model says happens to the request as sent. */
  readonly outcome: Outcome;
  /**
   * The outcome the call is declared to have, when it is not `ok`.
   * @default Outcome.OK
   */
  readonly expected?: Outcome;
  /**
   * Transport security of the hop that arrives.
   * @default - no hop made (the request stopped before)
   */
  readonly tls?: HopTls;
  /** The routes that decide where it goes, in route order (one branch without condition for default routing). */
  readonly branches: MeshRouteBranch[];
  /** What the route taken adds, in plain words: `timeout 10s`, `2 retries × 2s`, `delay 5s for 10%`. */
  readonly settings: string[];
  /**
   * How many requests the edge stands for (an overview edge between namespaces stands for all of theirs; an edge on
   * from a waypoint for those of each caller it passes on alike).
   * @default 1
   */
  readonly count?: number;
}

/**
 * A namespace of the mesh graph, with what applies to all of its pods.
 * @see https://istio.io/latest/docs/concepts/security/#peer-authentication
 */
export interface MeshGraphNamespace {
  /** The namespace's name. */
  readonly name: string;
  /**
   * The mTLS mode its sidecars (or, in ambient mode, ztunnel) accept (`STRICT`, `PERMISSIVE`, `DISABLE`) when all agree.
   * @default - pods differ, or none is in the mesh
   */
  readonly mtls?: string;
  /** Whether any of its pods has a sidecar. */
  readonly sidecars: boolean;
  /**
   * Whether its pods are in ambient mode (ztunnel, no sidecars).
   * @default false
   * @see https://istio.io/latest/docs/ambient/overview/
   */
  readonly ambient?: boolean;
}

/**
 * The picture of what a mesh does, built from the mesh model: services with their versions, the calls between them
 * and the requests entering at the gateway, each with the model's outcome and the routes that decide it.
 * @see https://kiali.io/docs/features/topology/#graph-types
 */
export interface MeshGraph {
  /** Services, clients, the ingress gateway, waypoints and external hosts, sorted by id. */
  readonly nodes: MeshNode[];
  /** Declared calls and ingress requests, sorted by source, target and host. */
  readonly edges: MeshEdge[];
  /** The namespaces of the nodes, sorted by name. */
  readonly namespaces: MeshGraphNamespace[];
  /** Mesh-wide facts in plain words: `outbound traffic REGISTRY_ONLY`, `tracing zipkin, 100% sampled`, `egress gateway`. */
  readonly badges: string[];
}

// The functions below load the graph code (build, then the renderers) on first use, not with the package.
/* eslint-disable @typescript-eslint/no-require-imports */

/**
 * The picture of what a mesh does, from its manifests (synthesized or hand-written): each Service with its versions
 * (pods grouped by `version`), the calls the workloads declare and the requests entering at the ingress gateway, each
 * edge with the mesh model's outcome (mTLS, plain text, refused, denied) and the VirtualService routes that decide it
 * in route order; badges for JWT required, deny by default, slow pods, Telemetry, REGISTRY_ONLY and the egress gateway.
 * @see https://kiali.io/docs/features/topology/#graph-types
 */
export function buildMeshGraph(objects: any[], options: MeshModelOptions = {}): MeshGraph {
  return (require('./build') as typeof import('./build')).buildMeshGraph(objects, options);
}

/**
 * The picture of what a mesh does, from its model (see {@link buildMeshGraph}).
 * @see https://kiali.io/docs/features/topology/#graph-types
 */
export function meshGraphOf(model: MeshModel): MeshGraph {
  return (require('./build') as typeof import('./build')).meshGraphOf(model);
}

/**
 * Options of {@link renderMarkdown}.
 * @see https://mermaid.js.org/syntax/flowchart.html
 */
export interface MarkdownOptions {
  /**
   * The page's `# title`.
   * @default - no heading
   */
  readonly title?: string;
  /**
   * One line saying what the picture shows, put before the generated summary.
   * @default - the summary alone
   */
  readonly caption?: string;
  /**
   * The most nodes one diagram holds; a larger graph (or one near Mermaid's 50,000-character and 500-edge limits)
   * becomes an overview plus one diagram per namespace.
   * @default 40
   */
  readonly maxNodes?: number;
}

/**
 * Mermaid's `maxTextSize` (mermaid 11's default): a longer diagram renders as an error, so pictures stay below it.
 * @see https://mermaid.js.org/config/schema-docs/config.html#maxtextsize
 */
export const MERMAID_MAX_TEXT = 50_000;

/**
 * Mermaid's `maxEdges` (mermaid 11's default): a diagram with more edges renders as an error.
 * @see https://mermaid.js.org/config/schema-docs/config.html#maxedges
 */
export const MERMAID_MAX_EDGES = 500;

/**
 * One Mermaid flowchart of the graph, unsplit: the namespace holding most nodes as a box titled with its mTLS mode (or
 * "no sidecars"), that line on each node of the others; a node per service with its versions and badges, an edge per
 * call or ingress request with its routes in order and its outcome, coloured by outcome. Node ids are `n0`, `n1`, ...
 * (never shown).
 * @see https://mermaid.js.org/syntax/flowchart.html
 */
export function renderMermaid(graph: MeshGraph): string {
  return (require('./render-mermaid') as typeof import('./render-mermaid')).renderMermaid(graph);
}

/**
 * The Markdown page of a mesh graph: the title, a one-line caption (`caption` and a generated summary), mesh-wide badges, the diagram (or, for a graph of
 * more than `maxNodes` nodes or near Mermaid's limits, an overview and one diagram per namespace, each under its
 * heading) and the legend. A graph without nodes gets a sentence instead of an empty chart.
 * @see https://mermaid.js.org/syntax/flowchart.html
 */
export function renderMarkdown(graph: MeshGraph, options: MarkdownOptions = {}): string {
  return (require('./render-mermaid') as typeof import('./render-mermaid')).renderMarkdown(graph, options);
}

/**
 * The graph as a Graphviz digraph (left to right): a cluster per namespace, a node per service with its versions and
 * badges, an edge per call or ingress request with its routes in order and its outcome (green mTLS, grey dashed plain
 * text, red failures). Node ids are `n0`, `n1`, ... (never shown).
 * @see https://graphviz.org/doc/info/lang.html
 */
export function renderDot(graph: MeshGraph): string {
  return (require('./render-dot') as typeof import('./render-dot')).renderDot(graph);
}

/**
 * The graph as JSON: `{"nodes", "edges", "namespaces", "badges"}`, two-space indented, fields as {@link MeshGraph}
 * documents them.
 * @see https://kiali.io/docs/features/topology/
 */
export function renderJson(graph: MeshGraph): string {
  return `${JSON.stringify(graph, null, 2)}\n`;
}
