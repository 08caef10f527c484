// Helpers shared by the security constructs.
import { isIP } from 'node:net';
import { IConstruct } from 'constructs';
import { checkPortNumber } from './checks';
import { fail, show } from './errors';
import { selects } from './analysis/workloads';
import { chartMembers } from './registry';
import { IWorkload, Workload } from '../workload/workload';
import { HttpMethod } from '../traffic/http-route';
import type { MtlsResolution } from '../security/mutual-tls-policy';
import { EnforcementPoint, PolicyScope, PolicyTarget } from '../security/policy-target';
import { DataPlaneMode } from '../workload/mesh-namespace';
import { L4_WHEN, ZTUNNEL_HTTP_OPERATION, ZTUNNEL_HTTP_SOURCE } from './model/policies';
import { WaypointUse, waypointOf, waypointsIn } from './waypoints';

/** The SPIFFE trust domain of workload identities (`meshConfig.trustDomain`). */
export const TRUST_DOMAIN = 'cluster.local';

/** `cluster.local/ns/<namespace>/sa/<serviceAccount>`, the principal a workload proves with its mTLS certificate. */
export function principalOf(namespace: string, serviceAccount: string): string {
  return `${TRUST_DOMAIN}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Throws unless `target` is a PolicyTarget with a namespace and, for a workload policy, a selector with at least one label. */
export function checkPolicyTarget(scope: IConstruct, prop: string, target: PolicyTarget): PolicyTarget {
  if (!(target instanceof PolicyTarget)) {
    fail(scope, prop, `must be a PolicyTarget such as PolicyTarget.fromService(hello), got ${show(target)}`);
  }
  if (typeof target.namespace !== 'string' || target.namespace === '') {
    fail(scope, prop, `must name a namespace (${target.description}), got ${show(target.namespace)}`);
  }
  if (target.scope === PolicyScope.WORKLOAD) {
    const labels = target.matchLabels ?? {};
    if (Object.keys(labels).length === 0) {
      fail(scope, prop, `is a workload policy with no selector, so it would apply to all of namespace ${target.namespace}; select pods by at least one label (PolicyTarget.fromService(svc), PolicyTarget.fromWorkload(w)) or use PolicyTarget.fromNamespace(ns), got ${show(target.matchLabels)}`);
    }
    for (const [key, value] of Object.entries(labels)) {
      if (typeof value !== 'string' || value === '' || value.includes('*')) {
        fail(scope, `${prop}.matchLabels.${key}`, `must be a non-empty label value without wildcards, got ${show(value)}`);
      }
    }
  }
  return target;
}

/** Throws unless `list` is a non-empty array; `everything` says what leaving it out means. */
export function checkNonEmpty<T>(scope: IConstruct, prop: string, list: readonly T[], what: string, everything: string): readonly T[] {
  if (!Array.isArray(list) || list.length === 0) {
    fail(scope, prop, `must list at least one ${what}; leave it out to ${everything}, got ${show(list)}`);
  }
  return list;
}

/** Throws unless `values` is a non-empty list of non-empty strings. */
export function checkStrings(scope: IConstruct, prop: string, values: readonly string[], what: string, everything: string): string[] {
  checkNonEmpty(scope, prop, values, what, everything);
  values.forEach((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') fail(scope, `${prop}[${i}]`, `must be a non-empty string, got ${show(v)}`);
  });
  return [...values];
}

/** Throws unless every entry is a request principal: `<issuer>/<subject>`, `<issuer>/*` or `*`. */
export function checkRequestPrincipals(scope: IConstruct, prop: string, principals: readonly string[], everything: string): string[] {
  checkStrings(scope, prop, principals, 'principal', everything);
  principals.forEach((p, i) => {
    if (p !== '*' && !p.includes('/')) {
      fail(scope, `${prop}[${i}]`, `must be "<issuer>/<subject>" (request principal), "<issuer>/*" or "*", got ${show(p)}`);
    }
  });
  return [...principals];
}

/** Whether `value` is an IPv4 or IPv6 address or CIDR range, as istiod parses them (Istio 1.30.3 pkg/config/security/security.go ValidateIPs). */
export function isIpBlock(value: unknown): boolean {
  const [address, bits, extra] = typeof value === 'string' ? value.split('/') : [];
  const family = isIP(address ?? '');
  const max = family === 4 ? 32 : 128;
  return family !== 0 && extra === undefined && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= max));
}

/** Throws unless `blocks` is a non-empty list of addresses or CIDR ranges. */
export function checkIpBlocks(scope: IConstruct, prop: string, blocks: readonly string[], everything: string): string[] {
  checkNonEmpty(scope, prop, blocks, 'address or CIDR range such as "203.0.113.0/24"', everything);
  blocks.forEach((b, i) => {
    if (!isIpBlock(b)) fail(scope, `${prop}[${i}]`, `must be an IPv4 or IPv6 address or CIDR range such as "203.0.113.0/24", got ${show(b)}`);
  });
  return [...blocks];
}

/** Throws unless every entry is an HttpMethod. */
export function checkMethods(scope: IConstruct, prop: string, methods: readonly HttpMethod[]): string[] {
  checkNonEmpty(scope, prop, methods, 'method', 'allow every method');
  const known = Object.values(HttpMethod) as string[];
  methods.forEach((m, i) => {
    if (!known.includes(m)) fail(scope, `${prop}[${i}]`, `must be an HTTP method (${known.join(', ')}), got ${show(m)}`);
  });
  return [...methods];
}

/**
 * Throws unless every entry is a request path: it starts with `/`, has no query, and uses `*` only
 * at the end (prefix match) or as a `{*}` / `{**}` template segment.
 */
export function checkPaths(scope: IConstruct, prop: string, paths: readonly string[]): string[] {
  checkNonEmpty(scope, prop, paths, 'path', 'allow every path');
  paths.forEach((p, i) => {
    if (typeof p !== 'string' || !p.startsWith('/')) {
      fail(scope, `${prop}[${i}]`, `must start with "/" (e.g. "/login" or "/api/*"), got ${show(p)}`);
    }
    if (/[?#\s]/.test(p)) {
      fail(scope, `${prop}[${i}]`, `must be a path without query, fragment or spaces (Istio matches the normalized path only), got ${show(p)}`);
    }
    if (p.replace(/\{\*\*?\}/g, '').replace(/\*$/, '').includes('*')) {
      fail(scope, `${prop}[${i}]`, `may contain "*" only at the end (a prefix match such as "/api/*") or as a "{*}" or "{**}" segment, got ${show(p)}`);
    }
  });
  return [...paths];
}

/** Throws unless every entry is a port number and, when the target's service is known, one of its container ports. */
export function checkPorts(scope: IConstruct, prop: string, ports: readonly number[], target: PolicyTarget): string[] {
  checkNonEmpty(scope, prop, ports, 'port', 'allow every port');
  const known = target.containerPorts;
  ports.forEach((p, i) => {
    checkPortNumber(scope, `${prop}[${i}]`, p);
    if (known && !known.includes(p)) {
      fail(scope, `${prop}[${i}]`, `must be a container port of ${target.description} (${known.join(', ')}): the sidecar sees the port the pod listens on, not the Service port; got ${p}`);
    }
  });
  return ports.map(String);
}

/** One group of pods a policy covers, as far as this app knows them. */
export interface CoveredPods {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly description: string;
}

/** The Workloads of the chart `scope` belongs to (the unit deployed together: one `dist/<scenario>/`). */
export function workloadsIn(scope: IConstruct, namespace?: string): readonly IWorkload[] {
  return chartMembers<IWorkload>(scope, Workload, namespace);
}

/**
 * The pods `target` covers: the app's Workloads it selects, plus (for mesh and namespace targets)
 * pods the app does not know, standing for the namespace's other workloads.
 */
export function coveredPods(scope: IConstruct, target: PolicyTarget): CoveredPods[] {
  const pod = (w: IWorkload): CoveredPods => ({ namespace: w.service.namespace, labels: w.labels, description: `workload ${w.service.namespace}/${w.name}` });
  const generic = (namespace: string): CoveredPods => ({ namespace, labels: {}, description: `namespace ${namespace}` });
  switch (target.scope) {
    case PolicyScope.MESH: {
      const workloads = workloadsIn(scope);
      const namespaces = [...new Set([target.namespace, ...workloads.map(w => w.service.namespace)])];
      return [...namespaces.map(generic), ...workloads.map(pod)];
    }
    case PolicyScope.NAMESPACE:
      return [generic(target.namespace), ...workloadsIn(scope, target.namespace).map(pod)];
    default: {
      const selected = workloadsIn(scope, target.namespace).filter(w => selects(target.matchLabels ?? {}, w.labels));
      return selected.length > 0
        ? selected.map(pod)
        : [{ namespace: target.namespace, labels: { ...target.matchLabels }, description: target.description }];
    }
  }
}

/** A warning for a policy whose pods have no sidecar, so nothing enforces it; `[]` otherwise. */
export function noSidecarWarning(scope: IConstruct, target: PolicyTarget, kind: string, prop: string = 'target'): string[] {
  if (target.injected !== false || target.dataPlane === DataPlaneMode.AMBIENT) return [];
  return [`${scope.node.path}: '${prop}' is ${target.description}, whose pods have no sidecar (namespace ${target.namespace} is not injected), so nothing enforces this ${kind}; enable sidecar injection or drop it`];
}

/** `STRICT (PeerAuthentication istio-system/default)`, or a note that no policy of the app applies. */
export function describeMtls(resolution: MtlsResolution): string {
  if (!resolution.mode || !resolution.policy) return 'not set by any MutualTlsPolicy of this chart (Istio defaults to PERMISSIVE)';
  return `${resolution.mode} (PeerAuthentication ${resolution.policy.namespace}/${resolution.policy.name})`;
}

/** A policy's enforcement point and the spec fields that attach it there (`selector`, or `targetRefs`). */
export interface Enforcement {
  readonly point: EnforcementPoint;
  readonly spec: { selector?: { matchLabels: Record<string, string> }; targetRefs?: { group: string; kind: string; name: string }[] };
}

/** An L7 attribute of a policy, as `rules[0].methods` and its value, for messages. */
export interface L7Attribute {
  readonly prop: string;
  readonly value: unknown;
}

/**
 * The first attribute of rendered AuthorizationPolicy rules that only an L7 proxy (sidecar or waypoint) can see
 * (the model's ztunnel fields: {@link ZTUNNEL_HTTP_SOURCE}, {@link ZTUNNEL_HTTP_OPERATION}, `when` keys not in {@link L4_WHEN}).
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
 */
export function firstL7Attribute(rules: readonly any[]): L7Attribute | undefined {
  for (const [i, rule] of rules.entries()) {
    for (const from of rule.from ?? []) {
      const key = ZTUNNEL_HTTP_SOURCE.find(k => from.source?.[k] !== undefined);
      if (key) return { prop: `rules[${i}].${key}`, value: from.source[key] };
    }
    for (const to of rule.to ?? []) {
      const key = ZTUNNEL_HTTP_OPERATION.find(k => to.operation?.[k] !== undefined);
      if (key) return { prop: `rules[${i}].${key}`, value: to.operation[key] };
    }
    const j = (rule.when ?? []).findIndex((c: any) => !L4_WHEN.has(c.key));
    if (j >= 0) return { prop: `rules[${i}].when[${j}]`, value: rule.when[j].key };
  }
  return undefined;
}

/**
 * Where a policy on `target` is enforced. Sidecar mode: the sidecars, by `selector`. Ambient mode: a waypoint that
 * the targeted service or namespace uses enforces every policy (ztunnel would see the waypoint, not the client, as
 * the peer), attached by `targetRefs` to the Service or to the waypoint's Gateway; without a waypoint, ztunnel, by
 * `selector`, which sees L4 only: an L7 attribute (`l7`) then fails, naming the fix.
 * @see https://istio.io/latest/docs/ambient/usage/l7-features/
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
 */
export function enforcementOf(scope: IConstruct, target: PolicyTarget, l7?: L7Attribute): Enforcement {
  // A selector, or targetRefs to a Gateway API gateway (PolicyTarget.fromGateway).
  const binding = target._binding();
  if (target.dataPlane !== DataPlaneMode.AMBIENT) return { point: EnforcementPoint.SIDECAR, spec: binding };
  const ns = target.namespace;
  const service = target.workload === undefined ? target.service : undefined;
  const waypointNow = () => (target.scope === PolicyScope.NAMESPACE ? waypointOf(scope, ns)
    : service !== undefined ? waypointOf(scope, ns, service.name) : undefined);
  const waypoint = waypointNow();
  // A waypoint that starts serving the target later would leave this policy at ztunnel, which then sees the waypoint,
  // not the caller, as the peer.
  scope.node.addValidation({
    validate: () => (waypointNow() === waypoint ? [] : [`${scope.node.path}: 'target' ${target.description} uses ${waypointNow()?.description} since waypoint.serve(...) was called after this policy was created, so the policy is not attached to it; create the policy after serve`]),
  });
  const attachable = waypoint && (service !== undefined ? waypoint.forServices : waypoint.namespace === ns);
  if (waypoint && attachable) {
    const targetRefs = service !== undefined
      ? [{ group: '', kind: 'Service', name: service.name }]
      : [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: waypoint.name }];
    return { point: EnforcementPoint.WAYPOINT, spec: { targetRefs } };
  }
  if (l7) {
    const why = target.scope === PolicyScope.WORKLOAD && service === undefined
      ? `policies reach a waypoint through a Service or the waypoint's Gateway only; target PolicyTarget.fromService(svc) or PolicyTarget.fromNamespace(ns) of a namespace or service that a Waypoint serves`
      : target.scope === PolicyScope.MESH
        ? 'mesh-wide policies go to every ztunnel; put L7 rules on the namespaces or services a Waypoint serves'
        : waypoint
          ? `${waypoint.description} does not carry this traffic (it is for workload traffic, or in another namespace); use a waypoint of namespace ${ns} with WaypointFor.SERVICE or WaypointFor.ALL`
          : `add one: const waypoint = new Waypoint(scope, 'Waypoint', { namespace }); waypoint.serve(${service !== undefined ? 'service' : 'namespace'}) before this policy`;
    fail(scope, l7.prop, `is an L7 attribute, which ztunnel cannot enforce (it would drop the rule: an ALLOW rule that never matches, a DENY rule that matches every request): ${target.description} is in ambient namespace ${ns} and no waypoint enforces policies for it; ${why}; got ${show(l7.value)}`);
  }
  return { point: EnforcementPoint.ZTUNNEL, spec: binding };
}

/**
 * The waypoint through which traffic reaches the pods of an ambient `target` whose policy ztunnel enforces: a
 * workload or selector target whose service or namespace uses a waypoint for service traffic, or a namespace whose
 * services (not the namespace itself) use waypoints. ztunnel then sees that waypoint, not the caller, as the peer
 * (Istio 1.30.3 architecture/ambient/ztunnel.md; the L4 policy docs below). `undefined` when there is none.
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
 */
export function waypointBehind(scope: IConstruct, target: PolicyTarget): WaypointUse | undefined {
  if (target.dataPlane !== DataPlaneMode.AMBIENT) return undefined;
  if (target.scope === PolicyScope.NAMESPACE) return waypointOf(scope, target.namespace) ? undefined : waypointsIn(scope, target.namespace)[0];
  if (target.scope !== PolicyScope.WORKLOAD) return undefined;
  const waypoint = waypointOf(scope, target.namespace, target.service?.name);
  return waypoint?.forServices ? waypoint : undefined;
}
