import { ApiObject, Names } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AuthorizationPolicy as AuthorizationPolicyResource,
  AuthorizationPolicySpecAction,
  AuthorizationPolicySpecRules,
  AuthorizationPolicySpecRulesFrom,
} from '../../imports/security.istio.io';
import { checkDnsSubdomain } from '../private/checks';
import { fail, propError, show } from '../private/errors';
import { Caller } from './caller';
import { Condition } from './condition';
import { HttpMethod } from '../traffic/http-route';
import {
  checkIpBlocks, checkMethods, checkNonEmpty, checkPaths, checkPolicyTarget, checkPorts, checkRequestPrincipals, checkStrings,
  coveredPods, describeMtls, enforcementOf, firstL7Attribute, noSidecarWarning, principalOf, waypointBehind,
} from '../private/security';
import { addWarnings } from '../private/warnings';
import { MtlsMode, MtlsResolution, MutualTlsPolicy } from './mutual-tls-policy';
import { EnforcementPoint, PolicyScope, PolicyTarget } from './policy-target';
import { MeshValidation } from '../validation/mesh-validation';
import { patchesLast } from '../private/patches';

/**
 * What an AuthorizationPolicy does with the requests its rules match.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy-Action
 */
export enum PolicyAction {
  /** Only matching requests get in ({@link AllowPolicy}). */
  ALLOW = 'ALLOW',
  /** Matching requests are refused with 403, whatever ALLOW policies say ({@link DenyPolicy}). */
  DENY = 'DENY',
  /** Matching requests are logged by the audit provider; nothing is allowed or denied ({@link AuditPolicy}). */
  AUDIT = 'AUDIT',
  /** Matching requests are sent to an external authorizer that decides ({@link CustomPolicy}). */
  CUSTOM = 'CUSTOM',
}

/**
 * One rule of an AuthorizationPolicy: a request matches when it matches every field that is set.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
export interface AuthorizationRule {
  /**
   * Who calls: any of these callers. Caller identities are proven by mutual TLS only, so the
   * target needs STRICT mTLS (a synth warning says so otherwise; an error when it is DISABLE).
   * @default any caller
   */
  readonly from?: Caller[];
  /**
   * Callers that do not match (`notPrincipals`, `notNamespaces`): a request without a peer identity (plain text) matches.
   * @default no caller is excluded
   */
  readonly notFrom?: Caller[];
  /**
   * Request principals (`<iss>/<sub>`, `<iss>/*`, or `*` for any verified token) of a JWT a RequestAuthentication verified.
   * @default with or without a token
   */
  readonly requestPrincipals?: string[];
  /**
   * Request principals that do not match; `['*']` matches requests without a verified token.
   * @default no request principal is excluded
   */
  readonly notRequestPrincipals?: string[];
  /**
   * Addresses or CIDR ranges of the connecting peer (`ipBlocks`): behind a load balancer or a gateway, that is them.
   * @default any peer address
   */
  readonly ipBlocks?: string[];
  /**
   * Peer addresses or CIDR ranges that do not match (`notIpBlocks`).
   * @default no peer address is excluded
   */
  readonly notIpBlocks?: string[];
  /**
   * Addresses or CIDR ranges of the original client (`remoteIpBlocks`), from X-Forwarded-For (with `numTrustedProxies`) or PROXY protocol.
   * @see https://istio.io/latest/docs/tasks/security/authorization/authz-ingress/#ip-based-allow-list-and-deny-list
   * @default any client address
   */
  readonly remoteIpBlocks?: string[];
  /**
   * Client addresses or CIDR ranges that do not match (`notRemoteIpBlocks`).
   * @default no client address is excluded
   */
  readonly notRemoteIpBlocks?: string[];
  /**
   * HTTP methods.
   * @default every method
   */
  readonly methods?: HttpMethod[];
  /**
   * HTTP methods that do not match.
   * @default no method is excluded
   */
  readonly notMethods?: HttpMethod[];
  /**
   * Request paths: exact (`/login`), prefix (`/api/*`) or templates (`/users/{*}`); each starts with `/`.
   * @default every path
   */
  readonly paths?: string[];
  /**
   * Request paths that do not match.
   * @default no path is excluded
   */
  readonly notPaths?: string[];
  /**
   * Container ports (the Service's `targetPort`).
   * @default every port
   */
  readonly ports?: number[];
  /**
   * Container ports that do not match.
   * @default no port is excluded
   */
  readonly notPorts?: number[];
  /**
   * Hosts (the `Host` header as sent, port included: `example.com` and `example.com:*`); `*` patterns at the start or end.
   * @default every host
   */
  readonly hosts?: string[];
  /**
   * Hosts that do not match.
   * @default no host is excluded
   */
  readonly notHosts?: string[];
  /**
   * Conditions that must all hold, e.g. `[Condition.requestHeader('x-token', ['admin'])]`.
   * @default none
   */
  readonly when?: Condition[];
}

/**
 * Props of a {@link DenyPolicy} or {@link AuditPolicy}.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export interface AuthorizationPolicyProps {
  /** The workloads it applies to. */
  readonly target: PolicyTarget;
  /** The rules; the policy acts on a request that matches any of them. `[{}]` matches every request. */
  readonly rules: AuthorizationRule[];
  /**
   * The AuthorizationPolicy's name.
   * @default the service or Deployment name, or a name derived from the construct path
   */
  readonly name?: string;
}

/**
 * An AuthorizationPolicy (`security.istio.io/v1`) with one action: the base of {@link AllowPolicy}, {@link DenyPolicy},
 * {@link AuditPolicy} and {@link CustomPolicy}. Istio evaluates CUSTOM, then DENY, then ALLOW; AUDIT only logs.
 * @see https://istio.io/latest/docs/concepts/security/#authorization-policies
 */
export abstract class AuthorizationPolicy extends Construct {
  /** The workloads it applies to. */
  public readonly target: PolicyTarget;
  /** The AuthorizationPolicy's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** What it does with matching requests. */
  public readonly action: PolicyAction;
  /** The rules. */
  public readonly rules: AuthorizationRule[];
  /**
   * Where it is enforced: `sidecar`, or in ambient mode `ztunnel` (L4 rules, `selector`) or `waypoint` (`targetRefs`
   * to the Service or to the waypoint's Gateway, when a {@link Waypoint} serves the target).
   */
  public readonly enforcedBy: EnforcementPoint;
  /** The generated AuthorizationPolicy object, for escape hatches. */
  public readonly resource: ApiObject;

  protected constructor(scope: Construct, id: string, props: AuthorizationPolicyProps, action: PolicyAction, providerName?: string) {
    super(scope, id);
    MeshValidation.of(this);
    this.action = action;
    this.target = checkPolicyTarget(this, 'target', props.target);
    this.namespace = this.target.namespace;
    this.name = checkDnsSubdomain(this, 'name', props.name ?? this.target.defaultName ?? Names.toDnsLabel(this));
    if (!Array.isArray(props.rules) || props.rules.length === 0) {
      const why = action === PolicyAction.ALLOW
        ? 'an ALLOW policy without rules allows nothing; use DenyByDefault for that'
        : `a ${action} policy without rules never acts, and istiod rejects it; [{}] matches every request`;
      fail(this, 'rules', `must list at least one rule (${why}), got ${show(props.rules)}`);
    }
    this.rules = props.rules.map(r => ({ ...r }));
    const rendered = this.rules.map((r, i) => renderRule(this, `rules[${i}]`, r, this.target, action));
    const enforcement = enforcementOf(this, this.target, firstL7Attribute(rendered));
    this.enforcedBy = enforcement.point;

    this.resource = patchesLast(new AuthorizationPolicyResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        ...enforcement.spec,
        action: action as string as AuthorizationPolicySpecAction,
        ...(providerName !== undefined && { provider: { name: providerName } }),
        rules: rendered,
      },
    }));
    this.node.addValidation({ validate: () => [...this.identityChecks().errors, ...this.behindWaypoint(rendered)] });
    const tcp = action === PolicyAction.DENY ? rendered.flatMap((r, i) => httpOnlyDenyWarning(this, `rules[${i}]`, r)) : [];
    addWarnings(this, () => [...noSidecarWarning(this, this.target, 'AuthorizationPolicy'), ...this.identityChecks().warnings, ...tcp]);
  }

  /**
   * Errors for rules naming callers that ztunnel enforces on pods it reaches through a waypoint: it sees the waypoint as
   * the peer, so an ALLOW rule refuses the callers and a DENY rule lets them through.
   */
  private behindWaypoint(rendered: readonly any[]): string[] {
    if (this.enforcedBy !== EnforcementPoint.ZTUNNEL) return [];
    const waypoint = waypointBehind(this, this.target);
    if (!waypoint) return [];
    // A rule may let the waypoint itself through, as DenyByDefault's <name>-from-waypoints does.
    const own = principalOf(waypoint.namespace, waypoint.name);
    const i = rendered.findIndex(r => r.from !== undefined && !r.from.some((f: any) => f.source?.principals?.includes(own)));
    if (i < 0) return [];
    const fix = this.target.scope === PolicyScope.NAMESPACE
      ? `serve the namespace with the waypoint (waypoint.serve(namespace)), or target the services it serves with PolicyTarget.fromService(service)`
      : this.target.service !== undefined
        ? `target PolicyTarget.fromService(service) of service ${this.target.service.namespace}/${this.target.service.name}`
        : `target PolicyTarget.fromNamespace(ns) of namespace ${this.target.namespace}`;
    return [propError(this, `rules[${i}].from`, `names callers, but ztunnel enforces this policy on ${this.target.description}, whose traffic comes through ${waypoint.description}, which ztunnel sees as the peer (an ALLOW rule refuses the callers, a DENY rule lets them through); ${fix}, so that the waypoint enforces it, got ${show(rendered[i].from)}`)];
  }

  /** Rules naming callers need STRICT mTLS: DISABLE makes them dead (error), anything else leaves plain text unproven (warning). */
  private identityChecks(): { errors: string[]; warnings: string[] } {
    const errors: string[] = [];
    const warnings: string[] = [];
    this.rules.forEach((rule, i) => {
      if (!rule.from) return;
      const weakest = weakestMtls(this, this.target, rule.ports);
      if (weakest.resolution.mode === MtlsMode.STRICT) return;
      const prop = `${this.node.path}: 'rules[${i}].from'`;
      const where = `mTLS for ${weakest.description} is ${describeMtls(weakest.resolution)}`;
      if (weakest.resolution.mode === MtlsMode.DISABLE) {
        errors.push(`${prop} names callers, whose identity only mutual TLS proves, but ${where}, so the rule never matches; set MtlsMode.STRICT for those pods`);
      } else {
        warnings.push(`${prop} names callers, whose identity only mutual TLS proves, but ${where}: plain-text requests carry no identity; make it STRICT with new MutualTlsPolicy(scope, id, { mode: MtlsMode.STRICT })`);
      }
    });
    return { errors, warnings };
  }
}

/**
 * What istiod refuses in a CUSTOM rule: identities the external authorizer check cannot see
 * (Istio 1.30.3 pkg/config/validation/validation.go ValidateAuthorizationPolicy, "is currently not supported with CUSTOM action").
 */
const NOT_WITH_CUSTOM = ['from', 'notFrom', 'requestPrincipals', 'notRequestPrincipals'] as const;
const NOT_WITH_CUSTOM_KEYS = /^(source\.(namespace|serviceAccount|trustDomain|principal)$|request\.auth\.)/;

/** Renders one rule after checking it: the callers of `from` are alternatives, every other field holds for each of them. */
function renderRule(scope: Construct, prop: string, rule: AuthorizationRule, target: PolicyTarget, action: PolicyAction): AuthorizationPolicySpecRules {
  if (action === PolicyAction.CUSTOM) {
    for (const key of NOT_WITH_CUSTOM) {
      if (rule[key] !== undefined) {
        fail(scope, `${prop}.${key}`, `is not supported in a CUSTOM policy (istiod rejects identities there: the external authorizer decides on the request), got ${show(rule[key])}; move it to an AllowPolicy or DenyPolicy`);
      }
    }
  }
  const callers = (field: 'from' | 'notFrom'): { principals: string[]; namespaces: string[] } => {
    const list = rule[field];
    if (list === undefined) return { principals: [], namespaces: [] };
    checkNonEmpty(scope, `${prop}.${field}`, list, 'caller', field === 'from' ? 'allow any caller' : 'exclude no caller');
    list.forEach((c, i) => {
      if (!(c instanceof Caller)) fail(scope, `${prop}.${field}[${i}]`, `must be a Caller such as Caller.fromService(hello), got ${show(c)}`);
      c._check(scope, `${prop}.${field}[${i}]`);
    });
    return {
      principals: [...new Set(list.flatMap(c => (c.principal ? [c.principal] : [])))],
      namespaces: [...new Set(list.flatMap(c => (c.principal ? [] : [c.namespace!])))],
    };
  };
  const from = callers('from');
  const notFrom = callers('notFrom');
  const ips = (field: 'ipBlocks' | 'notIpBlocks' | 'remoteIpBlocks' | 'notRemoteIpBlocks') =>
    (rule[field] !== undefined ? { [field]: checkIpBlocks(scope, `${prop}.${field}`, rule[field]!, 'match any address') } : {});
  const requestPrincipals = (field: 'requestPrincipals' | 'notRequestPrincipals') =>
    (rule[field] !== undefined ? { [field]: checkRequestPrincipals(scope, `${prop}.${field}`, rule[field]!, 'match with or without a token') } : {});
  const common = {
    ...(notFrom.principals.length > 0 && { notPrincipals: notFrom.principals }),
    ...(notFrom.namespaces.length > 0 && { notNamespaces: notFrom.namespaces }),
    ...requestPrincipals('requestPrincipals'),
    ...requestPrincipals('notRequestPrincipals'),
    ...ips('ipBlocks'),
    ...ips('notIpBlocks'),
    ...ips('remoteIpBlocks'),
    ...ips('notRemoteIpBlocks'),
  };
  const sources: AuthorizationPolicySpecRulesFrom[] = [];
  if (from.principals.length > 0) sources.push({ source: { principals: from.principals, ...common } });
  if (from.namespaces.length > 0) sources.push({ source: { namespaces: from.namespaces, ...common } });
  if (sources.length === 0 && Object.keys(common).length > 0) sources.push({ source: common });

  const operation = {
    ...(rule.methods !== undefined && { methods: checkMethods(scope, `${prop}.methods`, rule.methods) }),
    ...(rule.paths !== undefined && { paths: checkPaths(scope, `${prop}.paths`, rule.paths) }),
    ...(rule.ports !== undefined && { ports: checkPorts(scope, `${prop}.ports`, rule.ports, target) }),
    ...(rule.hosts !== undefined && { hosts: checkHosts(scope, `${prop}.hosts`, rule.hosts) }),
    ...(rule.notMethods !== undefined && { notMethods: checkMethods(scope, `${prop}.notMethods`, rule.notMethods) }),
    ...(rule.notPaths !== undefined && { notPaths: checkPaths(scope, `${prop}.notPaths`, rule.notPaths) }),
    ...(rule.notPorts !== undefined && { notPorts: checkPorts(scope, `${prop}.notPorts`, rule.notPorts, target) }),
    ...(rule.notHosts !== undefined && { notHosts: checkHosts(scope, `${prop}.notHosts`, rule.notHosts) }),
  };
  let when: { key: string; values?: string[]; notValues?: string[] }[] | undefined;
  if (rule.when !== undefined) {
    checkNonEmpty(scope, `${prop}.when`, rule.when, 'Condition', 'set no condition');
    when = rule.when.map((c, i) => {
      if (!(c instanceof Condition)) fail(scope, `${prop}.when[${i}]`, `must be a Condition such as Condition.requestHeader("x-token", ["admin"]), got ${show(c)}`);
      const rendered = c._render(scope, `${prop}.when[${i}]`);
      if (action === PolicyAction.CUSTOM && NOT_WITH_CUSTOM_KEYS.test(rendered.key)) {
        fail(scope, `${prop}.when[${i}].key`, `is not supported in a CUSTOM policy (istiod rejects identity keys there), got ${show(rendered.key)}; move it to an AllowPolicy or DenyPolicy`);
      }
      return rendered;
    });
  }
  return {
    ...(sources.length > 0 && { from: sources }),
    ...(Object.keys(operation).length > 0 && { to: [{ operation }] }),
    ...(when && { when }),
  };
}

/**
 * istiod's warning for a DENY rule whose `from` or `to` uses only HTTP attributes: on a TCP port those cannot be
 * evaluated, so the rule denies every connection (Istio 1.30.3 pkg/config/validation/validation.go ValidateAuthorizationPolicy).
 * @see https://istio.io/latest/docs/tasks/security/authorization/authz-tcp/
 */
function httpOnlyDenyWarning(scope: Construct, prop: string, rule: AuthorizationPolicySpecRules): string[] {
  const TCP_SOURCE = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'];
  const tcpFrom = (rule.from ?? []).some(f => Object.keys(f.source ?? {}).some(k => TCP_SOURCE.includes(k)));
  const tcpTo = (rule.to ?? []).some(t => t.operation?.ports !== undefined || t.operation?.notPorts !== undefined);
  const from = rule.from !== undefined;
  const to = rule.to !== undefined;
  if (!((from && !to && !tcpFrom) || (to && !tcpTo))) return [];
  return [`${scope.node.path}: '${prop}' uses only HTTP attributes, so on the TCP ports of the target it denies every connection (istiod warns so too); name the HTTP ports in 'ports'`];
}

/** Throws unless every entry is a host pattern: no spaces, at most one `*`, at the start or end. */
function checkHosts(scope: Construct, prop: string, hosts: readonly string[]): string[] {
  checkStrings(scope, prop, hosts, 'host', 'match every host');
  hosts.forEach((h, i) => {
    const stars = h.split('*').length - 1;
    if (/\s/.test(h) || stars > 1 || (stars === 1 && h !== '*' && !h.startsWith('*') && !h.endsWith('*'))) {
      fail(scope, `${prop}[${i}]`, `must be a host such as "example.com", "example.com:*" or "*.example.com" (one "*" at the start or end), got ${show(h)}`);
    }
  });
  return [...hosts];
}

/** The weakest mTLS mode among the pods `target` covers (on `ports`, or any port), with the pods it concerns. */
function weakestMtls(scope: Construct, target: PolicyTarget, ports?: readonly number[]): { resolution: MtlsResolution; description: string } {
  const rank = (r: MtlsResolution): number => (r.mode === MtlsMode.DISABLE ? 0 : r.mode === undefined ? 1 : r.mode === MtlsMode.PERMISSIVE ? 2 : 3);
  let weakest: { resolution: MtlsResolution; description: string } | undefined;
  for (const pod of coveredPods(scope, target)) {
    for (const port of ports ?? [undefined]) {
      const resolution = MutualTlsPolicy.resolve(scope, pod.namespace, pod.labels, port);
      const description = port === undefined ? pod.description : `${pod.description} port ${port}`;
      if (!weakest || rank(resolution) < rank(weakest.resolution)) weakest = { resolution, description };
    }
  }
  return weakest!;
}
