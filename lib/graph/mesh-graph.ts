import { hostCovers } from '../private/hosts';
import { policyValueMatch } from '../private/model/matching';
import { hostRegistry, isClusterLocal, qualify } from '../private/analysis/hosts';
import { asLabels, asString, namespaceOf, ofKind, ROOT_NAMESPACE, specOf } from '../private/analysis/objects';
import { gatewayKey, gatewaysOf, MESH_GATEWAY } from '../private/analysis/virtual-services';
import { selects, Workload, workloadsOf } from '../private/analysis/workloads';
import { asRecord, At, entries, field, isRecord, items, NETWORKING, SECURITY } from '../private/rules/object';
import { ManifestObject } from '../validation/finding';

/**
 * What a node of the mesh graph stands for.
 * @see https://istio.io/latest/docs/concepts/traffic-management/
 */
export enum MeshNodeKind {
  /** A Kubernetes namespace (rendered as a subgraph). */
  NAMESPACE = 'namespace',
  /** An Istio Gateway (ingress or egress). */
  GATEWAY = 'gateway',
  /** A host named by a VirtualService, as clients address it (through a gateway, or inside the mesh). */
  HOST = 'host',
  /** One route (`http[i]`, `tls[i]`, `tcp[i]`) of a VirtualService. */
  ROUTE = 'route',
  /** A Kubernetes Service or a ServiceEntry host. */
  SERVICE = 'service',
  /** A DestinationRule subset of a service host. */
  SUBSET = 'subset',
  /** Pods: a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod. */
  WORKLOAD = 'workload',
  /** A caller named by an AuthorizationPolicy that is not a workload of the set (a namespace, a JWT, an outside identity, anyone). */
  CALLER = 'caller',
}

/**
 * Which way a gateway faces.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/
 */
export enum GatewayDirection {
  /** An ingress gateway: traffic into the mesh. */
  INGRESS = 'ingress',
  /** An egress gateway: traffic leaving the mesh. */
  EGRESS = 'egress',
}

/**
 * What an edge of the mesh graph stands for.
 * @see https://istio.io/latest/docs/concepts/traffic-management/
 */
export enum MeshEdgeKind {
  /** Gateway → host: the gateway accepts traffic for the host (a VirtualService binds them). */
  GATEWAY = 'gateway',
  /** Host → route: requests for the host matching the route's conditions take it. */
  MATCH = 'match',
  /** Route → service or subset: where the route sends traffic. */
  ROUTE = 'route',
  /** Route → service or subset: where the route mirrors traffic. */
  MIRROR = 'mirror',
  /** Route → route of a delegate VirtualService. */
  DELEGATE = 'delegate',
  /** Subset → workload: pods of the subset (service selector and subset labels). */
  SUBSET = 'subset',
  /** Service → workload: pods the Service (or ServiceEntry `workloadSelector`) selects. */
  SELECTS = 'selects',
  /** Caller → workload: an AuthorizationPolicy rule about the caller's requests to the workload. */
  AUTHZ = 'authz',
}

/**
 * A peer authentication (mTLS) mode as Istio resolves it for a server.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication-MutualTLS-Mode
 */
export type MtlsModeName = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/**
 * The mTLS mode that applies to a namespace or workload, and which PeerAuthentication decided it.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export interface MeshMtls {
  readonly mode: MtlsModeName;
  /** `default` (no policy: PERMISSIVE), `mesh`, `namespace` or `workload`. */
  readonly source: 'default' | 'mesh' | 'namespace' | 'workload';
  /** The deciding PeerAuthentication as `namespace/name`; absent for `default`. */
  readonly policy?: string;
  /** Port-level modes (workload policies only), by container port. */
  readonly ports?: Readonly<Record<string, MtlsModeName>>;
}

/**
 * A node of the mesh graph. `id` is stable: it is derived from kinds, namespaces, names and hosts only.
 * @see https://istio.io/latest/docs/concepts/traffic-management/
 */
export interface MeshNode {
  /** Unique and stable, e.g. `service:hello.default.svc.cluster.local`, `workload:default/Deployment/hello-v1`. */
  readonly id: string;
  readonly kind: MeshNodeKind;
  /** Short human-readable name. */
  readonly label: string;
  /** The namespace the node lives in (absent for hosts, external services and callers outside any namespace). */
  readonly namespace?: string;
  /** Services: declared by a MESH_EXTERNAL ServiceEntry (the default location). Callers: outside identities. */
  readonly external?: boolean;
  /** False when the set references it but does not declare it (a host with no Service, a gateway defined elsewhere, an undefined subset). */
  readonly declared: boolean;
  /** Namespaces and workloads: the mTLS mode their sidecars accept. */
  readonly mtls?: MeshMtls;
  /** Workloads: the pod labels. Subsets: the subset labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Workloads: the pods' service account (`default` when unset). */
  readonly serviceAccount?: string;
  /** Workloads: whether pods get a sidecar (injection labels). Namespaces: their injection label. Absent when the set does not say. */
  readonly sidecar?: boolean;
  /** Workloads: an allow-nothing AuthorizationPolicy (ALLOW without rules) applies, so only what other ALLOW policies name gets in. */
  readonly denyAll?: boolean;
  /**
   * Gateways: ingress or egress (egress when the selector names an egress gateway).
   * @default - not a gateway
   */
  readonly direction?: GatewayDirection;
  /** Gateways: servers as `PROTOCOL port hosts`. Services: ports as `name port`. */
  readonly ports?: string[];
  /** Subsets: the service node they belong to. Routes: the VirtualService as `namespace/name`. */
  readonly parent?: string;
  /** Routes: protocol section `http`, `tls` or `tcp`. */
  readonly protocol?: string;
  /** Routes: what the route does besides forwarding (fault injection, redirect, rewrite, direct response). */
  readonly actions?: string[];
  /** Services: the client TLS mode set by a DestinationRule `trafficPolicy.tls.mode`. */
  readonly clientTls?: string;
}

/**
 * An edge of the mesh graph, from node id `source` to node id `target`.
 * @see https://istio.io/latest/docs/concepts/traffic-management/
 */
export interface MeshEdge {
  /** The id of the node the edge starts at. */
  readonly source: string;
  /** The id of the node the edge ends at. */
  readonly target: string;
  readonly kind: MeshEdgeKind;
  /** Match edges: alternatives (any one matches), each conditions joined by ` & `, e.g. `uri prefix /api & end-user=john`. */
  readonly match?: string[];
  /** Route edges: traffic weight in percent (100 for a single destination without weight). */
  readonly weight?: number;
  /** Route edges: destination port. */
  readonly port?: number;
  /** Route edges: the route's timeout, e.g. `10s`. */
  readonly timeout?: string;
  /** Route edges: the retry policy, e.g. `2 × 2s on gateway-error`. */
  readonly retries?: string;
  /** Mirror edges: percentage mirrored. */
  readonly percent?: number;
  /** Gateway edges: false when no server of the gateway covers the host. */
  readonly served?: boolean;
  /** Authz edges: `ALLOW`, `DENY`, `AUDIT` or `CUSTOM`. */
  readonly action?: string;
  /** Authz edges: the AuthorizationPolicy as `namespace/name`. */
  readonly policy?: string;
  /** Authz edges: HTTP methods the rule is about (absent: any). */
  readonly methods?: string[];
  /** Authz edges: paths the rule is about (absent: any). */
  readonly paths?: string[];
  /** Authz edges: ports the rule is about (absent: any). */
  readonly ports?: string[];
  /** Authz edges: other conditions (`not` operations, `when` conditions), e.g. `request.auth.claims[groups] in users`. */
  readonly conditions?: string[];
}

/**
 * Nodes and edges of a mesh, sorted by id (nodes) and by source, target, kind and attributes (edges).
 * @see https://istio.io/latest/docs/concepts/traffic-management/
 */
export interface MeshGraph {
  /** Gateways, hosts, routes, services, subsets, workloads, namespaces and callers, in the order first met. */
  readonly nodes: MeshNode[];
  /** What binds the nodes: gateway → host → route → service or subset → workload, and callers → workloads. */
  readonly edges: MeshEdge[];
}

type MutableNode = { -readonly [K in keyof MeshNode]: MeshNode[K] };

/** The mutable state while a graph is built. */
class Builder {
  public readonly nodes = new Map<string, MutableNode>();
  private readonly edges = new Map<string, MeshEdge>();

  /** Adds a node, or merges into the existing one (a declared node wins over an undeclared reference). */
  public node(node: MutableNode): MutableNode {
    const known = this.nodes.get(node.id);
    if (!known) {
      this.nodes.set(node.id, node);
      return node;
    }
    if (node.declared && !known.declared) Object.assign(known, node);
    return known;
  }

  public edge(edge: MeshEdge): void {
    const key = edgeKey(edge);
    if (!this.edges.has(key)) this.edges.set(key, edge);
  }

  public graph(): MeshGraph {
    const nodes = [...this.nodes.values()].sort((a, b) => compareStrings(a.id, b.id));
    const edges = [...this.edges.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, e]) => e);
    return { nodes, edges };
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function edgeKey(e: MeshEdge): string {
  const { source, target, kind, ...rest } = e;
  const attrs = Object.keys(rest).sort().map((k) => `${k}=${JSON.stringify((rest as Record<string, unknown>)[k])}`);
  return [source, target, kind, ...attrs].join('\u0000');
}

/** Drops `undefined` values so node and edge objects compare (and print) cleanly. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const str = (value: unknown): string | undefined => asString(value);
const strings = (parent: At, key: string): string[] => items(parent, key).map((i) => (typeof i.value === 'number' ? String(i.value) : str(i.value))).filter((v): v is string => v !== undefined);

/** A workload of the set with what the graph needs beyond labels. */
interface GraphWorkload extends Workload {
  readonly id: string;
  readonly serviceAccount: string;
  /** From `sidecar.istio.io/inject` on the pod, else the namespace's injection label; `undefined` when the set does not say. */
  readonly sidecar?: boolean;
}

/** The pod spec of a workload object (Pod, template kinds, CronJob). */
function podSpec(obj: ManifestObject): Readonly<Record<string, unknown>> {
  const spec = asRecord(obj.spec);
  if (obj.kind === 'Pod') return spec;
  if (obj.kind === 'CronJob') return asRecord(asRecord(asRecord(asRecord(spec.jobTemplate).spec).template).spec);
  return asRecord(asRecord(spec.template).spec);
}

/** Workloads indexed by namespace and by `key=value` label, so selectors do not scan the whole set. */
class WorkloadIndex {
  private readonly byNamespace = new Map<string, GraphWorkload[]>();
  private readonly byLabel = new Map<string, GraphWorkload[]>();
  private readonly byAccount = new Map<string, GraphWorkload[]>();

  public constructor(public readonly all: readonly GraphWorkload[]) {
    for (const w of all) {
      push(this.byNamespace, w.namespace, w);
      push(this.byAccount, `${w.namespace}/${w.serviceAccount}`, w);
      for (const [k, v] of Object.entries(w.labels)) push(this.byLabel, `${w.namespace}\u0000${k}\u0000${v}`, w);
    }
  }

  /** Workloads of `namespace` (every namespace when undefined) whose labels carry all of `selector`. */
  public select(namespace: string | undefined, selector: Readonly<Record<string, string>>): GraphWorkload[] {
    const pairs = Object.entries(selector);
    if (namespace === undefined) return this.all.filter((w) => selects(selector, w.labels));
    if (pairs.length === 0) return this.byNamespace.get(namespace) ?? [];
    let best: readonly GraphWorkload[] | undefined;
    for (const [k, v] of pairs) {
      const list = this.byLabel.get(`${namespace}\u0000${k}\u0000${v}`) ?? [];
      if (!best || list.length < best.length) best = list;
    }
    return (best ?? []).filter((w) => selects(selector, w.labels));
  }

  /** Workloads running as service account `account` of `namespace`. */
  public withAccount(namespace: string, account: string): readonly GraphWorkload[] {
    return this.byAccount.get(`${namespace}/${account}`) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Namespace, gateway, host, route, service and workload node ids. */
const ids = {
  namespace: (ns: string): string => `namespace:${ns}`,
  gateway: (key: string): string => `gateway:${key}`,
  host: (host: string): string => `host:${host}`,
  route: (ns: string, name: string, section: string, index: number): string => `route:${ns}/${name}/${section}[${index}]`,
  service: (host: string): string => `service:${host}`,
  /** A subset of the service node `serviceId` (so wildcard ServiceEntry hosts share one node per subset). */
  subset: (serviceId: string, subset: string): string => `subset:${serviceId.slice('service:'.length)}/${subset}`,
  workload: (obj: ManifestObject, ns: string): string => `workload:${ns}/${obj.kind}/${obj.metadata?.name ?? '<unnamed>'}`,
  caller: (key: string): string => `caller:${key}`,
};

/**
 * Builds the topology of a mesh from its manifests alone (synthesized or hand-written): gateways, the hosts they accept,
 * VirtualService routes with their match conditions, the services, subsets and workloads traffic reaches, the mTLS mode of
 * every namespace and workload (PeerAuthentication), and who may call whom (AuthorizationPolicy). Objects of other kinds
 * are ignored; nothing is validated (see `validateManifests`).
 * @see https://istio.io/latest/docs/concepts/traffic-management/
 * @see https://istio.io/latest/docs/concepts/security/
 */
export function buildMeshGraph(objects: readonly ManifestObject[]): MeshGraph {
  const b = new Builder();
  const workloads = indexWorkloads(objects);
  const services = addServices(b, objects, workloads);
  addSubsets(b, objects, workloads, services);
  addGatewaysAndRoutes(b, objects, services);
  const namespaceMtls = addMtls(b, objects, workloads);
  addAuthorization(b, objects, workloads);
  addNamespaces(b, objects, namespaceMtls);
  return b.graph();
}

/** Namespaces whose Namespace object says whether pods get sidecars (`istio-injection`, or a revision label). */
function namespaceInjection(objects: readonly ManifestObject[]): Map<string, boolean> {
  const injection = new Map<string, boolean>();
  for (const ns of ofKind(objects, '', 'Namespace')) {
    const name = str(ns.metadata?.name);
    const labels = asLabels(ns.metadata?.labels);
    const value = labels['istio-injection'];
    if (name && value !== undefined) injection.set(name, value === 'enabled');
    else if (name && labels['istio.io/rev'] !== undefined) injection.set(name, true);
  }
  return injection;
}

const INJECT = 'sidecar.istio.io/inject';

/**
 * Istio's injection table: an opt-out (pod label or annotation `false`) or a disabled namespace wins; a pod
 * label `true` opts in; otherwise the namespace decides (`undefined` when the set does not say).
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
function hasSidecar(podLabel: string | undefined, podAnnotation: string | undefined, namespaceInjected: boolean | undefined): boolean | undefined {
  if (podLabel === 'false' || podAnnotation === 'false' || namespaceInjected === false) return false;
  if (podLabel === 'true') return true;
  return namespaceInjected;
}

function indexWorkloads(objects: readonly ManifestObject[]): WorkloadIndex {
  const injection = namespaceInjection(objects);
  return new WorkloadIndex(workloadsOf(objects).map((w): GraphWorkload => {
    const spec = podSpec(w.obj);
    return {
      ...w,
      id: ids.workload(w.obj, w.namespace),
      serviceAccount: str(spec.serviceAccountName) ?? str(spec.serviceAccount) ?? 'default',
      sidecar: hasSidecar(w.labels[INJECT], w.annotations[INJECT], injection.get(w.namespace)),
    };
  }));
}

function addWorkloadNode(b: Builder, w: GraphWorkload): MutableNode {
  return b.node(compact({
    id: w.id,
    kind: MeshNodeKind.WORKLOAD,
    label: `${w.obj.kind} ${w.obj.metadata?.name ?? '<unnamed>'}`,
    namespace: w.namespace,
    declared: true,
    labels: w.labels,
    serviceAccount: w.serviceAccount,
    sidecar: w.sidecar,
  }));
}

/** A service host of the set: where it lives, and the workloads its selector picks (for subsets). */
interface ServiceInfo {
  readonly id: string;
  readonly namespace?: string;
  readonly selector?: Readonly<Record<string, string>>;
}

/** Services by FQDN and ServiceEntries by host, with their nodes and `selects` edges. */
class ServiceTable {
  public readonly byHost = new Map<string, ServiceInfo>();
  /** ServiceEntry hosts that are wildcards, tried when no exact host matches. */
  public readonly wildcards: { host: string; info: ServiceInfo }[] = [];

  /** The service a (qualified) destination host resolves to, if the set declares one. */
  public resolve(host: string): ServiceInfo | undefined {
    return this.byHost.get(host) ?? this.wildcards.find((w) => hostCovers(w.host, host))?.info;
  }
}

function addServices(b: Builder, objects: readonly ManifestObject[], workloads: WorkloadIndex): ServiceTable {
  const table = new ServiceTable();
  const registry = hostRegistry(objects);
  for (const [fqdn, svc] of [...registry.services.entries()].sort(([a], [b2]) => compareStrings(a, b2))) {
    const ns = namespaceOf(svc) ?? 'default';
    const spec = specOf(svc);
    const selector = asLabels(spec.value.selector);
    const id = ids.service(fqdn);
    b.node(compact({
      id, kind: MeshNodeKind.SERVICE, label: fqdn.split('.')[0], namespace: ns, declared: true,
      ports: items(spec, 'ports').map((p) => portSummary(p.value)),
    }));
    table.byHost.set(fqdn, { id, namespace: ns, selector });
    if (Object.keys(selector).length === 0) continue;
    for (const w of workloads.select(ns, selector)) {
      addWorkloadNode(b, w);
      b.edge({ source: id, target: w.id, kind: MeshEdgeKind.SELECTS });
    }
  }
  for (const se of ofKind(objects, NETWORKING, 'ServiceEntry')) {
    const ns = namespaceOf(se) ?? 'default';
    const spec = specOf(se);
    const external = (str(spec.value.location) ?? 'MESH_EXTERNAL') !== 'MESH_INTERNAL';
    const selector = asLabels(asRecord(spec.value.workloadSelector).labels);
    for (const host of strings(spec, 'hosts')) {
      const fqdn = qualify(host, ns);
      const id = ids.service(fqdn);
      b.node(compact({
        id, kind: MeshNodeKind.SERVICE, label: fqdn, namespace: external ? undefined : ns, external, declared: true,
        ports: items(spec, 'ports').map((p) => portSummary(p.value)),
      }));
      const info: ServiceInfo = { id, namespace: ns, selector: Object.keys(selector).length > 0 ? selector : undefined };
      if (!table.byHost.has(fqdn)) table.byHost.set(fqdn, info);
      if (fqdn.startsWith('*')) table.wildcards.push({ host: fqdn, info });
      if (!info.selector) continue;
      for (const w of workloads.select(ns, info.selector)) {
        addWorkloadNode(b, w);
        b.edge({ source: id, target: w.id, kind: MeshEdgeKind.SELECTS });
      }
    }
  }
  // Workloads no Service selects still belong in the picture.
  for (const w of workloads.all) addWorkloadNode(b, w);
  return table;
}

function portSummary(port: unknown): string {
  const p = asRecord(port);
  const name = str(p.name) ?? str(p.protocol) ?? 'port';
  return `${name} ${p.number ?? p.port ?? '?'}`;
}

/** The service node of a destination host, created (undeclared) when the set does not declare the host. */
function serviceNode(b: Builder, services: ServiceTable, host: string): string {
  const known = services.resolve(host);
  if (known) return known.id;
  const id = ids.service(host);
  const clusterLocal = isClusterLocal(host);
  b.node(compact({
    id, kind: MeshNodeKind.SERVICE, label: clusterLocal ? host.split('.')[0] : host,
    namespace: clusterLocal ? host.split('.')[1] : undefined, declared: false,
  }));
  return id;
}

function addSubsets(b: Builder, objects: readonly ManifestObject[], workloads: WorkloadIndex, services: ServiceTable): void {
  for (const dr of ofKind(objects, NETWORKING, 'DestinationRule')) {
    const ns = namespaceOf(dr) ?? 'default';
    const spec = specOf(dr);
    const raw = str(spec.value.host);
    if (!raw) continue;
    const host = qualify(raw, ns);
    const serviceId = serviceNode(b, services, host);
    const tls = str(asRecord(asRecord(spec.value.trafficPolicy).tls).mode);
    const service = b.nodes.get(serviceId);
    if (tls && service && service.clientTls === undefined) service.clientTls = tls;
    const info = services.resolve(host);
    for (const subset of items(spec, 'subsets')) {
      const name = str(asRecord(subset.value).name);
      if (!name) continue;
      const labels = asLabels(asRecord(subset.value).labels);
      const id = ids.subset(serviceId, name);
      b.node({ id, kind: MeshNodeKind.SUBSET, label: name, namespace: b.nodes.get(serviceId)?.namespace, declared: true, labels, parent: serviceId });
      const selector = info?.selector;
      if (!selector || info.namespace === undefined) continue;
      for (const w of workloads.select(info.namespace, selector)) {
        if (selects(labels, w.labels)) b.edge({ source: id, target: w.id, kind: MeshEdgeKind.SUBSET });
      }
    }
  }
}

function serverHosts(gateway: ManifestObject | undefined): { readonly ns: string; readonly host: string }[] {
  if (!gateway) return [];
  return items(specOf(gateway), 'servers').flatMap((s) => strings(s, 'hosts')).map((h) => {
    const slash = h.indexOf('/');
    return slash < 0 ? { ns: '*', host: h } : { ns: h.slice(0, slash), host: h.slice(slash + 1) };
  });
}

/** True when a server host entry of a gateway in `gatewayNs` accepts `host` of a VirtualService in `vsNs`. */
function serves(entry: { ns: string; host: string }, gatewayNs: string, vsNs: string, host: string): boolean {
  const nsOk = entry.ns === '*' || (entry.ns === '.' ? gatewayNs === vsNs : entry.ns === vsNs);
  return nsOk && (hostCovers(entry.host, host) || hostCovers(host, entry.host));
}

function addGatewaysAndRoutes(b: Builder, objects: readonly ManifestObject[], services: ServiceTable): void {
  const gateways = new Map<string, ManifestObject>();
  for (const gw of ofKind(objects, NETWORKING, 'Gateway')) {
    const key = `${namespaceOf(gw) ?? 'default'}/${gw.metadata?.name ?? '<unnamed>'}`;
    gateways.set(key, gw);
    const selector = asLabels(specOf(gw).value.selector);
    const egress = Object.values(selector).some((v) => v.includes('egress'));
    b.node(compact({
      id: ids.gateway(key), kind: MeshNodeKind.GATEWAY, label: gw.metadata?.name ?? '<unnamed>', namespace: namespaceOf(gw) ?? 'default',
      declared: true, direction: egress ? GatewayDirection.EGRESS : GatewayDirection.INGRESS, labels: selector,
      ports: items(specOf(gw), 'servers').map((s) => {
        const port = asRecord(asRecord(s.value).port);
        return `${str(port.protocol) ?? '?'} ${port.number ?? '?'} ${strings(s, 'hosts').join(',')}`;
      }),
    }));
  }
  const virtualServices = ofKind(objects, NETWORKING, 'VirtualService');
  const byName = new Map(virtualServices.map((vs) => [`${namespaceOf(vs) ?? 'default'}/${vs.metadata?.name}`, vs]));
  for (const vs of virtualServices) {
    const ns = namespaceOf(vs) ?? 'default';
    const name = vs.metadata?.name ?? '<unnamed>';
    const spec = specOf(vs);
    const hosts = strings(spec, 'hosts').map((h) => qualify(h, ns));
    const routeIds: string[] = [];
    for (const section of ['http', 'tls', 'tcp'] as const) {
      items(spec, section).forEach((route, index) => {
        const id = ids.route(ns, name, section, index);
        routeIds.push(id);
        const routeName = str(asRecord(route.value).name);
        b.node(compact({
          id, kind: MeshNodeKind.ROUTE, label: `${name} ${routeName ?? `${section}[${index}]`}`, namespace: ns, declared: true,
          parent: `${ns}/${name}`, protocol: section, actions: routeActions(route),
        }));
        const match = items(route, 'match').map((m) => matchSummary(m, section));
        for (const host of hosts) b.edge(compact({ source: ids.host(host), target: id, kind: MeshEdgeKind.MATCH, match: match.length > 0 ? match : undefined }));
        addDestinations(b, services, route, ns, id);
        const delegate = asRecord(asRecord(route.value).delegate);
        const target = str(delegate.name) && byName.get(`${str(delegate.namespace) ?? ns}/${str(delegate.name)}`);
        if (target) {
          const tns = namespaceOf(target) ?? 'default';
          const tspec = specOf(target);
          items(tspec, 'http').forEach((_, i) => b.edge({ source: id, target: ids.route(tns, target.metadata?.name ?? '<unnamed>', 'http', i), kind: MeshEdgeKind.DELEGATE }));
        }
      });
    }
    if (hosts.length === 0) continue; // a delegate: reached from its parent's routes
    for (const host of hosts) {
      b.node({ id: ids.host(host), kind: MeshNodeKind.HOST, label: host, declared: true });
    }
    for (const ref of gatewaysOf(vs)) {
      if (ref.ref === MESH_GATEWAY) continue;
      const key = gatewayKey(ref.ref, ns);
      const gw = gateways.get(key);
      const gid = ids.gateway(key);
      if (!gw) b.node({ id: gid, kind: MeshNodeKind.GATEWAY, label: key.split('/')[1], namespace: key.split('/')[0], declared: false });
      const entries2 = serverHosts(gw);
      for (const host of hosts) {
        const served = gw ? entries2.some((e) => serves(e, namespaceOf(gw) ?? 'default', ns, host)) : undefined;
        b.edge(compact({ source: gid, target: ids.host(host), kind: MeshEdgeKind.GATEWAY, served: served === false ? false : undefined }));
      }
    }
  }
}

function routeActions(route: At): string[] | undefined {
  const r = asRecord(route.value);
  const out: string[] = [];
  const fault = asRecord(r.fault);
  const delay = asRecord(fault.delay);
  const abort = asRecord(fault.abort);
  if (isRecord(fault.delay)) out.push(`delay ${delay.fixedDelay ?? '?'}${percentOf(delay)}`);
  if (isRecord(fault.abort)) out.push(`abort ${abort.httpStatus ?? abort.grpcStatus ?? '?'}${percentOf(abort)}`);
  if (isRecord(r.redirect)) out.push(`redirect ${[str(asRecord(r.redirect).authority), str(asRecord(r.redirect).uri)].filter(Boolean).join('')}`.trim());
  if (isRecord(r.rewrite)) out.push(`rewrite ${[str(asRecord(r.rewrite).authority), str(asRecord(r.rewrite).uri)].filter(Boolean).join(' ')}`.trim());
  if (isRecord(r.directResponse)) out.push(`respond ${asRecord(r.directResponse).status ?? '?'}`);
  return out.length > 0 ? out : undefined;
}

function percentOf(fault: Readonly<Record<string, unknown>>): string {
  const value = asRecord(fault.percentage).value;
  return typeof value === 'number' ? ` ${value}%` : '';
}

/** `exact x` → `=x`, `prefix x` → ` prefix x`, `regex x` → ` ~ x` for a StringMatch. */
function stringMatch(value: unknown): string {
  const m = asRecord(value);
  if (m.exact !== undefined) return `=${m.exact}`;
  if (m.prefix !== undefined) return ` prefix ${m.prefix}`;
  if (m.regex !== undefined) return ` ~ ${m.regex}`;
  return ' present';
}

function matchSummary(match: At, section: string): string {
  const m = asRecord(match.value);
  const parts: string[] = [];
  if (section === 'http') {
    if (isRecord(m.uri)) parts.push(`uri${stringMatch(m.uri)}`);
    if (isRecord(m.method)) parts.push(`method${stringMatch(m.method)}`);
    if (isRecord(m.authority)) parts.push(`authority${stringMatch(m.authority)}`);
    if (isRecord(m.scheme)) parts.push(`scheme${stringMatch(m.scheme)}`);
    for (const h of entries(match, 'headers')) parts.push(`${h.key}${stringMatch(h.value)}`);
    for (const h of entries(match, 'withoutHeaders')) parts.push(`!${h.key}${stringMatch(h.value)}`);
    for (const q of entries(match, 'queryParams')) parts.push(`?${q.key}${stringMatch(q.value)}`);
  } else {
    const sni = strings(match, 'sniHosts');
    if (sni.length > 0) parts.push(`sni ${sni.join(',')}`);
    const subnets = strings(match, 'destinationSubnets');
    if (subnets.length > 0) parts.push(`to ${subnets.join(',')}`);
  }
  if (m.port !== undefined) parts.push(`port ${m.port}`);
  const labels = asLabels(m.sourceLabels);
  if (Object.keys(labels).length > 0) parts.push(`from ${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',')}`);
  if (str(m.sourceNamespace)) parts.push(`from ns ${m.sourceNamespace}`);
  const gateways = strings(match, 'gateways');
  if (gateways.length > 0) parts.push(`via ${gateways.join(',')}`);
  return parts.length > 0 ? parts.join(' & ') : 'any';
}

function addDestinations(b: Builder, services: ServiceTable, route: At, ns: string, routeId: string): void {
  const r = asRecord(route.value);
  const timeout = str(r.timeout);
  const retries = retrySummary(r.retries);
  const dests = items(route, 'route');
  const target = (destination: unknown): { id: string; port?: number } | undefined => {
    const d = asRecord(destination);
    const raw = str(d.host);
    if (!raw) return undefined;
    const host = qualify(raw, ns);
    const serviceId = serviceNode(b, services, host);
    const subset = str(d.subset);
    const portNumber = asRecord(d.port).number;
    const port = typeof portNumber === 'number' ? portNumber : undefined;
    if (!subset) return { id: serviceId, port };
    const id = ids.subset(serviceId, subset);
    b.node({ id, kind: MeshNodeKind.SUBSET, label: subset, namespace: b.nodes.get(serviceId)?.namespace, declared: false, parent: serviceId });
    return { id, port };
  };
  for (const dest of dests) {
    const d = asRecord(dest.value);
    const to = target(d.destination);
    if (!to) continue;
    const weight = typeof d.weight === 'number' ? d.weight : dests.length === 1 ? 100 : undefined;
    b.edge(compact({ source: routeId, target: to.id, kind: MeshEdgeKind.ROUTE, weight, port: to.port, timeout, retries }));
  }
  const mirrors = [...(isRecord(r.mirror) ? [{ destination: r.mirror, percentage: r.mirrorPercentage }] : []), ...items(route, 'mirrors').map((m) => asRecord(m.value))];
  for (const m of mirrors) {
    const to = target(m.destination);
    const percent = asRecord(m.percentage).value;
    if (to) b.edge(compact({ source: routeId, target: to.id, kind: MeshEdgeKind.MIRROR, port: to.port, percent: typeof percent === 'number' ? percent : undefined }));
  }
}

function retrySummary(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const attempts = value.attempts;
  if (attempts === 0) return 'none';
  const per = str(value.perTryTimeout);
  const on = str(value.retryOn);
  return [`${attempts ?? '?'}×`, per && `${per} each`, on && `on ${on}`].filter(Boolean).join(' ');
}

const MTLS_MODES: readonly string[] = ['STRICT', 'PERMISSIVE', 'DISABLE'];

/** The mode a PeerAuthentication `mtls` block sets, or `undefined` for UNSET/absent (inherit). */
function modeOf(mtls: unknown): MtlsModeName | undefined {
  const mode = str(asRecord(mtls).mode);
  return mode && MTLS_MODES.includes(mode) ? mode as MtlsModeName : undefined;
}

/** Sets the mTLS mode of every workload node; returns how to compute a namespace's mode. */
function addMtls(b: Builder, objects: readonly ManifestObject[], workloads: WorkloadIndex): (ns: string) => MeshMtls {
  // Istio uses the oldest policy when several apply at the same level; manifests carry no age, so the first by name wins.
  const policies = ofKind(objects, SECURITY, 'PeerAuthentication')
    .map((pa) => ({ pa, ns: namespaceOf(pa) ?? 'default', ref: `${namespaceOf(pa) ?? 'default'}/${pa.metadata?.name ?? ''}` }))
    .sort((x, y) => compareStrings(x.ref, y.ref));
  const selectorOf = (pa: ManifestObject): Readonly<Record<string, string>> => asLabels(asRecord(specOf(pa).value.selector).matchLabels);
  const namespaceWide = new Map<string, { mode: MtlsModeName; ref: string }>();
  for (const { pa, ns, ref } of policies) {
    const mode = modeOf(specOf(pa).value.mtls);
    if (Object.keys(selectorOf(pa)).length > 0 || !mode || namespaceWide.has(ns)) continue;
    namespaceWide.set(ns, { mode, ref });
  }
  const mesh = namespaceWide.get(ROOT_NAMESPACE);
  const namespaceMtls = (ns: string): MeshMtls => {
    const own = namespaceWide.get(ns);
    if (own) return { mode: own.mode, source: ns === ROOT_NAMESPACE ? 'mesh' : 'namespace', policy: own.ref };
    if (mesh) return { mode: mesh.mode, source: 'mesh', policy: mesh.ref };
    return { mode: 'PERMISSIVE', source: 'default' };
  };
  const perWorkload = new Map<string, MeshMtls>();
  for (const { pa, ns, ref } of policies) {
    const selector = selectorOf(pa);
    if (Object.keys(selector).length === 0) continue;
    const spec = specOf(pa);
    const ports: Record<string, MtlsModeName> = {};
    for (const p of entries(spec, 'portLevelMtls')) {
      const mode = modeOf(p.value);
      if (mode) ports[p.key] = mode;
    }
    const mode = modeOf(spec.value.mtls);
    for (const w of workloads.select(ns, selector)) {
      if (perWorkload.has(w.id)) continue;
      const inherited = namespaceMtls(w.namespace);
      perWorkload.set(w.id, compact({
        mode: mode ?? inherited.mode,
        source: mode ? 'workload' as const : inherited.source,
        policy: mode ? ref : inherited.policy,
        ports: Object.keys(ports).length > 0 ? ports : undefined,
      }));
    }
  }
  for (const node of b.nodes.values()) {
    if (node.kind !== MeshNodeKind.WORKLOAD || node.namespace === undefined) continue;
    node.mtls = perWorkload.get(node.id) ?? namespaceMtls(node.namespace);
  }
  return namespaceMtls;
}

/** A caller of an authorization rule: workloads of the set, or one caller node. */
interface Callers {
  readonly workloads: readonly GraphWorkload[];
  readonly node?: MutableNode;
}

const PRINCIPAL = /^(?:[^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/;

function principalCallers(b: Builder, workloads: WorkloadIndex, principal: string): Callers {
  const parsed = PRINCIPAL.exec(principal);
  let found: readonly GraphWorkload[] = [];
  if (parsed && !principal.includes('*')) found = workloads.withAccount(parsed[1], parsed[2]);
  else if (principal.includes('*')) found = workloads.all.filter((w) => policyValueMatch(principal, `cluster.local/ns/${w.namespace}/sa/${w.serviceAccount}`));
  if (found.length > 0) return { workloads: found };
  const known = parsed && !parsed[1].includes('*') && !parsed[2].includes('*');
  return {
    workloads: [],
    node: b.node(compact({
      id: ids.caller(`principal:${principal}`), kind: MeshNodeKind.CALLER, label: known ? `sa ${parsed[2]}` : `principal ${principal}`,
      namespace: known ? parsed[1] : undefined, declared: false,
    })),
  };
}

function callerNode(b: Builder, key: string, label: string, namespace?: string): Callers {
  return { workloads: [], node: b.node(compact({ id: ids.caller(key), kind: MeshNodeKind.CALLER, label, namespace, declared: false })) };
}

/** The callers a `source` names: one per value when it sets a single positive field, else one combined caller node. */
function sourceCallers(b: Builder, workloads: WorkloadIndex, source: At, policyNs: string): Callers[] {
  const s = asRecord(source.value);
  const fields = Object.keys(s).filter((k) => Array.isArray(s[k]) && (s[k] as unknown[]).length > 0).sort();
  if (fields.length === 1) {
    const key = fields[0];
    const values = strings(source, key);
    if (key === 'principals') return values.map((p) => principalCallers(b, workloads, p));
    if (key === 'serviceAccounts') {
      return values.map((v) => {
        const [ns, sa] = v.includes('/') ? v.split('/', 2) : [policyNs, v];
        return principalCallers(b, workloads, `cluster.local/ns/${ns}/sa/${sa}`);
      });
    }
    if (key === 'namespaces') return values.map((ns) => callerNode(b, `namespace:${ns}`, ns.includes('*') ? `namespaces ${ns}` : `any in ${ns}`));
    if (key === 'requestPrincipals') {
      return values.map((p) => callerNode(b, `jwt:${p}`, p === '*' ? 'any valid JWT' : `valid JWT ${p}`));
    }
  }
  const label = fields.map((k) => `${k} ${strings(source, k).join(',')}`).join(' & ');
  return [callerNode(b, `source:${label}`, label || 'anyone')];
}

function operationsOf(rule: At): Pick<MeshEdge, 'methods' | 'paths' | 'ports' | 'conditions'> {
  const ops = items(rule, 'to').map((t) => field(t, 'operation'));
  const union = (key: string): string[] | undefined => {
    const all = [...new Set(ops.flatMap((o) => strings(o, key)))];
    return all.length > 0 ? all : undefined;
  };
  const conditions = [
    ...['notMethods', 'notPaths', 'notPorts', 'hosts', 'notHosts'].flatMap((k) => {
      const v = union(k);
      return v ? [`${k} ${v.join(',')}`] : [];
    }),
    ...items(rule, 'when').map((w) => {
      const c = asRecord(w.value);
      const values = strings(w, 'values');
      const not = strings(w, 'notValues');
      return `${c.key ?? '?'}${values.length > 0 ? ` in ${values.join(',')}` : ''}${not.length > 0 ? ` not in ${not.join(',')}` : ''}`;
    }),
  ];
  return compact({ methods: union('methods'), paths: union('paths'), ports: union('ports'), conditions: conditions.length > 0 ? conditions : undefined });
}

function addAuthorization(b: Builder, objects: readonly ManifestObject[], workloads: WorkloadIndex): void {
  for (const ap of ofKind(objects, SECURITY, 'AuthorizationPolicy')) {
    const ns = namespaceOf(ap) ?? 'default';
    const spec = specOf(ap);
    const policy = `${ns}/${ap.metadata?.name ?? ''}`;
    const action = str(spec.value.action) ?? 'ALLOW';
    const scope = ns === ROOT_NAMESPACE ? undefined : ns;
    let targets: readonly GraphWorkload[];
    const targetRefs = [...(isRecord(spec.value.targetRef) ? [spec.value.targetRef] : []), ...items(spec, 'targetRefs').map((t) => t.value)].map(asRecord);
    if (targetRefs.length > 0) {
      // Policies attached to a Service apply to the workloads it selects; other targets (Gateways, waypoints) are outside the picture.
      targets = targetRefs.flatMap((t) => {
        if (str(t.kind) !== 'Service') return [];
        const svc = ofKind(objects, '', 'Service').find((s) => s.metadata?.name === t.name && (namespaceOf(s) ?? 'default') === (str(t.namespace) ?? ns));
        const selector = svc && asLabels(asRecord(svc.spec).selector);
        return selector && Object.keys(selector).length > 0 ? workloads.select(namespaceOf(svc) ?? 'default', selector) : [];
      });
    } else {
      targets = workloads.select(scope, asLabels(asRecord(spec.value.selector).matchLabels));
    }
    const rules = items(spec, 'rules');
    if (rules.length === 0) {
      // ALLOW without rules allows nothing: every request not allowed by another policy is denied. DENY without rules denies nothing.
      if (action === 'ALLOW') for (const t of targets) { const n = b.nodes.get(t.id); if (n) n.denyAll = true; }
      continue;
    }
    for (const rule of rules) {
      const ops = operationsOf(rule);
      const froms = items(rule, 'from').map((f) => field(f, 'source'));
      const callerSets = froms.length > 0 ? froms.flatMap((s) => sourceCallers(b, workloads, s, ns)) : [callerNode(b, 'anyone', 'anyone')];
      for (const callers of callerSets) {
        const fromIds = [...callers.workloads.map((w) => w.id), ...(callers.node ? [callers.node.id] : [])];
        for (const from of fromIds) {
          for (const t of targets) b.edge(compact({ source: from, target: t.id, kind: MeshEdgeKind.AUTHZ, action, policy, ...ops }));
        }
      }
    }
  }
}

function addNamespaces(b: Builder, objects: readonly ManifestObject[], mtls: (ns: string) => MeshMtls): void {
  const names = new Set<string>();
  for (const ns of ofKind(objects, '', 'Namespace')) {
    const name = str(ns.metadata?.name);
    if (name) names.add(name);
  }
  for (const node of b.nodes.values()) if (node.namespace !== undefined) names.add(node.namespace);
  const injection = namespaceInjection(objects);
  for (const name of names) {
    b.node(compact({ id: ids.namespace(name), kind: MeshNodeKind.NAMESPACE, label: name, declared: true, mtls: mtls(name), sidecar: injection.get(name) }));
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Mermaid rendering

/** Characters Mermaid would read as syntax inside a quoted label, as entity codes. */
function escapeLabel(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/[\r\n]+/g, ' ');
}

/** Mermaid node ids: the graph id with everything but letters, digits and `_` replaced, made unique in sorted order. */
function mermaidIds(graph: MeshGraph): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const node of graph.nodes) {
    const base = node.id.replace(/[^A-Za-z0-9]+/g, '_').replace(/_+$/, '');
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    out.set(node.id, id);
  }
  return out;
}

function nodeText(node: MeshNode): string {
  const lines: string[] = [];
  switch (node.kind) {
    case MeshNodeKind.GATEWAY:
      lines.push(`${node.direction === GatewayDirection.EGRESS ? 'egress' : 'gateway'} ${node.label}`, ...(node.ports ?? []));
      break;
    case MeshNodeKind.HOST:
      lines.push(node.label);
      break;
    case MeshNodeKind.ROUTE:
      lines.push(`route ${node.label}`, ...(node.actions ?? []));
      break;
    case MeshNodeKind.SERVICE:
      lines.push(`${node.external ? 'external ' : ''}svc ${node.label}`);
      if (node.clientTls) lines.push(`client TLS ${node.clientTls}`);
      break;
    case MeshNodeKind.SUBSET:
      lines.push(`subset ${node.label}`, ...Object.entries(node.labels ?? {}).map(([k, v]) => `${k}=${v}`));
      break;
    case MeshNodeKind.WORKLOAD:
      lines.push(node.label, `sa ${node.serviceAccount}`);
      if (node.mtls) lines.push(`mTLS ${node.mtls.mode}${Object.entries(node.mtls.ports ?? {}).map(([p, m]) => `, ${p}: ${m}`).join('')}`);
      if (node.sidecar === false) lines.push('no sidecar');
      if (node.denyAll) lines.push('deny by default');
      break;
    default:
      lines.push(node.label);
  }
  if (!node.declared && node.kind !== MeshNodeKind.CALLER) lines.push('(not declared)');
  return lines.map(escapeLabel).join('<br/>');
}

function shape(node: MeshNode, id: string): string {
  const text = `"${nodeText(node)}"`;
  switch (node.kind) {
    case MeshNodeKind.GATEWAY: return `${id}{{${text}}}`;
    case MeshNodeKind.HOST: return `${id}([${text}])`;
    case MeshNodeKind.SERVICE: return node.external ? `${id}[(${text})]` : `${id}[[${text}]]`;
    case MeshNodeKind.SUBSET: return `${id}>${text}]`;
    case MeshNodeKind.WORKLOAD: return `${id}(${text})`;
    case MeshNodeKind.CALLER: return `${id}[/${text}/]`;
    default: return `${id}[${text}]`;
  }
}

function edgeText(edge: MeshEdge): string {
  const parts: string[] = [];
  switch (edge.kind) {
    case MeshEdgeKind.MATCH:
      if (edge.match) parts.push(edge.match.join(' or '));
      break;
    case MeshEdgeKind.ROUTE:
      if (edge.weight !== undefined) parts.push(`${edge.weight}%`);
      if (edge.timeout) parts.push(`timeout ${edge.timeout}`);
      if (edge.retries) parts.push(`retries ${edge.retries}`);
      break;
    case MeshEdgeKind.MIRROR:
      parts.push(`mirror${edge.percent !== undefined ? ` ${edge.percent}%` : ''}`);
      break;
    case MeshEdgeKind.GATEWAY:
      if (edge.served === false) parts.push('host not served');
      break;
    case MeshEdgeKind.AUTHZ:
      parts.push(edge.action?.toLowerCase() ?? 'allow', ...(edge.methods ?? []), ...(edge.paths ?? []),
        ...(edge.ports ?? []).map((p) => `port ${p}`), ...(edge.conditions ?? []));
      break;
    default:
  }
  return parts.map(escapeLabel).join(' ');
}

function arrow(edge: MeshEdge): string {
  if (edge.kind === MeshEdgeKind.AUTHZ) return edge.action === 'DENY' ? '--x' : '-.->';
  if (edge.kind === MeshEdgeKind.SELECTS || edge.kind === MeshEdgeKind.SUBSET || edge.kind === MeshEdgeKind.MIRROR) return '-.->';
  return '-->';
}

/**
 * Renders a mesh graph as a Mermaid `flowchart LR`: one subgraph per namespace (titled with its mTLS mode), external
 * services and outside callers in an `external` subgraph, and edges for routing (weights, timeouts, retries, match
 * conditions), selection (dotted) and authorization (dotted for allow, crossed for deny). Node ids are derived from the
 * graph's ids, so the output is stable; a `title` becomes Mermaid front matter.
 * @see https://mermaid.js.org/syntax/flowchart.html
 */
export function renderMermaid(graph: MeshGraph, title?: string): string {
  const idOf = mermaidIds(graph);
  const lines: string[] = [];
  if (title !== undefined) lines.push('---', `title: ${JSON.stringify(title)}`, '---');
  lines.push('flowchart LR');
  const groups = new Map<string, MeshNode[]>();
  const loose: MeshNode[] = [];
  const outside: MeshNode[] = [];
  const namespaces = graph.nodes.filter((n) => n.kind === MeshNodeKind.NAMESPACE);
  for (const node of graph.nodes) {
    if (node.kind === MeshNodeKind.NAMESPACE) continue;
    if (node.namespace !== undefined) push(groups, node.namespace, node);
    else if (node.external || node.kind === MeshNodeKind.CALLER) outside.push(node);
    else loose.push(node);
  }
  for (const node of loose) lines.push(`  ${shape(node, idOf.get(node.id)!)}`);
  for (const ns of namespaces) {
    const members = groups.get(ns.label) ?? [];
    if (members.length === 0) continue;
    const mtls = `${ns.mtls ? ` · mTLS ${ns.mtls.mode}` : ''}${ns.sidecar === false ? ' · no sidecars' : ''}`;
    lines.push(`  subgraph ${idOf.get(ns.id)} ["${escapeLabel(`namespace ${ns.label}${mtls}`)}"]`);
    for (const node of members) lines.push(`    ${shape(node, idOf.get(node.id)!)}`);
    lines.push('  end');
  }
  if (outside.length > 0) {
    lines.push('  subgraph outside_mesh ["outside the set"]');
    for (const node of outside) lines.push(`    ${shape(node, idOf.get(node.id)!)}`);
    lines.push('  end');
  }
  for (const edge of graph.edges) {
    const from = idOf.get(edge.source);
    const to = idOf.get(edge.target);
    if (!from || !to) continue; // an edge to a node the graph does not hold (built by hand): nothing to draw
    const text = edgeText(edge);
    lines.push(`  ${from} ${arrow(edge)}${text ? `|"${text}"|` : ''} ${to}`);
  }
  const classes: Record<string, string[]> = { external: [], undeclared: [], strict: [], denyall: [] };
  for (const node of graph.nodes) {
    const id = idOf.get(node.id)!;
    if (node.kind === MeshNodeKind.NAMESPACE) continue;
    if (node.external) classes.external.push(id);
    if (!node.declared && node.kind !== MeshNodeKind.CALLER) classes.undeclared.push(id);
    if (node.kind === MeshNodeKind.WORKLOAD && node.mtls?.mode === 'STRICT') classes.strict.push(id);
    if (node.denyAll) classes.denyall.push(id);
  }
  const styles: Record<string, string> = {
    external: 'fill:#fff4e0,stroke:#d08000',
    undeclared: 'stroke-dasharray:4 3,fill:#f4f4f4',
    strict: 'stroke:#1a7f37,stroke-width:2px',
    denyall: 'fill:#fdecea',
  };
  for (const [name, members] of Object.entries(classes)) {
    if (members.length === 0) continue;
    lines.push(`  classDef ${name} ${styles[name]}`, `  class ${members.join(',')} ${name}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The Markdown page for a mesh graph: an optional `# title` heading and the Mermaid diagram in a fenced block.
 * @see https://mermaid.js.org/syntax/flowchart.html
 */
export function renderMarkdown(graph: MeshGraph, title?: string): string {
  const heading = title !== undefined ? `# ${title}\n\n` : '';
  return `${heading}\`\`\`mermaid\n${renderMermaid(graph)}\`\`\`\n`;
}
