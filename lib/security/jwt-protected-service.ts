import { ApiObject, JsonPatch, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  AuthorizationPolicy as AuthorizationPolicyResource,
  AuthorizationPolicySpecAction,
  AuthorizationPolicySpecRules,
  RequestAuthentication as RequestAuthenticationResource,
  RequestAuthenticationSpecJwtRules,
} from '../../imports/security.istio.io';
import { checkDnsSubdomain, checkPortNumber } from '../private/checks';
import { fail, show } from '../private/errors';
import { IMeshService } from '../workload/mesh-service';
import { HttpMethod } from '../traffic/http-route';
import { checkMethods, checkNonEmpty, checkPaths, checkPolicyTarget, noSidecarWarning } from '../private/security';
import { addWarnings } from '../private/warnings';
import { PolicyScope, PolicyTarget } from './policy-target';
import { MeshValidation } from '../validation/mesh-validation';
import { selects } from '../private/analysis/workloads';
import { patchesLast } from '../private/patches';

/**
 * Where the public keys that verify tokens come from.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export class JwksSource {
  /**
   * A URL serving the JSON Web Key Set (`jwksUri`), fetched by istiod. Use https://: over plain
   * http:// anyone on the path can swap the keys and forge tokens (synth warns: CDKI1028).
   */
  public static fromUri(uri: string): JwksSource {
    return new JwksSource(uri, undefined);
  }

  /**
   * A service of the mesh serving the key set, e.g. the course's auth service:
   * `http://<service fqdn>:<port><path>`. istiod fetches it without a sidecar, in plain text, so the
   * service must accept plain text (a PERMISSIVE MutualTlsPolicy; synth fails with CDKI3003 when it does not).
   * @param path the key set's path
   * @param port the Service port; defaults to its first port
   */
  public static fromService(service: IMeshService, path: string = '/.well-known/jwks.json', port?: number): JwksSource {
    const p = port ?? service?.ports?.[0]?.port;
    return new JwksSource(`http://${service?.fqdn}:${p}${path}`, undefined, service, path, p);
  }

  /** The key set itself (`jwks`): JSON text `{"keys": [...]}`. Nothing is fetched; rotate keys by redeploying. */
  public static inline(jwks: string): JwksSource {
    return new JwksSource(undefined, jwks);
  }

  private constructor(
    /** The URL, for `fromUri` and `fromService`. */
    public readonly uri: string | undefined,
    /** The key set JSON, for `inline`. */
    public readonly json: string | undefined,
    /** The serving service, for `fromService`. */
    public readonly service?: IMeshService,
    /** The path on the service, for `fromService`. */
    public readonly path?: string,
    /** The Service port, for `fromService`. */
    public readonly port?: number,
  ) {}

  /** @internal Throws unless the source is well-formed (an http(s) URL, a port of the service, a key set with keys). */
  public _check(scope: IConstruct): JwksSource {
    return checkJwks(scope, this);
  }
}

/**
 * A request header a token is read from.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTHeader
 */
export interface JwtHeaderLocation {
  /** The header name, e.g. `x-jwt-assertion`. */
  readonly name: string;
  /**
   * A prefix stripped before decoding, e.g. `Bearer ` (with its space).
   * @default none
   */
  readonly prefix?: string;
}

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
 * Requires a valid JWT for the target's requests: a RequestAuthentication (`security.istio.io/v1`)
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
    if (typeof props.issuer !== 'string' || props.issuer.trim() === '') {
      fail(this, 'issuer', `must be the non-empty "iss" of accepted tokens, e.g. "https://accounts.example.com", got ${show(props.issuer)}`);
    }
    this.issuer = props.issuer;
    const jwks = checkJwks(this, props.jwks);

    const rule: RequestAuthenticationSpecJwtRules = {
      issuer: this.issuer,
      // jwksUri is patched in below: the generated mapping would write the proto name `jwks_uri`.
      ...(jwks.uri === undefined && { jwks: jwks.json }),
      ...(props.audiences !== undefined && { audiences: [...checkStrings(this, 'audiences', props.audiences, 'audience', 'accept any audience')] }),
      ...(props.forwardOriginalToken && { forwardOriginalToken: true }),
      ...(props.fromHeaders !== undefined && { fromHeaders: checkHeaders(this, props.fromHeaders) }),
      ...(props.fromParams !== undefined && { fromParams: [...checkStrings(this, 'fromParams', props.fromParams, 'parameter', "use Istio's defaults")] }),
    };

    this.allowedPrincipals = props.allowedPrincipals !== undefined
      ? checkPrincipals(this, props.allowedPrincipals)
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
    const selector = this.target.matchLabels && { selector: { matchLabels: { ...this.target.matchLabels } } };
    this.requestAuthentication = patchesLast(new RequestAuthenticationResource(this, 'RequestAuthentication', {
      metadata,
      spec: { ...selector, jwtRules: [rule] },
    }));
    // `jwksUri`, as every Istio document writes it; the generated class maps it to `jwks_uri`, which istiod accepts
    // only through a CRD alias.
    if (jwks.uri !== undefined) this.requestAuthentication.addJsonPatch(JsonPatch.add('/spec/jwtRules/0/jwksUri', jwks.uri));
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

    // A key set istiod cannot fetch (a STRICT server refusing its plain text, ...) is the mesh model's: CDKI3003.
    addWarnings(this, () => noSidecarWarning(this, this.target, 'token requirement'));
  }
}

function checkJwks(scope: IConstruct, jwks: JwksSource): JwksSource {
  if (!(jwks instanceof JwksSource)) {
    fail(scope, 'jwks', `must be a JwksSource such as JwksSource.fromUri("https://example.com/.well-known/jwks.json"), got ${show(jwks)}`);
  }
  if (jwks.service !== undefined) {
    if (typeof jwks.path !== 'string' || !jwks.path.startsWith('/')) fail(scope, 'jwks.path', `must start with "/", got ${show(jwks.path)}`);
    checkPortNumber(scope, 'jwks.port', jwks.port!);
    if (!jwks.service.ports.some(p => p.port === jwks.port)) {
      fail(scope, 'jwks.port', `must be a port of service ${jwks.service.name} (${jwks.service.ports.map(p => p.port).join(', ')}), got ${jwks.port}`);
    }
  }
  if (jwks.uri !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(jwks.uri);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      fail(scope, 'jwks', `must be an http:// or https:// URL, got ${show(jwks.uri)}`);
    }
    if (jwks.uri.length > 2048) fail(scope, 'jwks', `must be at most 2048 characters, got ${jwks.uri.length}`);
  } else {
    let keys: unknown;
    try {
      keys = (JSON.parse(jwks.json ?? '') as { keys?: unknown }).keys;
    } catch {
      keys = undefined;
    }
    if (!Array.isArray(keys) || keys.length === 0) {
      fail(scope, 'jwks', `must be a JSON Web Key Set with at least one key, {"keys": [...]}, got ${show(jwks.json)}`);
    }
  }
  return jwks;
}

function checkStrings(scope: IConstruct, prop: string, values: readonly string[], what: string, everything: string): readonly string[] {
  checkNonEmpty(scope, prop, values, what, everything);
  values.forEach((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') fail(scope, `${prop}[${i}]`, `must be a non-empty string, got ${show(v)}`);
  });
  return values;
}

function checkHeaders(scope: IConstruct, headers: readonly JwtHeaderLocation[]): { name: string; prefix?: string }[] {
  checkNonEmpty(scope, 'fromHeaders', headers, 'header', "use Istio's defaults");
  return headers.map((h, i) => {
    if (typeof h?.name !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h.name)) {
      fail(scope, `fromHeaders[${i}].name`, `must be an HTTP header name such as "x-jwt-assertion", got ${show(h?.name)}`);
    }
    return { name: h.name, ...(h.prefix !== undefined && { prefix: h.prefix }) };
  });
}

function checkPrincipals(scope: IConstruct, principals: readonly string[]): string[] {
  checkStrings(scope, 'allowedPrincipals', principals, 'principal', 'allow any subject of the issuer');
  principals.forEach((p, i) => {
    if (p !== '*' && !p.includes('/')) {
      fail(scope, `allowedPrincipals[${i}]`, `must be "<issuer>/<subject>" (request principal), "<issuer>/*" or "*", got ${show(p)}`);
    }
  });
  return [...principals];
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
