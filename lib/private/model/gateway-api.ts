// Gateway API (gateway.networking.k8s.io) objects as istiod translates them: each Gateway listener of class `istio`
// becomes an Istio Gateway server, each HTTPRoute a set of VirtualService routes merged per parent and host, as
// Istio 1.30.3 pilot/pkg/config/kube/gateway/{conversion,route_collections,gateway_collection}.go do. The model then
// routes them as the VirtualServices and Gateways they become, with Gateway API's semantics where Istio applies them.
import { hostsOverlap, qualify } from '../analysis/hosts';
import { asLabels, asString, namespaceOf, refOf } from '../analysis/objects';
import { hostCovers } from '../hosts';
import { asRecord } from '../rules/object';
import { GATEWAY_API, GATEWAY_NAME_LABEL, list, MeshIndex, ModelEntry, ModelService, Obj, ScopedNote } from './mesh-index';

/** The annotation istiod puts on the VirtualServices it generates (pkg/config/constants: InternalRouteSemantics). */
const ROUTE_SEMANTICS = 'internal.istio.io/route-semantics';

/** What is wrong with a reference of a Gateway API object, found while translating it. */
export enum GatewayApiProblemKind {
  /** A parentRef to a Gateway or Service the set does not have. */
  PARENT_NOT_FOUND = 'parent-not-found',
  /** A backendRef (or mirror) to a Service or hostname the set does not have and that is not declared external. */
  BACKEND_NOT_FOUND = 'backend-not-found',
  /** A parentRef to a Gateway none of whose listeners the route may attach to for its hostnames. */
  NO_MATCHING_HOSTNAME = 'no-matching-hostname',
  /** A parentRef to a Gateway whose listeners do not admit routes from the route's namespace, or by sectionName/port. */
  NOT_ALLOWED = 'not-allowed',
  /** A backendRef to another namespace that no ReferenceGrant there permits. */
  MISSING_GRANT = 'missing-grant',
  /** A backendRef port the Service does not have. */
  BACKEND_PORT = 'backend-port',
  /**
   * A parentRef to a Gateway whose listeners admit the route's namespace only if its Namespace, not in the set, has
   * the labels their `allowedRoutes` selector asks for: whether the route attaches is unknown.
   */
  ATTACHMENT_UNKNOWN = 'attachment-unknown',
}

/** One problem, with the object and field it is about. */
export interface GatewayApiProblem {
  readonly kind: GatewayApiProblemKind;
  readonly obj: Obj;
  readonly path: string;
  readonly message: string;
  /** The object referred to, as `namespace/name` (a parent or backend). */
  readonly ref: string;
}

/** An Istio Gateway istiod generates for one listener of a Gateway API Gateway. */
export interface GeneratedGateway {
  /** The Istio-shaped Gateway (one server). */
  readonly obj: Obj;
  /** The Gateway API Gateway it comes from. */
  readonly source: Obj;
  /** `namespace/name` of the pods istiod deploys for it (`<name>-istio`). */
  readonly podRef: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** A VirtualService istiod generates from HTTPRoutes, and the HTTPRoutes it merges. */
export interface GeneratedVirtualService {
  readonly obj: Obj;
  readonly httpRoutes: readonly string[];
}

/** The translation of a set's Gateway API objects. */
export interface GatewayApiTranslation {
  readonly gateways: GeneratedGateway[];
  readonly virtualServices: GeneratedVirtualService[];
  readonly problems: GatewayApiProblem[];
  readonly notes: ScopedNote[];
}

/** What the translation looks up in the rest of the set. */
export interface GatewayApiContext {
  readonly services: ReadonlyMap<string, ModelService>;
  readonly entries: readonly ModelEntry[];
  readonly namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  isExternal(host: string): boolean;
}

/** One accepted parent of an HTTPRoute: the key its VirtualServices merge under, their hosts and gateway. */
interface Parent {
  readonly key: string;
  readonly hosts: string[];
  readonly gateway: string;
  readonly mesh: boolean;
  readonly port?: number;
  readonly exportTo?: string[];
  /** Why the route may not attach there (its namespace's labels are unknown): its routes end in an unknown outcome. */
  readonly unknown?: string;
}

/** One listener as a route attaches to it (Istio's parentInfo). */
interface ListenerInfo {
  readonly gateway: Obj;
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname: string;
  /** The hostname as written (`''` when unset), which listener isolation compares. */
  readonly original: string;
  /** `namespace/hostname` entries, as the Istio Gateway server's hosts (buildHostnameMatch). */
  readonly hosts: string[];
  readonly internalName: string;
  readonly kinds: readonly string[];
  /** The namespaces admitted only if their Namespace, not in the set, has the labels the selector asks for. */
  readonly unknownNamespaces: ReadonlySet<string>;
}

/** The label the API server puts on every Namespace, its name (NamespaceDefaultLabelName, GA in Kubernetes 1.22). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * A namespace's labels as a selector sees them: its Namespace object's, with `kubernetes.io/metadata.name` (the API
 * server writes it on every Namespace); only that label when the set has no Namespace object of that name.
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name
 */
function namespaceLabelsOf(name: string, ctx: GatewayApiContext): { readonly labels: Readonly<Record<string, string>>; readonly known: boolean } {
  const labels = ctx.namespaceLabels.get(name);
  return { labels: { ...labels, [NAMESPACE_NAME_LABEL]: name }, known: labels !== undefined };
}

/**
 * Whether a namespace selector selects namespace `name`; `undefined` when that hangs on labels of a Namespace the set
 * does not have (a requirement on another key than `kubernetes.io/metadata.name`, none failing): the model does not guess.
 */
function namespaceSelected(selector: Readonly<Record<string, unknown>>, name: string, ctx: GatewayApiContext): boolean | undefined {
  const { labels, known } = namespaceLabelsOf(name, ctx);
  const requirements = [
    ...Object.entries(asLabels(selector.matchLabels)).map(([key, value]) => ({ key, operator: 'In', values: [value] as unknown[] })),
    ...list(selector.matchExpressions).map(asRecord).map(e => ({ key: asString(e.key) ?? '', operator: e.operator, values: list(e.values) })),
  ];
  const judged = requirements.filter(r => known || r.key === NAMESPACE_NAME_LABEL);
  if (!judged.every(r => requirementHolds(r, labels))) return false;
  return judged.length === requirements.length ? true : undefined;
}

/**
 * One requirement of a Kubernetes LabelSelector (`matchLabels` entries are `In` one value; `matchExpressions` In,
 * NotIn, Exists, DoesNotExist) against labels.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */
function requirementHolds(r: { readonly key: string; readonly operator: unknown; readonly values: readonly unknown[] }, labels: Readonly<Record<string, string>>): boolean {
  if (r.operator === 'In') return r.key in labels && r.values.includes(labels[r.key]);
  if (r.operator === 'NotIn') return !(r.key in labels) || !r.values.includes(labels[r.key]);
  if (r.operator === 'Exists') return r.key in labels;
  return r.operator === 'DoesNotExist' && !(r.key in labels);
}

/**
 * The namespaces a listener admits routes from (`allowedRoutes.namespaces.from`: Same by default, All, or Selector
 * run over the set's Namespace objects and the namespaces of its routes), as `ns/hostname` server hosts; none:
 * `~/hostname` (match nothing). `unknown`: the namespaces the selector may admit, by labels of a Namespace the set
 * does not have (hosts are listed for them, and the routes of those namespaces marked unknown).
 * @see Istio 1.30.3 pilot/pkg/config/kube/gateway/conversion.go buildHostnameMatch, namespacesFromSelector
 */
function listenerHosts(gwNs: string, listener: Readonly<Record<string, unknown>>, hostname: string, candidates: readonly string[], ctx: GatewayApiContext): { hosts: string[]; unknown: Set<string> } {
  const namespaces = asRecord(asRecord(listener.allowedRoutes).namespaces);
  const from = asString(namespaces.from) ?? 'Same';
  const unknown = new Set<string>();
  let allowed: string[];
  if (from === 'All') allowed = ['*'];
  else if (from === 'Selector') {
    const selector = asRecord(namespaces.selector);
    allowed = candidates.filter(name => {
      const selected = namespaceSelected(selector, name, ctx);
      if (selected === undefined) unknown.add(name);
      return selected !== false;
    });
  } else allowed = [gwNs];
  return { hosts: allowed.length > 0 ? allowed.map(ns => `${ns}/${hostname}`) : [`~/${hostname}`], unknown };
}

/**
 * The route kinds a listener admits: `allowedRoutes.kinds`, else by protocol (HTTP and HTTPS: HTTPRoute and GRPCRoute).
 * @see Istio 1.30.3 pilot/pkg/config/kube/gateway/conversion.go referenceAllowed (AllowedKinds)
 */
function listenerKinds(listener: Readonly<Record<string, unknown>>, protocol: string): string[] {
  const kinds = list(asRecord(listener.allowedRoutes).kinds).map(asRecord)
    .filter(k => (asString(k.group) ?? GATEWAY_API) === GATEWAY_API).map(k => asString(k.kind) ?? '');
  if (list(asRecord(listener.allowedRoutes).kinds).length > 0) return kinds;
  return protocol === 'HTTP' || protocol === 'HTTPS' ? ['HTTPRoute', 'GRPCRoute'] : [];
}

/** The Gateway API `Gateway`s of class `istio`, one generated Istio Gateway per listener. */
function translateGateways(gateways: readonly Obj[], candidates: readonly string[], ctx: GatewayApiContext, notes: ScopedNote[]): { generated: GeneratedGateway[]; listeners: Map<string, ListenerInfo[]> } {
  const generated: GeneratedGateway[] = [];
  const listeners = new Map<string, ListenerInfo[]>();
  for (const gw of gateways) {
    const ns = namespaceOf(gw) ?? 'default';
    const name = gw.metadata?.name ?? '<unnamed>';
    const spec = asRecord(gw.spec);
    const className = asString(spec.gatewayClassName);
    if (className !== 'istio') {
      // Waypoints (class istio-waypoint) are the mesh index's; HTTPRoutes on them are not Gateway routes.
      if (className !== 'istio-waypoint') notes.push({ namespace: ns, text: `not modelled: Gateway (${GATEWAY_API}) ${ns}/${name} of class ${className ?? '<none>'} (the model reads class istio only) may change this` });
      continue;
    }
    if (list(spec.addresses).length > 0) notes.push({ namespace: ns, text: `not modelled: Gateway (${GATEWAY_API}) ${ns}/${name} spec.addresses (manual deployment): the model takes the gateway pods as istiod deploys them (${ns}/${name}-istio)` });
    const infos: ListenerInfo[] = [];
    for (const l of list(spec.listeners).map(asRecord)) {
      const lname = asString(l.name) ?? '';
      const port = typeof l.port === 'number' ? l.port : 0;
      const protocol = asString(l.protocol) ?? 'HTTP';
      const hostname = asString(l.hostname) ?? '*';
      const { hosts, unknown } = listenerHosts(ns, l, hostname, candidates, ctx);
      // Istio names the generated Gateway <gateway>~istio-autogenerated-k8s-gateway~<listener> (pkg/config/gateway/kube InternalGatewayName).
      const internal = `${name}~istio-autogenerated-k8s-gateway~${lname}`;
      const tlsMode = asString(asRecord(l.tls).mode) ?? 'Terminate';
      const tls = protocol === 'HTTPS' || protocol === 'TLS' ? { tls: { mode: tlsMode === 'Passthrough' ? 'PASSTHROUGH' : 'SIMPLE' } } : {};
      const obj: Obj = {
        apiVersion: 'networking.istio.io/v1', kind: 'Gateway',
        metadata: { name: internal, namespace: ns },
        spec: { selector: { [GATEWAY_NAME_LABEL]: name }, servers: [{ port: { number: port, name: lname, protocol }, hosts, ...tls }] },
      };
      generated.push({ obj, source: gw, podRef: `${ns}/${name}-istio`, podLabels: { [GATEWAY_NAME_LABEL]: name } });
      infos.push({ gateway: gw, name: lname, port, protocol, hostname, original: asString(l.hostname) ?? '', hosts, internalName: `${ns}/${internal}`, kinds: listenerKinds(l, protocol), unknownNamespaces: unknown });
    }
    listeners.set(`${ns}/${name}`, infos);
  }
  return { generated, listeners };
}

/** Whether a ReferenceGrant in `toNs` lets an HTTPRoute of `fromNs` refer to Service `name` (group `group`, kind `kind`). */
function granted(grants: readonly Obj[], fromNs: string, toNs: string, group: string, kind: string, name: string): boolean {
  return grants.some(g => (namespaceOf(g) ?? 'default') === toNs
    && list(asRecord(g.spec).from).map(asRecord).some(f => f.group === GATEWAY_API && f.kind === 'HTTPRoute' && f.namespace === fromNs)
    && list(asRecord(g.spec).to).map(asRecord).some(t => (asString(t.group) ?? '') === group && t.kind === kind && (t.name === undefined || t.name === name)));
}

/**
 * Translates the Gateway API objects of a set as istiod does:
 * - a Gateway of class `istio`: one Istio Gateway per listener, whose server hosts are `namespace/hostname` for each
 *   namespace `allowedRoutes` admits (buildListener, buildHostnameMatch); a namespace selector sees
 *   `kubernetes.io/metadata.name` on every namespace, and one on other labels of a Namespace the set lacks leaves the
 *   route's attachment unknown (its routes end in `Outcome.UNKNOWN`, with a note and an ATTACHMENT_UNKNOWN problem);
 * - an HTTPRoute: for each parentRef that accepts it (a Gateway listener by sectionName, port, hostname intersection,
 *   namespace and route kind; or a Service, GAMMA), its rules split into one route per match (a rule without matches
 *   matches prefix `/`, the CRD's default), merged with the other routes of the same parent and host, oldest first
 *   then by namespace/name, and sorted by Gateway API precedence (Exact path, longest prefix, method, most headers,
 *   most query parameters; a regex after prefixes): one VirtualService per parent and host (route_collections.go
 *   mergeHTTPRoutes, conversion.go sortHTTPRoutes);
 * - a mesh (Service parent) route of another namespace than the Service's applies only to clients of its namespace
 *   (a consumer route; pilot/pkg/networking/core/route/route.go BuildSidecarVirtualHostWrapper), and does not need a
 *   ReferenceGrant for its backends (convertHTTPRoute enforceRefGrant = !mesh);
 * - backendRefs: weights (1 by default, 0 dropped) as shares of 100; an unusable backend (no such Service, no grant,
 *   a port the Service lacks, an unsupported kind) stays in the route and gets 500 (route.go: ClusterNotFoundResponseCode
 *   INTERNAL_SERVER_ERROR for Gateway API routes); a rule with no backendRefs and no redirect answers 404, one whose
 *   weights are all 0 answers 500 (convertHTTPRoute);
 * - filters: RequestRedirect (302 by default, the CRD's), URLRewrite (ReplacePrefixMatch, ReplaceFullPath, hostname),
 *   RequestMirror, header modifiers (of the rule and of a backendRef) and CORS, as the VirtualService fields they
 *   become; `timeouts.request`, and `timeouts.backendRequest` (per try with `retry`, of the experimental channel;
 *   else it replaces `request`), as istiod does.
 * - listener isolation: a route hostname a more specific listener of the same port serves is not served by a
 *   wildcard one (hostnameAllowedByIsolation).
 * Not modelled: GRPCRoute, TLSRoute, TCPRoute, ListenerSet, BackendTLSPolicy, InferencePool backends, ServiceEntry
 * parents; listener TLS certificates; ExtensionRef filters (istiod rejects the route, the model drops it with a note).
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec (hostnames, rules)
 */
export function translateGatewayApi(objects: readonly Obj[], ctx: GatewayApiContext): GatewayApiTranslation {
  const notes: ScopedNote[] = [];
  const problems: GatewayApiProblem[] = [];
  const gateways = objects.filter(o => o.kind === 'Gateway');
  // The namespaces a listener's selector is run over: the set's Namespace objects and the namespaces of its routes.
  const candidates = [...new Set([...ctx.namespaceLabels.keys(), ...objects.filter(o => o.kind === 'HTTPRoute').map(o => namespaceOf(o) ?? 'default')])].sort();
  const { generated, listeners } = translateGateways(gateways, candidates, ctx, notes);
  const otherClass = new Set(gateways.map(refOf).filter(r => !listeners.has(r)));
  const grants = objects.filter(o => o.kind === 'ReferenceGrant');
  // Istio merges the routes of a key oldest first, then by namespace/name (sortRoutesByCreationTime).
  const routes = objects.filter(o => o.kind === 'HTTPRoute').sort((a, b) => {
    const ta = asString(a.metadata?.creationTimestamp) ?? '';
    const tb = asString(b.metadata?.creationTimestamp) ?? '';
    return ta !== tb ? (ta < tb ? -1 : 1) : refOf(a) < refOf(b) ? -1 : refOf(a) > refOf(b) ? 1 : 0;
  });
  const merged = new Map<string, { obj: Obj; http: Record<string, unknown>[]; httpRoutes: string[] }>();
  for (const route of routes) {
    const ns = namespaceOf(route) ?? 'default';
    const ref = refOf(route);
    const spec = asRecord(route.spec);
    const hostnames = list(spec.hostnames).filter((h): h is string => typeof h === 'string');
    const { parents, gatewayFound } = parentsOf(route, ns, hostnames, listeners, otherClass, ctx, problems, notes);
    // Refused by every Gateway it names, the route is still translated for them, so its backends' problems show
    // (istiod reports them in the route's ResolvedRefs condition).
    if (gatewayFound && !parents.some(p => !p.mesh)) httpRoutesOf(route, ns, true, ctx, grants, problems, notes);
    if (parents.length === 0) continue;
    const byMesh = new Map<boolean, Record<string, unknown>[] | undefined>();
    for (const parent of parents) {
      if (!byMesh.has(parent.mesh)) byMesh.set(parent.mesh, httpRoutesOf(route, ns, !parent.mesh, ctx, grants, problems, notes));
      const http = byMesh.get(parent.mesh);
      if (!http) continue;
      const withPort = parent.port === undefined && parent.unknown === undefined ? http : http.map(r => ({
        ...r, ...(parent.port !== undefined ? { match: list(r.match).map(m => ({ ...asRecord(m), port: parent.port })) } : {}), ...(parent.unknown !== undefined ? { unknown: parent.unknown } : {}),
      }));
      for (const host of parent.hosts) {
        const key = `${parent.key}/${host}`;
        const found = merged.get(key);
        if (found) {
          found.http.push(...withPort);
          if (!found.httpRoutes.includes(ref)) found.httpRoutes.push(ref);
          continue;
        }
        const obj: Obj = {
          apiVersion: 'networking.istio.io/v1', kind: 'VirtualService',
          metadata: { name: key.replace(/\//g, '~'), namespace: ns, annotations: { [ROUTE_SEMANTICS]: 'gateway' } },
          spec: { hosts: [host], gateways: [parent.gateway], ...(parent.exportTo ? { exportTo: parent.exportTo } : {}) },
        };
        merged.set(key, { obj, http: [...withPort], httpRoutes: [ref] });
      }
    }
  }
  const virtualServices = [...merged.values()].map(m => {
    (m.obj.spec as Record<string, unknown>).http = sortByPrecedence(m.http);
    return { obj: m.obj, httpRoutes: m.httpRoutes };
  });
  return { gateways: generated, virtualServices, problems, notes };
}

/**
 * The parents that accept an HTTPRoute. A Gateway parent: its listeners selected by sectionName and port whose
 * hostname intersects one of the route's (none: any) and whose namespaces and kinds admit it. A Service parent: mesh
 * routing for that Service's host. Problems are reported for parents the set lacks and parents that refuse the route;
 * `gatewayFound`: a Gateway parent of the set, accepting or not.
 * @see Istio 1.30.3 pilot/pkg/config/kube/gateway/conversion.go referenceAllowed, extractParentReferenceInfo
 */
function parentsOf(route: Obj, ns: string, hostnames: string[], listeners: ReadonlyMap<string, ListenerInfo[]>, otherClass: ReadonlySet<string>,
  ctx: GatewayApiContext, problems: GatewayApiProblem[], notes: ScopedNote[]): { parents: Parent[]; gatewayFound: boolean } {
  const out: Parent[] = [];
  let gatewayFound = false;
  const refs = list(asRecord(route.spec).parentRefs).map(asRecord);
  refs.forEach((p, i) => {
    const path = `spec.parentRefs[${i}]`;
    // `group: ''` is the core group (a Service); asString reads '' as unset.
    const group = typeof p.group === 'string' ? p.group : GATEWAY_API;
    const kind = asString(p.kind) ?? 'Gateway';
    const name = asString(p.name) ?? '';
    const pns = asString(p.namespace) ?? ns;
    const port = typeof p.port === 'number' ? p.port : undefined;
    const report = (kindOf: GatewayApiProblemKind, message: string) => problems.push({ kind: kindOf, obj: route, path, message, ref: `${pns}/${name}` });
    if (group === '' && kind === 'Service') {
      const fqdn = `${name}.${pns}.svc.cluster.local`;
      if (!ctx.services.has(fqdn)) {
        if (!ctx.isExternal(fqdn)) report(GatewayApiProblemKind.PARENT_NOT_FOUND, `parent Service ${pns}/${name} is not in the set, so istiod does not accept the route for it (mesh routing for ${fqdn} is unchanged); add the Service, fix the parentRef, or declare the host external`);
        return;
      }
      // Istio keys mesh routes by the route's namespace and port (route_collections.go: routeKey = obj.Namespace[/port]).
      out.push({ key: port === undefined ? ns : `${ns}/${port}`, hosts: [fqdn], gateway: 'mesh', mesh: true, port, ...(pns !== ns ? { exportTo: ['.'] } : {}) });
      return;
    }
    if (group !== GATEWAY_API || kind !== 'Gateway') {
      notes.push({ namespace: ns, text: `not modelled: HTTPRoute ${refOf(route)} ${path}: a parent of kind ${kind} (${group || 'core'})` });
      return;
    }
    // A Gateway of another class belongs to another controller: istiod ignores the parentRef (toInternalParentReference).
    if (otherClass.has(`${pns}/${name}`)) return;
    const infos = listeners.get(`${pns}/${name}`);
    if (!infos) {
      report(GatewayApiProblemKind.PARENT_NOT_FOUND, `parent Gateway ${pns}/${name} is not in the set, so the route is not served there; add the Gateway, fix the parentRef, or declare it external (--external-gateway ${pns}/${name})`);
      return;
    }
    gatewayFound = true;
    const section = asString(p.sectionName);
    const selected = infos.filter(l => (port === undefined || l.port === port) && (section === undefined || l.name === section));
    if (selected.length === 0) {
      report(GatewayApiProblemKind.NOT_ALLOWED, `Gateway ${pns}/${name} has no listener ${[section && `named ${section}`, port !== undefined && `on port ${port}`].filter(Boolean).join(' ')}; listeners: ${infos.map(l => `${l.name} (${l.port})`).join(', ')}`);
      return;
    }
    const routeHosts = hostnames.length > 0 ? hostnames : ['*'];
    let hostMatched = false;
    let accepted = 0;
    const maybe: ListenerInfo[] = [];
    for (const l of selected) {
      // A bidirectional wildcard match, as Istio's host.Name.Matches: `*.example.com` and `a.example.com` intersect.
      const hostOk = routeHosts.some(h => hostsOverlap(l.hostname, h));
      hostMatched ||= hostOk;
      const nsOk = l.hosts.some(h => h.startsWith('*/') || h.startsWith(`${ns}/`));
      if (!hostOk || !nsOk || !l.kinds.includes('HTTPRoute')) continue;
      // Admitted by labels of a Namespace the set does not have: translated, its routes marked unknown.
      const unknown = l.unknownNamespaces.has(ns)
        ? `unknown: whether HTTPRoute ${refOf(route)} attaches to listener ${l.name} of Gateway ${pns}/${name}: its allowedRoutes selector asks for labels of Namespace ${ns}, which is not in the set (add the Namespace to the set to judge it)`
        : undefined;
      if (unknown) maybe.push(l);
      else accepted++;
      // One VirtualService per listener and route hostname (hostnameToStringList: none means `*`).
      const banned = infos.filter(o => o !== l && o.port === l.port && o.protocol === l.protocol && o.original !== l.original).map(o => o.original);
      const hosts = routeHosts.filter(h => allowedByIsolation(h, l.original, banned));
      if (hosts.length > 0) out.push({ key: l.internalName, hosts, gateway: l.internalName, mesh: false, ...(unknown ? { unknown } : {}) });
    }
    if (maybe.length > 0) {
      const text = `unknown: whether the listeners ${maybe.map(l => l.name).join(', ')} of Gateway ${pns}/${name} admit HTTPRoute ${refOf(route)}: their allowedRoutes selector asks for labels of Namespace ${ns}, which is not in the set; requests the route would serve there have an unknown outcome (add the Namespace to the set to judge it)`;
      notes.push({ namespace: ns, text });
      if (accepted === 0) report(GatewayApiProblemKind.ATTACHMENT_UNKNOWN, text);
    }
    if (accepted > 0 || maybe.length > 0) return;
    const listed = selected.map(l => `${l.name} (${l.hostname})`).join(', ');
    if (!hostMatched) {
      report(GatewayApiProblemKind.NO_MATCHING_HOSTNAME, `none of the route's hostnames (${routeHosts.join(', ')}) intersects a hostname of the listeners of Gateway ${pns}/${name} (${listed}), so the route is not accepted there and requests get 404; add a matching hostname or fix the listener's`);
    } else {
      report(GatewayApiProblemKind.NOT_ALLOWED, `the listeners of Gateway ${pns}/${name} (${listed}) do not admit HTTPRoutes from namespace ${ns} (allowedRoutes), so the route is not accepted there; set allowedRoutes.namespaces.from to All or a Selector matching ${ns}, or move the route`);
    }
  });
  return { parents: out, gatewayFound };
}

/**
 * Listener isolation: a route hostname on a wildcard listener is left to another listener of the same port and
 * protocol whose hostname is at least as long and covers it (`*.example.com` leaves `abc.foo.example.com` to a listener
 * `*.foo.example.com`); on an exact listener every hostname stays.
 * @see Istio 1.30.3 pilot/pkg/config/kube/gateway/conversion.go hostnameAllowedByIsolation
 * @see https://gateway-api.sigs.k8s.io/geps/gep-1713/ (listener isolation)
 */
function allowedByIsolation(routeHost: string, listener: string, banned: readonly string[]): boolean {
  if (listener !== '' && !listener.startsWith('*')) return true;
  if (listener !== '' && !hostsOverlap(routeHost, listener)) return false;
  return !banned.some(other => listener.length <= other.length && hostCovers(other, routeHost));
}

/** A Gateway API path match as the Istio StringMatch istiod makes of it (createURIMatch: a trailing `/` of a prefix dropped). */
function uriOf(path: Readonly<Record<string, unknown>>): Record<string, string> {
  const type = asString(path.type) ?? 'PathPrefix';
  const value = asString(path.value) ?? '/';
  if (type === 'Exact') return { exact: value };
  if (type === 'RegularExpression') return { regex: value };
  return { prefix: value !== '/' && value.endsWith('/') ? value.slice(0, -1) : value };
}

/** Header or query parameter matches as a map of StringMatches (Exact by default; the first of a name wins). */
function valueMatches(values: unknown, lower: boolean): Record<string, Record<string, string>> | undefined {
  const out: Record<string, Record<string, string>> = {};
  for (const v of list(values).map(asRecord)) {
    const name = asString(v.name);
    if (!name) continue;
    const key = lower ? name.toLowerCase() : name;
    if (out[key]) continue;
    out[key] = asString(v.type) === 'RegularExpression' ? { regex: asString(v.value) ?? '' } : { exact: asString(v.value) ?? '' };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A backendRef as a route destination: its host and port, or why it cannot be used. */
function backendOf(b: Readonly<Record<string, unknown>>, ns: string, enforceGrant: boolean, ctx: GatewayApiContext, grants: readonly Obj[]): { host: string; port?: number; unusable?: string; problem?: GatewayApiProblemKind } {
  const group = asString(b.group) ?? '';
  const kind = asString(b.kind) ?? 'Service';
  const name = asString(b.name) ?? '';
  const bns = asString(b.namespace) ?? ns;
  const port = typeof b.port === 'number' ? b.port : undefined;
  if (group === 'networking.istio.io' && kind === 'Hostname') {
    const known = ctx.entries.some(e => e.hosts.some(h => hostsOverlap(h, name))) || ctx.services.has(name);
    if (known || ctx.isExternal(name)) return { host: name, port };
    return { host: name, port, unusable: `backend(${name}) not found`, problem: GatewayApiProblemKind.BACKEND_NOT_FOUND };
  }
  const host = qualify(name, bns);
  if (group !== '' || kind !== 'Service') return { host, port, unusable: `referencing unsupported backendRef: group "${group}" kind "${kind}"` };
  if (enforceGrant && bns !== ns && !granted(grants, ns, bns, '', 'Service', name)) {
    return { host, port, unusable: `backendRef ${name}/${bns} not accessible to a HTTPRoute in namespace "${ns}" (missing a ReferenceGrant?)`, problem: GatewayApiProblemKind.MISSING_GRANT };
  }
  const service = ctx.services.get(host);
  if (!service) {
    if (ctx.isExternal(host)) return { host, port };
    return { host, port, unusable: `backend(${host}) not found`, problem: GatewayApiProblemKind.BACKEND_NOT_FOUND };
  }
  if (port !== undefined && !service.ports.some(p => p.port === port)) {
    return { host, port, unusable: `Service ${service.ref} has no port ${port} (its ports: ${service.ports.map(p => p.port).join(', ')}), so the cluster ${host}:${port} does not exist`, problem: GatewayApiProblemKind.BACKEND_PORT };
  }
  return { host, port };
}

/** The fix a problem's message ends with. */
const FIXES: Readonly<Record<string, string>> = {
  [GatewayApiProblemKind.BACKEND_NOT_FOUND]: 'add the Service, fix the backendRef, or declare the host external',
  [GatewayApiProblemKind.MISSING_GRANT]: 'add a ReferenceGrant in the backend\'s namespace from HTTPRoute in this namespace to the Service',
  [GatewayApiProblemKind.BACKEND_PORT]: 'use a port the Service has',
};

/**
 * An HTTPRoute's rules as VirtualService http routes, one per match (convertHTTPRoute); `undefined` when istiod
 * rejects the whole route (a Service backendRef without a port, an unsupported filter).
 */
function httpRoutesOf(route: Obj, ns: string, enforceGrant: boolean, ctx: GatewayApiContext, grants: readonly Obj[], problems: GatewayApiProblem[], notes: ScopedNote[]): Record<string, unknown>[] | undefined {
  const ref = refOf(route);
  const out: Record<string, unknown>[] = [];
  // No rules: the CRD's default, one rule matching prefix `/` without backends (404).
  const spec = asRecord(route.spec);
  const rules = spec.rules === undefined ? [{}] : list(spec.rules).map(asRecord);
  const reported = new Set<string>();
  const unusable = (path: string, b: ReturnType<typeof backendOf>): string | undefined => {
    if (b.problem && !reported.has(path)) {
      reported.add(path);
      problems.push({ kind: b.problem, obj: route, path, message: `${b.unusable}: the backend gets 500; ${FIXES[b.problem]}`, ref: b.host });
    }
    return b.unusable;
  };
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r];
    const at = `spec.rules[${r}]`;
    const http: Record<string, unknown> = { name: asString(rule.name) ?? `${ns}.${route.metadata?.name}.${r}`, source: `HTTPRoute ${ref} rule ${r}` };
    for (const [f, filter] of list(rule.filters).map(asRecord).entries()) {
      const type = asString(filter.type);
      if (type === 'RequestRedirect') {
        const red = asRecord(filter.requestRedirect);
        const path = asRecord(red.path);
        http.redirect = {
          redirectCode: typeof red.statusCode === 'number' ? red.statusCode : 302,
          ...(asString(red.hostname) ? { authority: red.hostname } : {}), ...(asString(red.scheme) ? { scheme: red.scheme } : {}),
          ...(typeof red.port === 'number' ? { port: red.port } : {}),
          ...(asString(path.replaceFullPath) ? { uri: path.replaceFullPath } : asString(path.replacePrefixMatch) ? { uri: `%PREFIX()%${path.replacePrefixMatch}` } : {}),
        };
      } else if (type === 'URLRewrite') {
        const rw = asRecord(filter.urlRewrite);
        const path = asRecord(rw.path);
        // An empty replacePrefixMatch, as `/`, removes the prefix.
        const prefix = typeof path.replacePrefixMatch === 'string' ? path.replacePrefixMatch : undefined;
        const rewrite = {
          ...(prefix !== undefined ? { uri: prefix.replace(/\/$/, '') || '/' } : {}),
          ...(asString(path.replaceFullPath) !== undefined ? { uriRegexRewrite: { match: '/.*', rewrite: path.replaceFullPath } } : {}),
          ...(asString(rw.hostname) ? { authority: rw.hostname } : {}),
        };
        if (Object.keys(rewrite).length > 0) http.rewrite = rewrite;
      } else if (type === 'RequestMirror') {
        const m = asRecord(filter.requestMirror);
        const b = backendOf(asRecord(m.backendRef), ns, enforceGrant, ctx, grants);
        if (unusable(`${at}.filters[${f}].requestMirror.backendRef`, b) === undefined) {
          const fraction = asRecord(m.fraction);
          const pct = typeof fraction.numerator === 'number' ? (100 * fraction.numerator) / (typeof fraction.denominator === 'number' ? fraction.denominator : 100) : typeof m.percent === 'number' ? m.percent : undefined;
          http.mirrors = [...list(http.mirrors), { destination: { host: b.host, ...(b.port !== undefined ? { port: { number: b.port } } : {}) }, ...(pct !== undefined ? { percentage: { value: pct } } : {}) }];
        }
      } else if (type === 'RequestHeaderModifier' || type === 'ResponseHeaderModifier') {
        http.headers = { ...asRecord(http.headers), [type === 'RequestHeaderModifier' ? 'request' : 'response']: filter[type === 'RequestHeaderModifier' ? 'requestHeaderModifier' : 'responseHeaderModifier'] };
      } else if (type === 'CORS') {
        http.corsPolicy = filter.cors;
      } else {
        notes.push({ namespace: ns, text: `not modelled: HTTPRoute ${ref} ${at}.filters[${f}] type ${type}: istiod does not accept the route (unsupported filter type)` });
        return undefined;
      }
    }
    // `retry` (experimental channel): the connection errors and the codes given, 2 attempts by default (convertHTTPRoute).
    if (rule.retry !== undefined) {
      const retry = asRecord(rule.retry);
      const attempts = typeof retry.attempts === 'number' ? retry.attempts : 2;
      const codes = list(retry.codes).filter((c): c is number => typeof c === 'number');
      http.retries = { attempts, ...(attempts > 0 ? { retryOn: ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', ...codes.map(String)].join(',') } : {}) };
    }
    // `backendRequest` is the per-try timeout when the rule retries, else it replaces `request`.
    const timeouts = asRecord(rule.timeouts);
    if (typeof timeouts.request === 'string' && timeouts.request !== '0s') http.timeout = timeouts.request;
    const backendRequest = timeouts.backendRequest;
    if (typeof backendRequest === 'string' && backendRequest !== '0s') {
      if (http.retries) http.retries = { ...asRecord(http.retries), perTryTimeout: backendRequest };
      else http.timeout = backendRequest;
    }
    const backends = list(rule.backendRefs).map(asRecord);
    if (backends.some(b => (asString(b.kind) ?? 'Service') === 'Service' && (asString(b.group) ?? '') === '' && typeof b.port !== 'number')) {
      notes.push({ namespace: ns, text: `not modelled: HTTPRoute ${ref} ${at}: a Service backendRef without a port; istiod does not accept the route (port is required in backendRef)` });
      return undefined;
    }
    // A backendRef's header modifiers become its destination's headers; istiod rejects the route for any other filter.
    const other = backends.flatMap(b => list(b.filters).map(asRecord)).find(f => f.type !== 'RequestHeaderModifier' && f.type !== 'ResponseHeaderModifier');
    if (other) {
      notes.push({ namespace: ns, text: `not modelled: HTTPRoute ${ref} ${at}: a backendRef filter of type ${String(other.type)}; istiod does not accept the route (unsupported filter type)` });
      return undefined;
    }
    const weighted = backends.map((b, i) => ({ b, i, weight: typeof b.weight === 'number' ? b.weight : 1 })).filter(w => w.weight > 0);
    const total = weighted.reduce((s, w) => s + w.weight, 0);
    if (total === 0 && http.redirect === undefined) {
      http.directResponse = { status: backends.length === 0 ? 404 : 500 };
    } else if (http.redirect === undefined) {
      http.route = weighted.map(w => {
        const b = backendOf(w.b, ns, enforceGrant, ctx, grants);
        const why = unusable(`${at}.backendRefs[${w.i}]`, b);
        // Gateway API weights are proportions; the model's are percentages.
        const headers = Object.fromEntries(list(w.b.filters).map(asRecord).map(f => f.type === 'RequestHeaderModifier' ? ['request', f.requestHeaderModifier] : ['response', f.responseHeaderModifier]));
        return {
          destination: { host: b.host, ...(b.port !== undefined ? { port: { number: b.port } } : {}) }, weight: Math.round((100 * w.weight) / total),
          ...(Object.keys(headers).length > 0 ? { headers } : {}), ...(why ? { unusable: why } : {}),
        };
      });
    }
    const matches = list(rule.matches).map(asRecord);
    for (const m of matches.length > 0 ? matches : [{ path: { type: 'PathPrefix', value: '/' } }]) {
      const headers = valueMatches(m.headers, true);
      const queryParams = valueMatches(m.queryParams, false);
      const match = {
        uri: uriOf(asRecord(m.path ?? { type: 'PathPrefix', value: '/' })),
        ...(headers ? { headers } : {}),
        ...(queryParams ? { queryParams } : {}),
        ...(asString(m.method) ? { method: { exact: m.method } } : {}),
      };
      out.push({ ...http, match: [match] });
    }
  }
  return out;
}

/** Exact 3, prefix 2, regex 1 (Istio's getURIRank). */
function uriRank(m: Readonly<Record<string, unknown>>): [number, number] {
  const uri = asRecord(m.uri);
  if (typeof uri.exact === 'string') return [3, uri.exact.length];
  if (typeof uri.prefix === 'string') return [2, uri.prefix.length];
  if (typeof uri.regex === 'string') return [1, uri.regex.length];
  return [-1, 0];
}

/**
 * Routes in Gateway API precedence, a stable sort of the merged routes (already oldest route first): "Exact" path
 * match; "Prefix" path match with largest number of characters; method match; largest number of header matches;
 * largest number of query param matches (HTTPRouteRule `matches`, Gateway API v1.5.1); a regex path between prefixes
 * and no path, as Istio ranks it (the spec leaves it to implementations).
 * @see Istio 1.30.3 pilot/pkg/config/kube/gateway/conversion.go sortHTTPRoutes
 */
function sortByPrecedence(routes: Record<string, unknown>[]): Record<string, unknown>[] {
  const size = (v: unknown) => Object.keys(asRecord(v)).length;
  return routes.map((r, i) => ({ r, i })).sort((x, y) => {
    const a = asRecord(list(x.r.match)[0]);
    const b = asRecord(list(y.r.match)[0]);
    const [ra, la] = uriRank(a);
    const [rb, lb] = uriRank(b);
    return (rb - ra) || (lb - la) || ((b.method !== undefined ? 1 : 0) - (a.method !== undefined ? 1 : 0))
      || (size(b.headers) - size(a.headers)) || (size(b.queryParams) - size(a.queryParams)) || (x.i - y.i);
  }).map(({ r }) => r);
}

/**
 * The subset a destination without one stands for: Gateway API routes to per-version Services where the Istio API
 * routes to subsets, so the `version` label all its pods share names it (`undefined` when they do not share one).
 * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/ (Gateway API tab: reviews-v1, reviews-v3)
 */
export function versionOf(index: MeshIndex, pods: readonly string[]): string | undefined {
  const versions = new Set(index.pods.filter(p => pods.includes(p.ref)).map(p => p.labels.version));
  const [only] = versions;
  return versions.size === 1 ? only : undefined;
}

/** Whether `pods` (at least one) are all pods of Service `fqdn`, as a per-version Service's pods are its Service's. */
export function podsOfService(index: MeshIndex, fqdn: string, pods: readonly string[]): boolean {
  const service = index.services.get(fqdn);
  if (!service || pods.length === 0) return false;
  const of = new Set(index.podsOf(service).map(p => p.ref));
  return pods.every(p => of.has(p));
}

/**
 * The Service `service` stands for a version of: the one in its namespace whose selector is `service`'s without its
 * `version` label, with that version (the per-version Service Gateway API routes to where the Istio API routes to a
 * subset); `undefined` for any other Service.
 * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/ (Gateway API tab: reviews-v1, reviews-v3)
 */
export function versionServiceOf(index: MeshIndex, service: ModelService): { readonly service: ModelService; readonly version: string } | undefined {
  const { version, ...rest } = service.selector ?? {};
  const keys = Object.keys(rest);
  if (version === undefined || keys.length === 0) return undefined;
  const parent = [...index.services.values()].find(s => s !== service && s.namespace === service.namespace && s.selector !== undefined
    && Object.keys(s.selector).length === keys.length && keys.every(k => s.selector![k] === rest[k]));
  return parent ? { service: parent, version } : undefined;
}
