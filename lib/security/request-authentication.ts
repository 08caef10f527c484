import { ApiObject, JsonPatch, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { RequestAuthentication as RequestAuthenticationResource } from '../../imports/security.istio.io';
import { checkDnsSubdomain } from '../private/checks';
import { fail, show } from '../private/errors';
import { checkJwks, renderJwtRule } from '../private/jwt';
import { patchesLast } from '../private/patches';
import { checkPolicyTarget, noSidecarWarning } from '../private/security';
import { addWarnings } from '../private/warnings';
import { MeshValidation } from '../validation/mesh-validation';
import { IMeshService } from '../workload/mesh-service';
import { PolicyTarget } from './policy-target';

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
    return checkJwks(scope, 'jwks', this);
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
 * A claim copied into a request header once the token is verified.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#ClaimToHeader
 */
export interface ClaimToHeader {
  /** The header, e.g. `x-jwt-sub`. */
  readonly header: string;
  /** The claim, e.g. `sub`; a nested claim as `a.b`. */
  readonly claim: string;
}

/**
 * One accepted issuer of a {@link RequestAuthentication}: how its tokens are found and verified.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export interface JwtRule {
  /** The issuer (`iss` claim) of accepted tokens, e.g. `https://accounts.google.com`. */
  readonly issuer: string;
  /**
   * Where the verifying keys come from.
   * @default OpenID discovery: istiod reads `jwks_uri` from `<issuer>/.well-known/openid-configuration` (the issuer must be an http(s) URL)
   */
  readonly jwks?: JwksSource;
  /**
   * Accepted `aud` values; a token with none of them is rejected.
   * @default the audience is not checked
   */
  readonly audiences?: string[];
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
   * A header that receives the verified token's payload (base64url-encoded JSON), for the application.
   * @default not written
   */
  readonly outputPayloadToHeader?: string;
  /**
   * Claims copied into request headers.
   * @default none
   */
  readonly outputClaimToHeaders?: ClaimToHeader[];
  /**
   * Whether the token is passed on to the application (it is removed otherwise).
   * @default false
   */
  readonly forwardOriginalToken?: boolean;
}

/**
 * Props of {@link RequestAuthentication}.
 * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
 */
export interface RequestAuthenticationProps {
  /** The workloads (or namespace, or mesh) whose requests' tokens are verified. */
  readonly target: PolicyTarget;
  /** The accepted issuers; a token of any other issuer is rejected with 401. */
  readonly jwtRules: JwtRule[];
  /**
   * The RequestAuthentication's name.
   * @default the service or Deployment name, or a name derived from the construct path
   */
  readonly name?: string;
}

/**
 * A RequestAuthentication (`security.istio.io/v1`): the target's sidecars verify JWTs of the listed issuers and reject
 * invalid ones with 401. A request WITHOUT a token still passes, with no request principal: require one with a
 * {@link DenyPolicy} on `notRequestPrincipals: ['*']` or an {@link AllowPolicy} on `requestPrincipals`
 * ({@link JwtProtectedService} does both).
 * @see https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#end-user-authentication
 */
export class RequestAuthentication extends Construct {
  /** The workloads whose tokens are verified (the object goes to `target.namespace`). */
  public readonly target: PolicyTarget;
  /** The RequestAuthentication's name. */
  public readonly name: string;
  /** The accepted issuers. */
  public readonly issuers: string[];
  /** The generated RequestAuthentication object, for escape hatches. */
  public readonly resource: ApiObject;

  public constructor(scope: Construct, id: string, props: RequestAuthenticationProps) {
    super(scope, id);
    MeshValidation.of(this);
    this.target = checkPolicyTarget(this, 'target', props.target);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? this.target.defaultName ?? Names.toDnsLabel(this));
    if (!Array.isArray(props.jwtRules) || props.jwtRules.length === 0) {
      fail(this, 'jwtRules', `must list at least one rule, one per accepted issuer (a RequestAuthentication without rules verifies nothing), got ${show(props.jwtRules)}`);
    }
    const rendered = props.jwtRules.map((r, i) => renderJwtRule(this, `jwtRules[${i}].`, r));
    this.issuers = rendered.map(r => r.rule.issuer!);
    this.resource = patchesLast(new RequestAuthenticationResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.target.namespace },
      spec: {
        ...this.target._binding(),
        jwtRules: rendered.map(r => r.rule),
      },
    }));
    // `jwksUri`, as every Istio document writes it; the generated class maps it to `jwks_uri`, which istiod accepts
    // only through a CRD alias.
    rendered.forEach((r, i) => {
      if (r.jwksUri !== undefined) this.resource.addJsonPatch(JsonPatch.add(`/spec/jwtRules/${i}/jwksUri`, r.jwksUri));
    });
    // A key set istiod cannot fetch (a STRICT server refusing its plain text, ...) is the mesh model's: CDKI3003.
    addWarnings(this, () => noSidecarWarning(this, this.target, 'RequestAuthentication'));
  }
}
