// Room one: the graph from the mesh model. Nodes are services (with their versions), clients, the ingress gateway and
// external hosts; edges are the declared calls and the requests entering at the gateway, each with the model's outcome
// and the routes that decide it. Nothing here reads what Istio does from the objects: the model says it.
import { MeshModel, MeshModelOptions } from '../model/mesh-model';
import { MeshRequest, RequestSource } from '../model/request';
import { HopTls, Outcome, RequestTrace, RouteChoice, TraceHop } from '../model/trace';
import { hostCoveredBy, hostCovers } from '../private/hosts';
import { deniesByDefault, egressGateways, egressHosts, ingressGateways, requiresJwt, sharedMtlsMode, telemetryWords } from '../private/model/facts';
import { versionServiceOf } from '../private/model/gateway-api';
import { list, MeshIndex, ModelPod } from '../private/model/mesh-index';
import { l7Attributes, policiesFor } from '../private/model/policies';
import { asRecord } from '../private/rules/object';
import { ANY_REQUEST } from '../private/model/route-words';
import { selects } from '../private/analysis/workloads';
import { MeshEdge, MeshEdgeDestination, MeshEdgeKind, MeshGraph, MeshGraphNamespace, MeshNode, MeshNodeKind, MeshRouteBranch, MeshVersion } from './mesh-graph';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** A waypoint node a trace passes, the index of its hop that arrives there, and that hop's transport security. */
type Via = { readonly id: string; readonly at: number; readonly tls?: HopTls };
/** A route branch, the node it reaches, its last hop and the waypoint it passes. */
type Branch = { readonly target: string; readonly branch: MeshRouteBranch; readonly hop: TraceHop; readonly via?: Via };

/** Builds the graph of `objects` (the public `buildMeshGraph` in mesh-graph.ts loads this module on first use). */
export function buildMeshGraph(objects: any[], options: MeshModelOptions = {}): MeshGraph {
  return meshGraphOf(MeshModel.fromObjects(objects, options));
}

/** Builds the graph of `model` (the public `meshGraphOf`). */
export function meshGraphOf(model: MeshModel): MeshGraph {
  return new Builder(model).graph();
}

const ids = {
  service: (fqdn: string): string => `service:${fqdn}`,
  client: (ref: string): string => `client:${ref}`,
  ingress: (selector: Readonly<Record<string, string>>): string => `ingress:${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',')}`,
  external: (host: string): string => `external:${host}`,
  waypoint: (ref: string): string => `waypoint:${ref}`,
};

// Natural order, so team-2 comes before team-10.
const compare = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

class Builder {
  private readonly index: MeshIndex;
  private readonly nodes = new Map<string, Mutable<MeshNode>>();
  private readonly edges = new Map<string, Mutable<MeshEdge>>();
  /** The nodes the requests an edge on from a waypoint stands for came from, by the edge's key. */
  private readonly origins = new Map<string, Set<string>>();
  /** The node of each pod, and the version it belongs to. */
  private readonly nodeOfPod = new Map<ModelPod, { readonly id: string; readonly version: string }>();
  /** The node and version each per-version Service (Gateway API's stand-in for a subset) is drawn as, by host. */
  private readonly versionServices = new Map<string, { readonly id: string; readonly version: string }>();
  private readonly egress: string[];

  public constructor(private readonly model: MeshModel) {
    this.index = model._index;
    this.egress = egressHosts(this.index);
  }

  public graph(): MeshGraph {
    this.addServices();
    this.addWaypoints();
    this.addExternals();
    this.addCalls();
    this.addIngress();
    const nodes = [...this.nodes.values()].sort((a, b) => compare(a.id, b.id));
    for (const node of nodes) node.badges = [...new Set(node.badges)];
    const edges = [...this.edges.values()].sort((a, b) => compare(`${a.source} ${a.target} ${a.host}`, `${b.source} ${b.target} ${b.host}`));
    for (const edge of edges) {
      const all = this.nodes.get(edge.source)?.versions.map(v => v.name) ?? [];
      edge.fromVersions = edge.fromVersions.length >= all.length ? [] : edge.fromVersions.sort();
    }
    return { nodes, edges, namespaces: this.namespaces(nodes), badges: this.meshBadges() };
  }

  /**
   * One node per Service, holding the pods it selects by version; a per-version Service is drawn as that version of
   * its Service; pods no Service selects become client nodes.
   */
  private addServices(): void {
    const services = [...this.index.services.values()].sort((a, b) => compare(a.fqdn, b.fqdn));
    for (const svc of services) {
      const of = versionServiceOf(this.index, svc);
      if (of) this.versionServices.set(svc.fqdn, { id: ids.service(of.service.fqdn), version: of.version });
    }
    for (const svc of services.filter(s => !this.versionServices.has(s.fqdn))) {
      const pods = svc.selector ? (this.index.podsByNamespace.get(svc.namespace) ?? []).filter(p => selects(svc.selector!, p.labels)) : [];
      const id = ids.service(svc.fqdn);
      const own = pods.filter(p => !this.nodeOfPod.has(p));
      for (const p of own) this.nodeOfPod.set(p, { id, version: versionOf(p) });
      const badges = [
        ...(pods.some(p => requiresJwt(this.index, p)) ? ['JWT required'] : []),
        ...(pods.some(p => deniesByDefault(this.index, p)) ? ['deny by default'] : []),
        ...(svc.selector && pods.length === 0 ? ['no pods'] : []),
      ];
      this.nodes.set(id, { id, kind: MeshNodeKind.SERVICE, name: svc.name, namespace: svc.namespace, versions: versions(own), badges });
    }
    const clients = new Map<string, ModelPod[]>();
    for (const p of this.index.pods) {
      if (this.nodeOfPod.has(p)) continue;
      // Pods of one app without a Service (same `app` label) share a client node.
      const key = `${p.namespace}/${p.labels.app ?? p.name}`;
      clients.set(key, [...(clients.get(key) ?? []), p]);
    }
    for (const [key, pods] of clients) {
      const id = ids.client(key);
      for (const p of pods) this.nodeOfPod.set(p, { id, version: versionOf(p) });
      const badges = pods.some(p => deniesByDefault(this.index, p)) ? ['deny by default'] : [];
      this.nodes.set(id, { id, kind: MeshNodeKind.CLIENT, name: key.split('/')[1], namespace: pods[0].namespace, versions: versions(pods), badges });
    }
  }

  /**
   * One node per waypoint some Service of the set uses, saying which, and what its policies enforce there: an
   * AuthorizationPolicy with L7 attributes, a required JWT, allow-nothing.
   */
  private addWaypoints(): void {
    const services = [...this.index.services.values()].filter(s => !this.versionServices.has(s.fqdn)).sort((a, b) => compare(a.name, b.name));
    for (const waypoint of [...this.index.waypoints.values()].sort((a, b) => compare(a.ref, b.ref))) {
      const served = services.filter(s => this.index.waypointOf(s) === waypoint);
      if (served.length === 0) continue;
      const pods = served.map(s => this.index.waypointPod(waypoint, s));
      const l7 = pods.some(p => policiesFor(this.index, 'AuthorizationPolicy', p, []).some(o => list(asRecord(o.spec).rules).some(r => l7Attributes(asRecord(r)).length > 0)));
      const badges = [
        `for ${served.map(s => s.name).join(', ')}`,
        ...(l7 ? ['L7 policy'] : []),
        ...(pods.some(p => requiresJwt(this.index, p)) ? ['JWT required'] : []),
        ...(pods.some(p => deniesByDefault(this.index, p)) ? ['deny by default'] : []),
      ];
      const id = ids.waypoint(waypoint.ref);
      const name = waypoint.name.includes('waypoint') ? waypoint.name : `waypoint ${waypoint.name}`;
      this.nodes.set(id, { id, kind: MeshNodeKind.WAYPOINT, name, namespace: waypoint.namespace, versions: [], badges });
    }
  }

  /** The waypoint node a trace passes. */
  private waypointOf(trace: RequestTrace): Via | undefined {
    const at = trace.hops.findIndex(h => h.waypoint !== undefined);
    const id = at >= 0 ? ids.waypoint(trace.hops[at].waypoint!) : undefined;
    const tls = trace.hops[at]?.tls;
    return id !== undefined && this.nodes.has(id) ? { id, at, ...(tls ? { tls } : {}) } : undefined;
  }

  /** ServiceEntry hosts, marked when an egress Gateway serves them. */
  private addExternals(): void {
    for (const entry of this.index.entries) {
      for (const host of entry.hosts) {
        const node = this.externalNode(host);
        node.badges.push(entry.location === 'MESH_INTERNAL' ? 'ServiceEntry, inside the mesh' : 'ServiceEntry');
      }
    }
  }

  private externalNode(host: string): Mutable<MeshNode> {
    const id = ids.external(host);
    let node = this.nodes.get(id);
    if (!node) {
      const inCluster = host.endsWith('.svc.cluster.local');
      const known = this.index.entries.some(e => e.hosts.includes(host));
      const badges = [
        ...(this.egress.some(h => hostCovers(h, host)) ? ['via egress gateway'] : []),
        ...(!known && inCluster ? ['outside this set'] : []),
        ...(!known && !inCluster ? ['outside the mesh'] : []),
      ];
      node = { id, kind: MeshNodeKind.EXTERNAL, name: inCluster ? host.replace(/\.svc\.cluster\.local$/, '') : host, versions: [], badges };
      this.nodes.set(id, node);
    }
    return node;
  }

  /** The node a destination host lands on: its Service (the parent of a per-version Service), else an external host. */
  private targetOf(host: string): string {
    return this.versionServices.get(host)?.id ?? (this.index.services.has(host) ? ids.service(host) : this.externalNode(host).id);
  }

  /** The version a destination goes to: its subset, or the version its per-version Service stands for. */
  private subsetOf(destination: { readonly host: string; readonly subset?: string } | undefined): { subset?: string } {
    const subset = destination?.subset ?? (destination && this.versionServices.get(destination.host)?.version);
    return subset !== undefined ? { subset } : {};
  }

  private addCalls(): void {
    for (const call of this.model.calls()) {
      const pod = this.index.pods.find(p => p.ref === call.caller);
      const from = pod && this.nodeOfPod.get(pod);
      if (!from || call.host === '') continue;
      const spec = pod.calls.find(c => c.host === call.host && c.port === call.port);
      const expected = call.expected !== Outcome.OK ? call.expected : undefined;
      if (!call.trace) {
        this.addEdge({ source: from.id, target: this.externalNode(call.host).id, kind: MeshEdgeKind.CALL, host: call.host, fromVersions: [from.version], outcome: call.outcome, expected, branches: [], settings: [] });
        continue;
      }
      const request: MeshRequest = { source: RequestSource.workload(call.caller), host: call.host, port: call.port, method: spec?.method, path: spec?.path };
      this.addRouted(from.id, [from.version], MeshEdgeKind.CALL, request, call.trace, expected);
    }
  }

  /** Requests from outside to every host a VirtualService routes on an ingress Gateway. */
  private addIngress(): void {
    const virtualServices = new Set([...[...this.index.exactVirtualServices.values()].flat(), ...this.index.wildcardVirtualServices]);
    for (const gw of ingressGateways(this.index)) {
      const id = ids.ingress(gw.selector);
      const hosts = [...virtualServices].filter(vs => vs.gateways.includes(gw.ref)).flatMap(vs => vs.hosts);
      if (hosts.length === 0) continue;
      const node = this.nodes.get(id) ?? { id, kind: MeshNodeKind.INGRESS, name: 'ingress gateway', versions: [], badges: [] };
      this.nodes.set(id, node);
      for (const host of [...new Set(hosts)].sort()) {
        // A wildcard host is drawn as written and traced with a host it covers.
        const request: MeshRequest = { source: RequestSource.ingressGateway({ labels: { ...gw.selector } }), host: hostCoveredBy(host), port: gw.portOf(hostCoveredBy(host)) };
        let trace = this.model.request(request);
        // The request as sent (path /) may match no route of a VirtualService that matches on paths: draw it as the
        // first route takes it, so the edge goes where requests for the host go.
        if (trace.outcome === Outcome.NOT_FOUND && trace.hops.length >= 2) trace = this.model.routes(request)[0]?.trace ?? trace;
        if (trace.hops.length < 2) {
          // Stopped at the gateway (no listener, its own policies): no route to draw, the gateway says why.
          node.badges.push(`${host}: ${stoppedWords(trace)}`);
          continue;
        }
        this.addRouted(id, [], MeshEdgeKind.INGRESS, request, trace, undefined, host === '*' ? 'any host' : host);
      }
    }
  }

  /**
   * The edges of one request: one per node its routes reach, each with the branches (routes in order) that reach it.
   * The edge that holds where the request as sent goes carries its trace's outcome; the others that of their first branch.
   * A route through a waypoint is drawn through its node: an edge from the source to the waypoint (mTLS, or the
   * outcome when the request ends there), and the edge on from the waypoint with the branches and the outcome.
   */
  private addRouted(source: string, fromVersions: string[], kind: MeshEdgeKind, request: MeshRequest, trace: RequestTrace, expected: Outcome | undefined, hostLabel = request.host): void {
    const last = trace.hops[trace.hops.length - 1];
    const choices: RouteChoice[] = this.model.routes(request);
    const branches: Branch[] = [];
    if (choices.length === 0) {
      branches.push(...this.branchesOf(0, '', last, this.waypointOf(trace)));
    } else {
      choices.forEach((choice, i) => {
        const words = conditionWords(choice.conditions);
        const condition = words !== '' ? words : i > 0 ? 'otherwise' : '';
        branches.push(...this.branchesOf(choice.index, condition, choice.trace.hops[choice.trace.hops.length - 1], this.waypointOf(choice.trace)));
      });
    }
    const main = last.destination ? this.targetOf(last.destination.host) : this.targetOf(last.server);
    const mainVia = this.waypointOf(trace);
    // Denied (or otherwise stopped) at the waypoint: the request ends on the edge into it.
    const stopped = mainVia !== undefined && mainVia.at === trace.hops.length - 1;
    const targets = [...new Set([main, ...branches.map(b => b.target)])];
    const into = new Map<string, Mutable<MeshEdge>>();
    for (const target of targets) {
      const own = branches.filter(b => b.target === target);
      if (own.length === 0 && target !== main) continue;
      const isMain = target === main;
      const hop = isMain ? last : own[0].hop;
      const via = isMain ? mainVia : own[0].via;
      const edge: Mutable<MeshEdge> = {
        source: via?.id ?? source, target, kind: via ? MeshEdgeKind.CALL : kind, host: hostLabel, fromVersions: via ? [] : [...fromVersions],
        outcome: isMain ? trace.outcome : own[0].hop.outcome,
        ...(expected && isMain ? { expected } : {}),
        ...(hop.tls ? { tls: hop.tls } : {}),
        branches: own.map(b => b.branch),
        settings: settingsOf(hop),
      };
      if (!via) {
        this.addEdge(edge);
        continue;
      }
      if (!into.has(via.id)) into.set(via.id, { source, target: via.id, kind, host: hostLabel, fromVersions: [...fromVersions], outcome: Outcome.OK, ...(via.tls ? { tls: via.tls } : {}), branches: [], settings: [] });
      if (isMain && stopped) Object.assign(into.get(via.id)!, { outcome: edge.outcome, ...(edge.expected ? { expected: edge.expected } : {}), branches: edge.branches, settings: edge.settings });
      else this.addEdge(edge, source);
    }
    for (const edge of into.values()) this.addEdge(edge);
  }

  /** The branch of one route, split by the node each of its destinations lands on. */
  private branchesOf(order: number, condition: string, hop: TraceHop, via: Via | undefined): Branch[] {
    const settings = settingsOf(hop);
    const branch = (destinations: MeshEdgeDestination[]): MeshRouteBranch => ({ order, condition, destinations, ...(settings.length > 0 ? { settings } : {}) });
    if (hop.distribution.length === 0) return [{ target: this.targetOf(hop.destination?.host ?? hop.server), hop, via, branch: branch([{ ...this.subsetOf(hop.destination), weight: 100, outcome: hop.outcome }]) }];
    const byTarget = new Map<string, MeshEdgeDestination[]>();
    for (const d of hop.distribution) {
      const target = this.targetOf(d.destination.host);
      byTarget.set(target, [...(byTarget.get(target) ?? []), { ...this.subsetOf(d.destination), weight: d.weight, outcome: d.outcome }]);
    }
    return [...byTarget].map(([target, destinations]) => ({ target, hop, via, branch: branch(destinations) }));
  }

  /**
   * Adds an edge, or the caller's versions to an equal one. An edge on from a waypoint is given the node the request
   * came from (`origin`): equal ones from several stand for as many requests (`count`).
   */
  private addEdge(edge: Mutable<MeshEdge>, origin?: string): void {
    const { fromVersions, ...rest } = edge;
    const key = JSON.stringify(rest);
    const known = this.edges.get(key);
    const origins = this.origins.get(key) ?? new Set<string>();
    if (origin !== undefined) this.origins.set(key, origins.add(origin));
    if (!known) this.edges.set(key, edge);
    else {
      known.fromVersions = [...new Set([...known.fromVersions, ...fromVersions])];
      if (origins.size > 1) known.count = origins.size;
    }
  }

  private namespaces(nodes: readonly MeshNode[]): MeshGraphNamespace[] {
    const names = [...new Set(nodes.map(n => n.namespace).filter((n): n is string => n !== undefined))].sort();
    return names.map(name => {
      const pods = (this.index.podsByNamespace.get(name) ?? []);
      const withSidecar = pods.filter(p => p.sidecar !== false);
      const ambient = pods.length > 0 && pods.every(p => p.ambient);
      const inMesh = ambient ? pods : withSidecar;
      const mtls = inMesh.length > 0 ? sharedMtlsMode(this.index, inMesh) : undefined;
      return { name, sidecars: withSidecar.length > 0, ...(ambient ? { ambient } : {}), ...(mtls ? { mtls } : {}) };
    });
  }

  private meshBadges(): string[] {
    const s = this.index.settings;
    return [
      ...(s.outboundMode === 'REGISTRY_ONLY' ? ['outbound traffic REGISTRY_ONLY: hosts outside the registry get 502'] : []),
      ...(egressGateways(this.index).length > 0 ? ['egress gateway'] : []),
      ...telemetryWords(this.index),
    ];
  }
}

/** A pod's version: its `version` label, else its workload's name. */
function versionOf(pod: ModelPod): string {
  return pod.labels.version ?? pod.name;
}

/** The versions of `pods`, sorted by name. */
function versions(pods: readonly ModelPod[]): MeshVersion[] {
  const byName = new Map<string, ModelPod[]>();
  for (const p of pods) byName.set(versionOf(p), [...(byName.get(versionOf(p)) ?? []), p]);
  return [...byName].sort(([a], [b]) => compare(a, b)).map(([name, group]) => {
    const count = (list: readonly ModelPod[]): number => list.reduce((n, p) => n + (p.running ? p.replicas : 0), 0);
    const slow = group.filter(p => p.latencySeconds !== undefined);
    return {
      name,
      pods: count(group),
      workloads: group.map(p => p.ref).sort(),
      sidecar: group.every(p => p.sidecar !== false),
      ...(slow.length > 0 ? { slowPods: count(slow), latencySeconds: Math.max(...slow.map(p => p.latencySeconds!)) } : {}),
    };
  });
}

/**
 * A route's matches in words, ` or ` between them; matches on a path only as one list (`path /login, /logout*`); empty
 * when one of them takes every request.
 */
function conditionWords(conditions: readonly string[]): string {
  if (conditions.includes(ANY_REQUEST)) return '';
  const paths = conditions.map(c => /^path (\S+)$/.exec(c)?.[1]);
  return paths.length > 1 && paths.every(p => p !== undefined) ? `path ${paths.join(', ')}` : conditions.join(' or ');
}

/** What a route adds to a hop, in plain words: timeout, retries (not Istio's default ones), faults. */
function settingsOf(hop: TraceHop): string[] {
  const r = hop.retries;
  return [
    ...(hop.timeout ? [`timeout ${hop.timeout}`] : []),
    ...(r && !r.isDefault ? [r.attempts === 0 ? 'no retries' : `${r.attempts} retries${r.perTryTimeout ? ` × ${r.perTryTimeout}` : ''}`] : []),
    ...hop.faults.map(f => `${f.kind === 'delay' ? `delay ${f.fixedDelay ?? ''}` : `abort ${f.httpStatus ?? ''}`} for ${f.percentage}%`),
  ];
}

/** Why a request stopped at the gateway, in a few words. */
function stoppedWords(trace: RequestTrace): string {
  switch (trace.outcome) {
    case Outcome.DENIED: return 'denied 403 at the gateway';
    case Outcome.UNAUTHENTICATED: return '401 at the gateway';
    case Outcome.REFUSED: return 'refused: no listener';
    case Outcome.NOT_FOUND: return '404 at the gateway';
    case Outcome.UNKNOWN: return trace.hops[0]?.decidingPolicy ? `open to some clients only (policy ${trace.hops[0].decidingPolicy.split('/').pop()})` : 'not decided by the set';
    default: return trace.outcome;
  }
}

