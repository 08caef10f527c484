// What the model knows about pods, namespaces and the mesh beyond single requests, in plain words: what pictures show
// next to the calls (deny by default, JWT required, mTLS mode, Telemetry, outbound policy, egress gateway).
import { asString, namespaceOf } from '../analysis/objects';
import { hostCovers } from '../hosts';
import { asRecord } from '../rules/object';
import { list, MeshIndex, ModelPod, Obj } from './mesh-index';
import { authenticate, authorize, peerMode, policiesFor } from './policies';

/**
 * An ALLOW AuthorizationPolicy without rules applies to the pod: it allows nothing, so only what other ALLOW
 * policies name gets in.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/ (allow-nothing)
 */
export function deniesByDefault(index: MeshIndex, pod: ModelPod): boolean {
  return policiesFor(index, 'AuthorizationPolicy', pod, []).some(p => {
    const spec = asRecord(p.spec);
    return (asString(spec.action) ?? 'ALLOW') === 'ALLOW' && list(spec.rules).length === 0 && spec.provider === undefined;
  });
}

/**
 * A RequestAuthentication applies to the pod and its AuthorizationPolicies deny a request that carries no token,
 * by a policy that asks for one (`requestPrincipals`, `notRequestPrincipals` or a `request.auth.*` condition): only
 * requests with a valid JWT get in. A denial by identity alone (`principals` of a peer) is not that. For a pod in
 * ambient mode: the policies of the waypoint of a Service of its (ztunnel enforces no JWT).
 * @see https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#require-a-valid-token
 */
export function requiresJwt(index: MeshIndex, pod: ModelPod): boolean {
  if (pod.ambient) {
    return [...index.services.values()].some(s => {
      const waypoint = index.waypointOf(s);
      return waypoint !== undefined && index.podsOf(s).includes(pod) && requiresJwt(index, index.waypointPod(waypoint, s));
    });
  }
  const policies = policiesFor(index, 'AuthorizationPolicy', pod, []);
  if (policiesFor(index, 'RequestAuthentication', pod, []).length === 0 || !pod.sidecar) return false;
  const auth = authenticate(index, pod, undefined, []);
  const port = [...pod.containerPorts.values()][0] ?? 80;
  const decision = authorize(index, pod, { auth, host: '', method: 'GET', path: '/', port, headers: {}, tcp: false }, []);
  if (decision.allowed) return false;
  const asksForToken = (p: Obj) => /"notRequestPrincipals"|"requestPrincipals"|"request\.auth\./.test(JSON.stringify(p.spec ?? {}));
  const deciding = policies.find(p => `${namespaceOf(p) ?? 'default'}/${p.metadata?.name}` === decision.policy);
  // No policy named: no ALLOW rule matched; then the token decides when one of the ALLOW policies asks for it.
  return deciding ? asksForToken(deciding) : policies.some(p => (asString(asRecord(p.spec).action) ?? 'ALLOW') === 'ALLOW' && asksForToken(p));
}

/** The mTLS mode the pods of `pods` with a sidecar accept on their first port, when they all agree. */
export function sharedMtlsMode(index: MeshIndex, pods: readonly ModelPod[]): string | undefined {
  const modes = new Set(pods.filter(p => p.sidecar !== false || p.ambient).map(p => peerMode(index, p, [...p.containerPorts.values()][0] ?? 0, []).mode));
  return modes.size === 1 ? [...modes][0] : undefined;
}

/**
 * The Telemetry objects of the set in words: tracing providers and sampling, metrics providers and what overrides
 * remove, access logging.
 * @see https://istio.io/latest/docs/reference/config/telemetry/
 */
export function telemetryWords(index: MeshIndex): string[] {
  const out: string[] = [];
  for (const t of index.telemetries) {
    const spec = asRecord(t.spec);
    const where = t.metadata?.namespace === index.settings.rootNamespace && !spec.selector ? 'mesh' : `namespace ${t.metadata?.namespace ?? 'default'}`;
    const providers = (section: unknown): string => list(asRecord(section).providers).map(p => asString(asRecord(p).name)).filter(Boolean).join(', ') || 'default provider';
    for (const tracing of list(spec.tracing)) {
      const sampling = asRecord(tracing).randomSamplingPercentage;
      out.push(`${where} tracing: ${providers(tracing)}${typeof sampling === 'number' ? `, ${sampling}% sampled` : ''}`);
    }
    for (const metrics of list(spec.metrics)) {
      const overrides = list(asRecord(metrics).overrides).map(asRecord);
      const off = overrides.filter(o => o.disabled === true).length;
      const removed = overrides.flatMap(o => Object.values(asRecord(o.tagOverrides)).filter(v => asRecord(v).operation === 'REMOVE')).length;
      const changes = [off > 0 ? `${off} metric${off > 1 ? 's' : ''} off` : '', removed > 0 ? `${removed} label${removed > 1 ? 's' : ''} removed` : ''].filter(Boolean);
      out.push(`${where} metrics: ${providers(metrics)}${changes.length > 0 ? `, ${changes.join(', ')}` : ''}`);
    }
    for (const logging of list(spec.accessLogging)) out.push(`${where} access logs: ${providers(logging)}`);
  }
  return out;
}

/** The Gateways of the set that select egress gateway pods (`istio: egressgateway`, or a name with `egress`). */
export function egressGateways(index: MeshIndex): Obj[] {
  return index.gateways.filter(g => Object.entries(asRecord(asRecord(g.spec).selector)).some(([, v]) => typeof v === 'string' && v.includes('egress')));
}

/** The hosts the egress Gateways serve, as written (`ns/host` parts dropped). */
export function egressHosts(index: MeshIndex): string[] {
  return egressGateways(index).flatMap(g => list(asRecord(g.spec).servers).flatMap(s => list(asRecord(s).hosts)))
    .filter((h): h is string => typeof h === 'string').map(h => (h.includes('/') ? h.split('/')[1] : h));
}

/**
 * The ingress Gateways: every Gateway of the set not selecting egress gateway pods (and those istiod generates for
 * Gateway API Gateways), with their selector and, for a
 * host, the port of the first server that lists it (the first server's port when none does).
 */
export function ingressGateways(index: MeshIndex): { readonly ref: string; readonly namespace: string; readonly selector: Readonly<Record<string, string>>; portOf(host: string): number }[] {
  const egress = new Set(egressGateways(index));
  // Gateway API Gateways as the Istio Gateways istiod generates for their listeners (selecting the pods it deploys).
  return [...index.gateways.filter(g => !egress.has(g)), ...index.gatewayApi.gateways.map(g => g.obj)].map(g => {
    const spec = asRecord(g.spec);
    const servers = list(spec.servers).map(asRecord);
    const portNumber = (server: Readonly<Record<string, unknown>> | undefined) => {
      const port = asRecord(asRecord(server).port).number;
      return typeof port === 'number' ? port : 80;
    };
    const lists = (server: Readonly<Record<string, unknown>>, host: string) =>
      list(server.hosts).some(h => typeof h === 'string' && hostCovers(h.includes('/') ? h.slice(h.indexOf('/') + 1) : h, host));
    return {
      ref: `${namespaceOf(g) ?? 'default'}/${g.metadata?.name ?? ''}`, namespace: namespaceOf(g) ?? 'default', selector: asRecord(spec.selector) as Record<string, string>,
      portOf: (host: string) => portNumber(servers.find(s => lists(s, host)) ?? servers[0]),
    };
  });
}
