import { ApiObject, Names } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AuthorizationPolicy as AuthorizationPolicyResource,
  AuthorizationPolicySpecAction,
  AuthorizationPolicySpecRules,
  AuthorizationPolicySpecRulesFrom,
} from '../../imports/security.istio.io';
import { checkDnsSubdomain } from '../private/checks';
import { fail, show } from '../private/errors';
import { Caller } from './caller';
import { HttpMethod } from '../traffic/http-route';
import {
  checkMethods, checkNonEmpty, checkPaths, checkPolicyTarget, checkPorts, coveredPods, describeMtls, noSidecarWarning,
} from '../private/security';
import { addWarnings } from '../private/warnings';
import { MtlsMode, MtlsResolution, MutualTlsPolicy } from './mutual-tls-policy';
import { PolicyTarget } from './policy-target';
import { MeshValidation } from '../validation/mesh-validation';
import { patchesLast } from '../private/patches';

/**
 * One rule of an {@link AllowPolicy}: a request is allowed when it matches every field that is set.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
export interface AllowRule {
  /**
   * Who may call: any of these callers. Caller identities are proven by mutual TLS only, so the
   * target needs STRICT mTLS (a synth warning says so otherwise; an error when it is DISABLE).
   * @default any caller
   */
  readonly from?: Caller[];
  /**
   * HTTP methods allowed.
   * @default every method
   */
  readonly methods?: HttpMethod[];
  /**
   * Request paths allowed: exact (`/login`), prefix (`/api/*`) or templates (`/users/{*}`); each starts with `/`.
   * @default every path
   */
  readonly paths?: string[];
  /**
   * Container ports (the Service's `targetPort`) allowed.
   * @default every port
   */
  readonly ports?: number[];
}

/**
 * Props of {@link AllowPolicy}.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
export interface AllowPolicyProps {
  /** The workloads it protects. */
  readonly target: PolicyTarget;
  /** The rules; a request matching any of them is allowed, every other request to the target is denied. */
  readonly rules: AllowRule[];
  /**
   * The AuthorizationPolicy's name.
   * @default the service or Deployment name, or a name derived from the construct path
   */
  readonly name?: string;
}

/**
 * An ALLOW AuthorizationPolicy (`security.istio.io/v1`): once it applies to a workload, that workload
 * accepts only requests that match one of its rules (or another ALLOW policy of that workload).
 * It replaces Istio 1.0's ServiceRole plus ServiceRoleBinding; combine it with
 * {@link DenyByDefault} so that workloads without a policy accept nothing either.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export class AllowPolicy extends Construct {
  /** The workloads it protects. */
  public readonly target: PolicyTarget;
  /** The AuthorizationPolicy's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The rules. */
  public readonly rules: AllowRule[];
  /** The generated AuthorizationPolicy object, for escape hatches. */
  public readonly resource: ApiObject;

  public constructor(scope: Construct, id: string, props: AllowPolicyProps) {
    super(scope, id);
    MeshValidation.of(this);
    this.target = checkPolicyTarget(this, 'target', props.target);
    this.namespace = this.target.namespace;
    this.name = checkDnsSubdomain(this, 'name', props.name ?? this.target.defaultName ?? Names.toDnsLabel(this));
    if (!Array.isArray(props.rules) || props.rules.length === 0) {
      fail(this, 'rules', `must list at least one rule (an ALLOW policy without rules allows nothing; use DenyByDefault for that), got ${show(props.rules)}`);
    }
    this.rules = props.rules.map(r => ({ ...r }));
    const rendered = this.rules.map((r, i) => renderRule(this, `rules[${i}]`, r, this.target));

    this.resource = patchesLast(new AuthorizationPolicyResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        ...(this.target.matchLabels && { selector: { matchLabels: { ...this.target.matchLabels } } }),
        action: AuthorizationPolicySpecAction.ALLOW,
        rules: rendered,
      },
    }));
    this.node.addValidation({ validate: () => this.identityChecks().errors });
    addWarnings(this, () => [...noSidecarWarning(this, this.target, 'AuthorizationPolicy'), ...this.identityChecks().warnings]);
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

/** Renders one rule after checking it. */
function renderRule(scope: Construct, prop: string, rule: AllowRule, target: PolicyTarget): AuthorizationPolicySpecRules {
  const from: AuthorizationPolicySpecRulesFrom[] = [];
  if (rule.from !== undefined) {
    checkNonEmpty(scope, `${prop}.from`, rule.from, 'caller', 'allow any caller');
    rule.from.forEach((c, i) => {
      if (!(c instanceof Caller)) fail(scope, `${prop}.from[${i}]`, `must be a Caller such as Caller.fromService(hello), got ${show(c)}`);
      c._check(scope, `${prop}.from[${i}]`);
    });
    const principals = [...new Set(rule.from.flatMap(c => (c.principal ? [c.principal] : [])))];
    const namespaces = [...new Set(rule.from.flatMap(c => (c.principal ? [] : [c.namespace!])))];
    if (principals.length > 0) from.push({ source: { principals } });
    if (namespaces.length > 0) from.push({ source: { namespaces } });
  }
  const methods = rule.methods !== undefined ? checkMethods(scope, `${prop}.methods`, rule.methods) : undefined;
  const paths = rule.paths !== undefined ? checkPaths(scope, `${prop}.paths`, rule.paths) : undefined;
  const ports = rule.ports !== undefined ? checkPorts(scope, `${prop}.ports`, rule.ports, target) : undefined;
  const operation = { ...(methods && { methods }), ...(paths && { paths }), ...(ports && { ports }) };
  return {
    ...(from.length > 0 && { from }),
    ...(Object.keys(operation).length > 0 && { to: [{ operation }] }),
  };
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
