import { ApiObject, Names } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AuthorizationPolicy as AuthorizationPolicyResource,
  AuthorizationPolicySpecAction,
  AuthorizationPolicySpecRules,
} from '../../imports/security.istio.io';
import { checkDnsSubdomain } from '../private/checks';
import { fail, show } from '../private/errors';
import { checkJwks, renderJwtRule } from '../private/jwt';
import { IMeshService } from '../workload/mesh-service';
import { HttpMethod } from '../traffic/http-route';
import { checkMethods, checkPaths, checkPolicyTarget, checkRequestPrincipals, checkStrings } from '../private/security';
import { JwksSource, JwtHeaderLocation, JwtRule, RequestAuthentication } from './request-authentication';
import { PolicyScope, PolicyTarget } from './policy-target';
import { MeshValidation } from '../validation/mesh-validation';
import { selects } from '../private/analysis/workloads';
import { patchesLast } from '../private/patches';

/**
 * Props of {@link JwtProtectedService}.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export interface JwtProtectedServiceProps {
  /** The workloads (or namespace) that require a token; mesh-wide is refused (it would lock out the token issuer and the gateways). */
  readonly target: PolicyTarget;
  /** The issuer (`iss` claim) of accepted tokens, e.g. `http-echo@http-echo.kubernetes.newtech.academy`. */
  readonly issuer: string;
  /** Where the verifying keys come from. */
  readonly jwks: JwksSource;
  /**
   * Accepted `aud` values; a token with none of them is rejected.
   * @default the audience is not checked
   */
  readonly audiences?: string[];
  /**
   * Whether the token is passed on to the application (it is removed otherwise).
   * @default false
   */
  readonly forwardOriginalToken?: boolean;
  /**
   * Headers the token is read from.
   * @default Istio's: `Authorization: Bearer <token>` (and the `access_token` parameter), unless `fromParams` is set
   */
  readonly fromHeaders?: JwtHeaderLocation[];
  /**
   * Query parameters the token is read from.
   * @default Istio's: `access_token` (and the `Authorization` header), unless `fromHeaders` is set
   */
  readonly fromParams?: string[];
  /**
   * Request principals (`<iss>/<sub>`) allowed, or `*` for any valid token of any issuer the workload accepts.
   * @default [`<issuer>/*`]: any subject of this issuer
   */
  readonly allowedPrincipals?: string[];
  /**
   * Claims the token must carry, e.g. `{ groups: ['users'] }`: for each claim, one of the values
   * (for a list claim, it must contain one of them).
   * @default none
   */
  readonly requiredClaims?: Readonly<Record<string, string[]>>;
  /**
   * Methods allowed with a token.
   * @default every method
   */
  readonly methods?: HttpMethod[];
  /**
   * Paths allowed with a token, each starting with `/`.
   * @default every path
   */
  readonly paths?: string[];
  /**
   * Paths reachable without a token (e.g. a health check or a login page), each starting with `/`.
   * A request carrying an invalid token is still rejected there.
   * @default none
   */
  readonly publicPaths?: string[];
  /**
   * Name of the RequestAuthentication and the AuthorizationPolicy.
   * @default `<service or Deployment name>-jwt`, or a name derived from the construct path
   */
  readonly name?: string;
}

/**
 * Requires a valid JWT for the target's requests: a {@link RequestAuthentication} (`security.istio.io/v1`)
 * that verifies tokens AND an ALLOW AuthorizationPolicy that admits only requests with a verified
 * token (request principal), optionally with claims, methods and paths. The RequestAuthentication
 * alone would reject bad tokens but let requests WITHOUT a token through. It replaces Istio 1.0's
 * Policy `origins` with `principalBinding: USE_ORIGIN`.
 * @see https://istio.io/latest/docs/tasks/security/authorization/authz-jwt/
 */
export class JwtProtectedService extends Construct {
  /** The workloads that require a token. */
  public readonly target: PolicyTarget;
  /** The accepted issuer. */
  public readonly issuer: string;
  /** The name of both objects. */
  public readonly name: string;
  /** Their namespace. */
  public readonly namespace: string;
  /** The request principals allowed. */
  public readonly allowedPrincipals: string[];
  /** The generated RequestAuthentication (token verification). */
  public readonly requestAuthentication: ApiObject;
  /** The generated ALLOW AuthorizationPolicy: which principals, claims, methods and paths a token admits. */
  public readonly authorizationPolicy: ApiObject;
  /**
   * The generated DENY AuthorizationPolicy `<name>-require-token`: requests without a valid token are
   * refused (outside `publicPaths`), even where another ALLOW policy would admit them.
   */
  public readonly requireTokenPolicy: ApiObject;

  public constructor(scope: Construct, id: string, props: JwtProtectedServiceProps) {
    super(scope, id);
    MeshValidation.of(this);
    this.target = checkPolicyTarget(this, 'target', props.target);
    if (this.target.scope === PolicyScope.MESH) {
      fail(this, 'target', `must be a namespace or workloads, got the mesh: a mesh-wide token requirement would also lock out the token issuer and every gateway; use PolicyTarget.fromService(svc) or PolicyTarget.fromNamespace(ns)`);
    }
    this.namespace = this.target.namespace;
    const base = this.target.defaultName;
    this.name = checkDnsSubdomain(this, 'name', props.name ?? (base ? `${base}-jwt` : Names.toDnsLabel(this)));
    const rule: JwtRule = {
      issuer: props.issuer,
      jwks: props.jwks,
      audiences: props.audiences,
      forwardOriginalToken: props.forwardOriginalToken,
      fromHeaders: props.fromHeaders,
      fromParams: props.fromParams,
    };
    // Checked here, so that messages name this construct's props ('issuer', 'jwks', ...); the key set is required.
    if (props.jwks === undefined) checkJwks(this, 'jwks', props.jwks);
    renderJwtRule(this, '', rule);
    this.issuer = props.issuer;
    const jwks = props.jwks;

    this.allowedPrincipals = props.allowedPrincipals !== undefined
      ? checkRequestPrincipals(this, 'allowedPrincipals', props.allowedPrincipals, 'allow any subject of the issuer')
      : [`${this.issuer}/*`];
    const methods = props.methods !== undefined ? checkMethods(this, 'methods', props.methods) : undefined;
    const paths = props.paths !== undefined ? checkPaths(this, 'paths', props.paths) : undefined;
    const publicPaths = props.publicPaths !== undefined ? checkPaths(this, 'publicPaths', props.publicPaths) : undefined;
    const when = Object.entries(props.requiredClaims ?? {}).map(([claim, values]) => {
      if (claim === '' || /[[\]\s]/.test(claim)) fail(this, `requiredClaims.${claim}`, `must be a claim name without brackets or spaces, such as "groups", got ${show(claim)}`);
      checkStrings(this, `requiredClaims.${claim}`, values, 'value', 'not require the claim');
      return { key: `request.auth.claims[${claim}]`, values: [...values] };
    });
    if (jwks.service && covers(this.target, jwks.service) && !(publicPaths ?? []).some(p => pathMatches(p, jwks.path!))) {
      fail(this, 'publicPaths', `must include "${jwks.path}": the key set is served by ${jwks.service.namespace}/${jwks.service.name}, which this policy protects, so fetching it would itself need a token; got ${show(publicPaths)}`);
    }

    const operation = { ...(methods && { methods }), ...(paths && { paths }) };
    const rules: AuthorizationPolicySpecRules[] = [{
      from: [{ source: { requestPrincipals: [...this.allowedPrincipals] } }],
      ...(Object.keys(operation).length > 0 && { to: [{ operation }] }),
      ...(when.length > 0 && { when }),
    }];
    if (publicPaths) rules.push({ to: [{ operation: { paths: publicPaths } }] });

    const metadata = { name: this.name, namespace: this.namespace };
    const selector = this.target._binding();
    this.requestAuthentication = new RequestAuthentication(this, 'RequestAuthentication', { target: this.target, name: this.name, jwtRules: [rule] }).resource;
    this.authorizationPolicy = patchesLast(new AuthorizationPolicyResource(this, 'AuthorizationPolicy', {
      metadata,
      spec: { ...selector, action: AuthorizationPolicySpecAction.ALLOW, rules },
    }));
    // ALLOW policies add up: another one on the same pods (an AllowPolicy for the gateway, say) would
    // admit requests without a token. A DENY on "no request principal" holds whatever else allows.
    this.requireTokenPolicy = patchesLast(new AuthorizationPolicyResource(this, 'RequireToken', {
      metadata: { name: `${this.name}-require-token`, namespace: this.namespace },
      spec: {
        ...selector,
        action: AuthorizationPolicySpecAction.DENY,
        rules: [{
          from: [{ source: { notRequestPrincipals: ['*'] } }],
          ...(publicPaths && { to: [{ operation: { notPaths: publicPaths } }] }),
        }],
      },
    }));
  }
}

/** Whether `target` applies to the pods of `service` (by namespace, or by the `app` label). */
function covers(target: PolicyTarget, service: IMeshService): boolean {
  if (target.namespace !== service.namespace) return false;
  if (target.scope !== PolicyScope.WORKLOAD) return true;
  if (target.service === service) return true;
  return selects(target.matchLabels ?? {}, { app: service.name });
}

/** Whether Istio path `pattern` (exact, `prefix*`, `{*}`/`{**}` templates) matches `path`. */
function pathMatches(pattern: string, path: string): boolean {
  if (pattern.endsWith('*') && !pattern.endsWith('{*}') && !pattern.endsWith('{**}')) return path.startsWith(pattern.slice(0, -1));
  const regex = pattern.split(/(\{\*\*?\})/).map(part => (part === '{**}' ? '.*' : part === '{*}' ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${regex}$`).test(path);
}
