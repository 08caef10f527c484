// The server side of a hop as Istio's sidecar enforces it: PeerAuthentication, RequestAuthentication, AuthorizationPolicy.
import { asString, refOf } from '../analysis/objects';
import { selects } from '../analysis/workloads';
import { asRecord } from '../rules/object';
import { anyOf, ipInBlock, policyPathMatch, policyValueMatch } from './matching';
import { GATEWAY_API, GATEWAY_NAME_LABEL, list, MeshIndex, ModelPod, Obj } from './mesh-index';

/** A selector's `matchLabels`, `undefined` when the object has no (or an empty) selector. */
function selectorOf(obj: Obj): Readonly<Record<string, string>> | undefined {
  const labels = asRecord(asRecord(asRecord(obj.spec).selector).matchLabels);
  return Object.keys(labels).length > 0 ? (labels as Record<string, string>) : undefined;
}

/**
 * Whether `obj` has `targetRef`/`targetRefs`, noting targets other than a Gateway API Gateway or a Service (a
 * ServiceEntry of a waypoint, a GatewayClass): those are not modelled.
 */
function targetRefNote(obj: Obj, notes: string[]): boolean {
  const spec = asRecord(obj.spec);
  if (spec.targetRef === undefined && spec.targetRefs === undefined) return false;
  if (!targetRefsOf(obj).every(t => (t.kind === 'Gateway' && t.group === GATEWAY_API) || (t.kind === 'Service' && (t.group ?? '') === ''))) {
    notes.push(`not modelled: ${obj.kind} ${refOf(obj)} spec.targetRef(s) may change this`);
  }
  return true;
}

/**
 * Whether a policy binds to a waypoint's pods on traffic to `pod.waypointService`: by targetRefs to the waypoint
 * Gateway (as {@link targetsGatewayOf}) or to that Service, in the policy's namespace. Waypoints never use selectors.
 * @see Istio 1.30.3 pilot/pkg/model/policyattachment.go ShouldAttachPolicy ("waypoints never use selector")
 * @see https://istio.io/latest/docs/ambient/usage/l7-features/#targeting-policies-or-routing-rules
 */
function targetsWaypointOf(obj: Obj, pod: ModelPod): boolean {
  const service = pod.waypointService!;
  return targetsGatewayOf(obj, pod) || ((asString(obj.metadata?.namespace) ?? 'default') === service.namespace
    && targetRefsOf(obj).some(t => t.kind === 'Service' && (t.group ?? '') === '' && t.name === service.name && (t.namespace === undefined || t.namespace === service.namespace)));
}

function targetRefsOf(obj: Obj): Readonly<Record<string, unknown>>[] {
  const spec = asRecord(obj.spec);
  return [...(spec.targetRef !== undefined ? [asRecord(spec.targetRef)] : []), ...list(spec.targetRefs).map(asRecord)];
}

/**
 * Whether a policy's targetRefs bind it to the Gateway API Gateway whose pods `pod` are (labelled with its name), in
 * the policy's namespace. A policy with targetRefs binds nothing else; one without binds gateway pods by selector, as
 * istiod does by default (ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY).
 * @see Istio 1.30.3 pilot/pkg/model/policyattachment.go ShouldAttachPolicy
 */
function targetsGatewayOf(obj: Obj, pod: ModelPod): boolean {
  const name = pod.labels[GATEWAY_NAME_LABEL];
  return name !== undefined && (asString(obj.metadata?.namespace) ?? 'default') === pod.namespace
    && targetRefsOf(obj).some(t => t.kind === 'Gateway' && t.group === GATEWAY_API && t.name === name && (t.namespace === undefined || t.namespace === pod.namespace));
}

/**
 * The policies of `kind` that apply to `pod`: those of the root namespace (mesh-wide, or by selector on any namespace)
 * and of the pod's namespace, selector-less ones covering the namespace. For a waypoint's pods, those its targetRefs
 * bind ({@link targetsWaypointOf}).
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/ (selector, root namespace)
 * @see Istio 1.30.3 pilot/pkg/model/authorization.go ListAuthorizationPolicies (root namespace and workload namespace)
 */
export function policiesFor(index: MeshIndex, kind: string, pod: ModelPod, notes: string[]): Obj[] {
  const byKind = cache.get(pod) ?? new Map<string, { readonly policies: Obj[]; readonly notes: string[] }>();
  cache.set(pod, byKind);
  let found = byKind.get(kind);
  if (!found) {
    const root = index.settings.rootNamespace;
    const namespaces = pod.namespace === root ? [root] : [root, pod.namespace];
    const own: string[] = [];
    const policies = namespaces.flatMap(ns => index.inNamespace(kind, ns)).filter(o => {
      if (pod.waypointService) return targetsWaypointOf(o, pod);
      if (targetsGatewayOf(o, pod)) return true;
      if (targetRefNote(o, own)) return false;
      const selector = selectorOf(o);
      return !selector || selects(selector, pod.labels);
    });
    found = { policies, notes: own };
    byKind.set(kind, found);
  }
  notes.push(...found.notes);
  return found.policies;
}

/** The policies of each kind that apply to a pod (each pod belongs to one model, whose objects do not change). */
const cache = new WeakMap<ModelPod, Map<string, { readonly policies: Obj[]; readonly notes: string[] }>>();

/** The mTLS mode a server pod's sidecar accepts on a port, and the PeerAuthentication that set it. */
export interface PeerMode {
  readonly mode: string;
  readonly source: string;
}

const modeOf = (value: unknown): string | undefined => {
  const mode = asString(asRecord(value).mode);
  return mode === 'UNSET' ? undefined : mode;
};

/**
 * The PeerAuthentication mode for `pod` on container port `port`: the workload policy (selector, not in the root
 * namespace) over the namespace policy over the mesh policy (root namespace, no selector), each UNSET inheriting from
 * the next; PERMISSIVE when none; `portLevelMtls` only on a workload policy. The oldest policy of a level wins: the
 * model takes the first in the set's order.
 * @see https://istio.io/latest/docs/concepts/security/#peer-authentication
 * @see Istio 1.30.3 pilot/pkg/security/authn/policy_applier.go ComposePeerAuthentication
 */
export function peerMode(index: MeshIndex, pod: ModelPod, port: number, notes: string[]): PeerMode {
  const root = index.settings.rootNamespace;
  const pas = policiesFor(index, 'PeerAuthentication', pod, notes);
  const mesh = pas.filter(p => p.metadata?.namespace === root && !selectorOf(p));
  const namespace = pod.namespace === root ? [] : pas.filter(p => p.metadata?.namespace !== root && !selectorOf(p));
  const workload = pod.namespace === root ? [] : pas.filter(p => p.metadata?.namespace !== root && selectorOf(p));
  for (const [level, found] of [['mesh', mesh], ['namespace', namespace], ['workload', workload]] as const) {
    if (found.length > 1) notes.push(`not modelled: ${found.length} ${level}-level PeerAuthentications for ${pod.ref} (${found.map(refOf).join(', ')}); Istio takes the oldest, the model the first`);
  }
  let mode = 'PERMISSIVE';
  let source = 'no PeerAuthentication: Istio defaults to PERMISSIVE';
  for (const p of [mesh[0], namespace[0], workload[0]]) {
    const m = p && modeOf(asRecord(p.spec).mtls);
    if (m) {
      mode = m;
      source = `PeerAuthentication ${refOf(p)}`;
    }
  }
  const ported = workload[0] && asRecord(asRecord(workload[0].spec).portLevelMtls)[String(port)];
  if (ported !== undefined) {
    mode = modeOf(ported) ?? mode;
    source = `PeerAuthentication ${refOf(workload[0])} portLevelMtls ${port}`;
  }
  return { mode, source };
}

/** What the token gives the request once RequestAuthentication accepted it. */
export interface Authenticated {
  /** 401 reason when rejected. */
  readonly rejected?: string;
  readonly summary?: string;
  readonly requestPrincipal?: string;
  readonly claims: Readonly<Record<string, readonly string[]>>;
  readonly audiences: readonly string[];
  readonly presenter?: string;
  /** The accepting rule sets `forwardOriginalToken`, so the token goes on upstream. */
  readonly forwarded?: boolean;
}

/** A decoded token as the engine passes it. */
export interface TokenIn {
  readonly issuer: string;
  readonly subject: string;
  readonly audiences?: readonly string[];
  readonly claims?: Readonly<Record<string, readonly string[]>>;
  readonly valid?: boolean;
}

/**
 * RequestAuthentication on `pod`: a request with an invalid token, or one no `jwtRules` issuer (or audience) accepts, is
 * rejected with 401; a request without a token passes with no request principal. The principal is `iss/sub`.
 * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
 * @see https://istio.io/latest/docs/concepts/security/#request-authentication
 */
export function authenticate(index: MeshIndex, pod: ModelPod, token: TokenIn | undefined, notes: string[]): Authenticated {
  const policies = policiesFor(index, 'RequestAuthentication', pod, notes);
  const none: Authenticated = { claims: {}, audiences: [] };
  if (policies.length === 0) return none;
  const names = policies.map(refOf).join(', ');
  if (!token) return { ...none, summary: `no token: passes RequestAuthentication ${names} with no request principal` };
  const rules = policies.flatMap(p => list(asRecord(p.spec).jwtRules).map(r => ({ policy: p, rule: asRecord(r) })));
  const located = rules.filter(r => r.rule.fromHeaders !== undefined || r.rule.fromParams !== undefined || r.rule.fromCookies !== undefined);
  if (located.length > 0) notes.push(`not modelled: jwtRules fromHeaders/fromParams/fromCookies of RequestAuthentication ${located.map(r => refOf(r.policy)).join(', ')}: the model assumes the token is where they look`);
  const rule = rules.find(r => r.rule.issuer === token.issuer);
  if (!rule) return { ...none, rejected: `401: no jwtRules issuer of RequestAuthentication ${names} is ${token.issuer}` };
  if (token.valid === false) return { ...none, rejected: `401: invalid token (issuer ${token.issuer}) rejected by RequestAuthentication ${refOf(rule.policy)}` };
  const wanted = list(rule.rule.audiences).filter((a): a is string => typeof a === 'string');
  const audiences = [...(token.audiences ?? [])];
  if (wanted.length > 0 && !wanted.some(a => audiences.includes(a))) {
    return { ...none, rejected: `401: token audiences [${audiences.join(', ')}] are not among [${wanted.join(', ')}] of RequestAuthentication ${refOf(rule.policy)}` };
  }
  keySetNote(rule.rule, refOf(rule.policy), index, notes);
  return {
    summary: `token of ${token.issuer}/${token.subject} accepted by RequestAuthentication ${refOf(rule.policy)}`,
    requestPrincipal: `${token.issuer}/${token.subject}`,
    claims: { iss: [token.issuer], sub: [token.subject], ...(audiences.length > 0 ? { aud: audiences } : {}), ...token.claims },
    audiences,
    presenter: token.claims?.azp?.[0],
    forwarded: rule.rule.forwardOriginalToken === true,
  };
}

/**
 * The model takes a token's signature as the request says; istiod checks it against the rule's key set, which it
 * fetches itself from `jwksUri` (or the issuer's OpenID discovery) unless `jwks` is inline. When that fetch fails,
 * istiod inlines a key set no token matches and every token gets 401 (pilot/pkg/model/jwks_resolver.go), so a key set
 * on a host outside the set is noted: nothing here shows it is reachable or serves the keys the tokens are signed with.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
function keySetNote(rule: Readonly<Record<string, unknown>>, policy: string, index: MeshIndex, notes: string[]): void {
  if (typeof rule.jwks === 'string') return;
  const uri = asString(rule.jwksUri) ?? asString(rule.jwks_uri);
  let host: string | undefined;
  try {
    host = uri ? new URL(uri).hostname : undefined;
  } catch {
    host = undefined;
  }
  if (host && (index.services.has(host) || [...index.services.keys()].some(h => h.startsWith(`${host}.`)))) return;
  const where = uri ? `from ${uri}` : `by OpenID discovery of issuer ${String(rule.issuer)}`;
  notes.push(`assumed: the token's signature is valid; istiod fetches RequestAuthentication ${policy}'s key set ${where}, which is outside the set: if it cannot, or the keys differ, every token gets 401`);
}

/** The attributes an AuthorizationPolicy rule is matched against. */
export interface RequestAttributes {
  /** The peer principal (`<trust domain>/ns/<ns>/sa/<sa>`), only over mTLS. */
  readonly principal?: string;
  readonly sourceNamespace?: string;
  readonly auth: Authenticated;
  /** The authority (Host header) as sent, port included when the client sends one: `hosts` match it. */
  readonly host: string;
  /** The original client's address (`remoteIpBlocks`, `remote.ip`), when known: only at the ingress gateway. */
  readonly remoteIp?: string;
  /** The connecting peer's address (`ipBlocks`, `source.ip`), when known: only at the ingress gateway. */
  readonly peerIp?: string;
  /** The policies are the ingress gateway's: an address the request does not give is the caller's to give. */
  readonly atGateway?: boolean;
  readonly method: string;
  readonly path: string;
  /** The port the server pod listens on. */
  readonly port: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The port is TCP: HTTP-only rule fields cannot match. */
  readonly tcp: boolean;
  /** The policies are enforced by ztunnel (an ambient pod's): L4 only ({@link ztunnelRules}). */
  readonly ztunnel?: boolean;
}

/** The AuthorizationPolicy decision. */
export interface Decision {
  readonly allowed: boolean;
  /** The decision is the external authorizer's (a CUSTOM policy matched and nothing denied). */
  readonly custom?: string;
  /**
   * The decision hangs on a rule field the model does not evaluate (IP blocks, an unknown `when` key): the policy
   * named may or may not match, so the outcome is unknown.
   */
  readonly undetermined?: string;
  readonly policy?: string;
  readonly summary: string;
}

/**
 * AuthorizationPolicy on `pod`: CUSTOM first (the external authorizer decides; not modelled), then DENY (any match
 * denies), then ALLOW (no ALLOW policy allows; otherwise some ALLOW rule must match: they add up). A policy without
 * rules matches nothing, so `spec: {}` (ALLOW, no rules) allows nothing. AUDIT does not decide.
 * @see https://istio.io/latest/docs/concepts/security/#implicit-enablement
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export function authorize(index: MeshIndex, pod: ModelPod, a: RequestAttributes, notes: string[]): Decision {
  const all = policiesFor(index, 'AuthorizationPolicy', pod, notes);
  // ztunnel takes ALLOW and DENY only: istiod does not send it a policy of another action (authorization.go
  // convertAuthorizationPolicy: "ztunnel does not support the %s action").
  const policies = a.ztunnel ? all.filter(p => ['ALLOW', 'DENY'].includes(asString(asRecord(p.spec).action) ?? 'ALLOW')) : all;
  for (const p of all.filter(x => !policies.includes(x))) notes.push(`AuthorizationPolicy ${refOf(p)} is ${asString(asRecord(p.spec).action)}, which ztunnel does not support: not enforced at ${pod.ref}`);
  const byAction = (action: string) => policies.filter(p => (asString(asRecord(p.spec).action) ?? 'ALLOW') === action);
  const verdict = (p: Obj): Match => {
    const rules = list(asRecord(p.spec).rules).map(asRecord);
    const each = (a.ztunnel ? ztunnelRules(p, rules, notes) : rules).map(r => ruleMatches(r, a, p, notes));
    return each.includes('yes') ? 'yes' : each.includes('maybe') ? 'maybe' : 'no';
  };
  const matches = (p: Obj) => verdict(p) === 'yes';
  const undetermined = (p: Obj, action: string): Decision =>
    ({ allowed: true, undetermined: refOf(p), policy: refOf(p), summary: `${action} AuthorizationPolicy ${refOf(p)} may match: it hangs on what the request does not give (the client's address) or a field the model does not evaluate (see the notes)` });
  for (const p of byAction('AUDIT')) notes.push(`AuthorizationPolicy ${refOf(p)} is AUDIT: it only logs`);
  const custom = byAction('CUSTOM').filter(matches);
  const deny = byAction('DENY').find(matches);
  if (deny) return { allowed: false, policy: refOf(deny), summary: `denied by DENY AuthorizationPolicy ${refOf(deny)}` };
  const maybeDeny = byAction('DENY').find(p => verdict(p) === 'maybe');
  if (maybeDeny) return undetermined(maybeDeny, 'DENY');
  const allows = byAction('ALLOW');
  let result: Decision;
  if (allows.length === 0) {
    result = { allowed: true, summary: policies.length === 0 ? 'no AuthorizationPolicy applies: allowed' : 'no ALLOW AuthorizationPolicy applies and no DENY matches: allowed' };
  } else {
    const allow = allows.find(matches);
    const maybeAllow = allow ? undefined : allows.find(p => verdict(p) === 'maybe');
    if (maybeAllow) return undetermined(maybeAllow, 'ALLOW');
    result = allow
      ? { allowed: true, policy: refOf(allow), summary: `allowed by AuthorizationPolicy ${refOf(allow)}` }
      : { allowed: false, policy: allows.map(refOf).join(', '), summary: `denied: no rule of ALLOW AuthorizationPolicy ${allows.map(refOf).join(', ')} matches (${describe(a)})` };
  }
  if (result.allowed && custom.length > 0) {
    const provider = asString(asRecord(asRecord(custom[0].spec).provider).name) ?? '<no provider>';
    return { ...result, custom: refOf(custom[0]), summary: `CUSTOM AuthorizationPolicy ${refOf(custom[0])} sends it to extension provider ${provider}, which decides (not modelled)` };
  }
  return result;
}

/** The request as a policy sees it, for messages. */
function describe(a: RequestAttributes): string {
  const who = a.principal ? `principal ${a.principal}` : 'no peer principal (not mTLS)';
  const token = a.auth.requestPrincipal ? `, request principal ${a.auth.requestPrincipal}` : '';
  return `${who}${token}, ${a.method} ${a.path} on port ${a.port}`;
}

const SOURCE_FIELDS = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'requestPrincipals', 'notRequestPrincipals', 'serviceAccounts', 'notServiceAccounts',
  'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'];
const OPERATION_FIELDS = ['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'];

/** `yes` and `no` fields: some `yes` value matches (or none given), and no `no` value matches. */
function field(obj: Readonly<Record<string, unknown>>, yes: string, no: string, value: string | undefined, match?: (p: string, v: string | undefined) => boolean): boolean {
  return (obj[yes] === undefined || anyOf(obj[yes], value, match)) && (obj[no] === undefined || !anyOf(obj[no], value, match));
}

/** Whether a rule matches: `maybe` when what the model evaluates matches but the rule also hangs on what it does not. */
type Match = 'yes' | 'no' | 'maybe';

/**
 * One rule: some `from` source matches (or none given), some `to` operation matches, and every `when` condition holds.
 * Fields it cannot evaluate (IP blocks, unknown keys) are noted and make a match that otherwise holds `maybe`: the
 * model never guesses them.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
function ruleMatches(rule: Readonly<Record<string, unknown>>, a: RequestAttributes, policy: Obj, notes: string[]): Match {
  let unevaluated = false;
  const unknown = (what: string) => {
    unevaluated = true;
    notes.push(`not modelled: ${what} in AuthorizationPolicy ${refOf(policy)} (the outcome is unknown where it decides)`);
  };
  // An address the model does not have makes the field `maybe`; it is noted only when the rest of the rule matches.
  const ipsUnknown: string[] = [];
  const ips = (s: Readonly<Record<string, unknown>>, yes: string, no: string, ip: string | undefined): Match => {
    if (s[yes] === undefined && s[no] === undefined) return 'yes';
    if (ip === undefined) {
      ipsUnknown.push(`source.${s[yes] === undefined ? no : yes}`);
      return 'maybe';
    }
    return field(s, yes, no, ip, (p, v) => v !== undefined && ipInBlock(p, v)) ? 'yes' : 'no';
  };
  if (a.tcp) {
    const http = httpOnlyFields(rule);
    if (http.length > 0) {
      // On a TCP port an ALLOW rule with HTTP-only fields is dropped: it matches nothing. What istiod does with such a
      // DENY rule the model does not decide.
      // https://istio.io/latest/docs/tasks/security/authorization/authz-tcp/
      const action = asString(asRecord(policy.spec).action) ?? 'ALLOW';
      notes.push(`AuthorizationPolicy ${refOf(policy)} has HTTP-only fields (${http.join(', ')}) on TCP port ${a.port}: ${action === 'ALLOW' ? 'that rule matches nothing' : 'not modelled'}`);
      if (action === 'ALLOW') return 'no';
      unevaluated = true;
    }
  }
  const serviceAccount = a.principal?.split('/ns/')[1]?.replace('/sa/', '/');
  // Each source is yes, no, or maybe (it hangs on an address the model does not have); one yes decides.
  const sources = list(rule.from).map((f): Match => {
    const s = asRecord(asRecord(f).source);
    Object.keys(s).filter(k => !SOURCE_FIELDS.includes(k)).forEach(k => unknown(`source.${k}`));
    const known = field(s, 'principals', 'notPrincipals', a.principal)
      && field(s, 'namespaces', 'notNamespaces', a.sourceNamespace)
      && field(s, 'serviceAccounts', 'notServiceAccounts', serviceAccount)
      && field(s, 'requestPrincipals', 'notRequestPrincipals', a.auth.requestPrincipal);
    if (!known) return 'no';
    const byIp = [ips(s, 'ipBlocks', 'notIpBlocks', a.peerIp), ips(s, 'remoteIpBlocks', 'notRemoteIpBlocks', a.remoteIp)];
    return byIp.includes('no') ? 'no' : byIp.includes('maybe') ? 'maybe' : 'yes';
  });
  const fromMatch: Match = sources.length === 0 || sources.includes('yes') ? 'yes' : sources.includes('maybe') ? 'maybe' : 'no';
  const from = fromMatch !== 'no';
  const to = list(rule.to).length === 0 || list(rule.to).some(t => {
    const o = asRecord(asRecord(t).operation);
    Object.keys(o).filter(k => !OPERATION_FIELDS.includes(k)).forEach(k => unknown(`operation.${k}`));
    // `hosts` match the `:authority` header as sent, port included, case-insensitively: exact, `*` (present),
    // `*suffix`, `prefix*` (Istio 1.30.3 pilot/pkg/security/authz/matcher/header.go HostMatcher, ignoreCase true;
    // pilot/pkg/security/authz/model/generator_test.go "hostGenerator"). So `grafana.example.com` does not match
    // `Host: grafana.example.com:80`; `grafana.example.com:*` does.
    return field(o, 'hosts', 'notHosts', a.host, (p, v) => policyValueMatch(p, v, true))
      && field(o, 'ports', 'notPorts', String(a.port))
      && field(o, 'methods', 'notMethods', a.method)
      && field(o, 'paths', 'notPaths', a.path, (p, v) => v !== undefined && policyPathMatch(p, v));
  });
  let whenByIp = false;
  const when = list(rule.when).every(c => {
    const cond = asRecord(c);
    const key = String(cond.key);
    if (key === 'source.ip' || key === 'remote.ip') {
      const ip = key === 'source.ip' ? a.peerIp : a.remoteIp;
      if (ip === undefined) {
        ipsUnknown.push(`condition ${key}`);
        whenByIp = true;
        return true;
      }
      return field(cond, 'values', 'notValues', ip, (p, v) => v !== undefined && ipInBlock(p, v));
    }
    const values = conditionValues(key, a);
    if (values === undefined) {
      unknown(`condition ${String(cond.key)}`);
      return true;
    }
    const hit = (patterns: unknown) => values.some(v => anyOf(patterns, v));
    return (cond.values === undefined || hit(cond.values)) && (cond.notValues === undefined || !hit(cond.notValues));
  });
  if (!(from && to && when)) return 'no';
  if (fromMatch === 'maybe' || whenByIp) {
    unevaluated = true;
    for (const what of new Set(ipsUnknown)) {
      notes.push(a.atGateway
        ? `unknown: ${what} of AuthorizationPolicy ${refOf(policy)} depends on the client's address, which the request does not give (RequestSource.ingressGateway({ remoteIp }))`
        : `not modelled: ${what} of AuthorizationPolicy ${refOf(policy)} depends on pod addresses, which the model does not know (the outcome is unknown where it decides)`);
    }
  }
  return unevaluated ? 'maybe' : 'yes';
}

/**
 * The `when` keys ztunnel evaluates, and the operation and source fields it does not (Istio 1.30.3
 * pilot/pkg/serviceregistry/ambient/authorization.go: l4WhenAttributes, httpOperations, httpSources).
 */
export const L4_WHEN = new Set(['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port']);
export const ZTUNNEL_HTTP_OPERATION = ['methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts'];
export const ZTUNNEL_HTTP_SOURCE = ['requestPrincipals', 'notRequestPrincipals', 'remoteIpBlocks', 'notRemoteIpBlocks'];

/**
 * The rules of a policy as ztunnel enforces them: a rule with HTTP attributes (operation hosts, methods, paths and
 * their `not` forms; source remoteIpBlocks and request principals; `when` keys other than {@link L4_WHEN}) is dropped
 * from an ALLOW policy (it matches nothing) and kept without those attributes in a DENY policy (it denies more).
 * @see Istio 1.30.3 pilot/pkg/serviceregistry/ambient/authorization.go handleRule, httpOperations, httpSources
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
 */
export function ztunnelRules(policy: Obj, rules: readonly Readonly<Record<string, unknown>>[], notes: string[]): Readonly<Record<string, unknown>>[] {
  const deny = asString(asRecord(policy.spec).action) === 'DENY';
  const out: Readonly<Record<string, unknown>>[] = [];
  for (const rule of rules) {
    const found = l7Attributes(rule);
    if (found.length === 0) {
      out.push(rule);
      continue;
    }
    notes.push(`AuthorizationPolicy ${refOf(policy)} is enforced by ztunnel, which does not support HTTP attributes (found: ${found.join(', ')}): `
      + (deny ? 'that DENY rule is enforced without them (it denies more)' : 'that ALLOW rule matches nothing; target the waypoint (targetRefs) for HTTP rules'));
    if (!deny) continue;
    const strip = (o: unknown, fields: readonly string[]) => Object.fromEntries(Object.entries(asRecord(o)).filter(([k]) => !fields.includes(k)));
    out.push({
      ...rule,
      ...(rule.to !== undefined ? { to: list(rule.to).map(t => ({ operation: strip(asRecord(t).operation, ZTUNNEL_HTTP_OPERATION) })) } : {}),
      ...(rule.from !== undefined ? { from: list(rule.from).map(f => ({ source: strip(asRecord(f).source, ZTUNNEL_HTTP_SOURCE) })) } : {}),
      ...(rule.when !== undefined ? { when: list(rule.when).filter(c => L4_WHEN.has(String(asRecord(c).key))) } : {}),
    });
  }
  return out;
}

/** The attributes of a rule ztunnel cannot enforce, as istiod names them in its status message. */
export function l7Attributes(rule: Readonly<Record<string, unknown>>): string[] {
  const operation = list(rule.to).flatMap(t => Object.keys(asRecord(asRecord(t).operation)).filter(k => ZTUNNEL_HTTP_OPERATION.includes(k)));
  const source = list(rule.from).flatMap(f => Object.keys(asRecord(asRecord(f).source)).filter(k => ZTUNNEL_HTTP_SOURCE.includes(k)));
  const when = list(rule.when).map(c => String(asRecord(c).key)).filter(k => !L4_WHEN.has(k));
  return [...new Set([...operation, ...source, ...when])].sort();
}

/** The HTTP-only fields a rule uses: methods, paths, hosts, request principals, and request `when` keys. */
function httpOnlyFields(rule: Readonly<Record<string, unknown>>): string[] {
  const source = list(rule.from).flatMap(f => Object.keys(asRecord(asRecord(f).source)).filter(k => /^(not)?requestPrincipals$/i.test(k)));
  const operation = list(rule.to).flatMap(t => Object.keys(asRecord(asRecord(t).operation)).filter(k => /^(not)?(methods|paths|hosts)$/i.test(k)));
  const when = list(rule.when).map(c => String(asRecord(c).key)).filter(k => k.startsWith('request.'));
  return [...new Set([...source, ...operation, ...when])];
}

/**
 * The values of a `when` key for this request; `undefined` for a key the model does not evaluate.
 * @see https://istio.io/latest/docs/reference/config/security/conditions/
 */
function conditionValues(key: string, a: RequestAttributes): readonly string[] | undefined {
  const claim = /^request\.auth\.claims((?:\[[^\]]+\])+)$/.exec(key);
  if (claim) {
    const path = [...claim[1].matchAll(/\[([^\]]+)\]/g)].map(m => m[1]).join('.');
    return a.auth.claims[path] ?? [];
  }
  const header = /^request\.headers\[([^\]]+)\]$/.exec(key);
  if (header) return opt(a.headers[header[1].toLowerCase()]);
  switch (key) {
    case 'request.auth.principal': return opt(a.auth.requestPrincipal);
    case 'request.auth.audiences': return a.auth.audiences;
    case 'request.auth.presenter': return opt(a.auth.presenter);
    case 'source.principal': return opt(a.principal);
    case 'source.namespace': return opt(a.sourceNamespace);
    case 'destination.port': return [String(a.port)];
    default: return undefined;
  }
}

const opt = (v: string | undefined): string[] => (v === undefined ? [] : [v]);
