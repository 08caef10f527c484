import { JwksSource } from '../security/request-authentication';

/**
 * What a {@link DashboardAccess} lets through the ingress gateway.
 * @see https://istio.io/latest/docs/tasks/security/authorization/authz-ingress/
 */
export enum DashboardAccessKind {
  /** Nobody from outside: a DENY AuthorizationPolicy on the gateway pods for the dashboard's host. */
  DENY_ALL = 'DENY_ALL',
  /** Only clients whose address is in the given blocks (`notRemoteIpBlocks` in the DENY policy). */
  IP_BLOCKS = 'IP_BLOCKS',
  /** Only requests with a valid JWT of one issuer (a RequestAuthentication on the gateway, `notRequestPrincipals` in the DENY policy). */
  JWT = 'JWT',
  /** Anyone: no policy, explicitly acknowledged (the CDKI3002 finding is suppressed on the route). */
  PUBLIC = 'PUBLIC',
}

/**
 * Options of {@link DashboardAccess.jwt}.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export interface DashboardJwtOptions {
  /** The issuer (`iss` claim) of accepted tokens, e.g. `https://accounts.example.com`. */
  readonly issuer: string;
  /** Where istiod gets the keys that verify them. */
  readonly jwks: JwksSource;
  /**
   * Accepted `aud` values; a token with none of them is rejected.
   * @default the audience is not checked
   */
  readonly audiences?: string[];
  /**
   * Request principals (`<iss>/<sub>`) let through, e.g. `https://accounts.example.com/alice`.
   * @default [`<issuer>/*`]: any subject of the issuer
   */
  readonly allowedPrincipals?: string[];
}

/**
 * Who may reach an {@link AddonDashboard} from outside, enforced where every outside request passes: an
 * AuthorizationPolicy on the ingress gateway pods. It is a DENY policy scoped to the dashboard's host (`to.operation.hosts`
 * `<host>` and `<host>:*`, since Istio matches the Host header as sent, port included): an ALLOW policy there would deny
 * every other host the gateway serves.
 * @see https://istio.io/latest/docs/tasks/security/authorization/authz-ingress/
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export class DashboardAccess {
  /** Nobody from outside (the default): reach the UI with `kubectl port-forward`, or open it with another factory. */
  public static denyAll(): DashboardAccess {
    return new DashboardAccess(DashboardAccessKind.DENY_ALL, undefined, undefined);
  }

  /**
   * Only clients whose address is in `blocks` (addresses or CIDR ranges, e.g. `203.0.113.0/24`), matched against the
   * original client address (`remoteIpBlocks`). The gateway sees that address only when the load balancer keeps it:
   * a LoadBalancer Service with `externalTrafficPolicy: Local`, PROXY protocol, or `X-Forwarded-For` from proxies the
   * gateway trusts (`numTrustedProxies`); with the default `externalTrafficPolicy: Cluster` it sees a node's address
   * and denies everyone.
   * @see https://istio.io/latest/docs/ops/configuration/traffic-management/network-topologies/
   * @see https://istio.io/latest/docs/tasks/security/authorization/authz-ingress/#ip-based-allow-list-and-deny-list
   */
  public static fromIpBlocks(blocks: string[]): DashboardAccess {
    return new DashboardAccess(DashboardAccessKind.IP_BLOCKS, Array.isArray(blocks) ? [...blocks] : blocks, undefined);
  }

  /**
   * Only requests with a valid JWT of one issuer (`Authorization: Bearer <token>`): a RequestAuthentication on the
   * gateway pods verifies tokens and the DENY policy refuses the dashboard's host to requests without a matching
   * request principal. The RequestAuthentication applies to every host of those gateway pods: a request to another
   * host carrying a token of another issuer is rejected there with 401.
   * @see https://istio.io/latest/docs/tasks/security/authorization/authz-jwt/
   */
  public static jwt(options: DashboardJwtOptions): DashboardAccess {
    return new DashboardAccess(DashboardAccessKind.JWT, undefined, options);
  }

  /**
   * Anyone who reaches the gateway, explicitly acknowledged: no policy is emitted, and the route carries
   * `galley.istio.io/analyze-suppress: CDKI3002`, so the check for dashboards without access control stays quiet.
   * @see https://istio.io/latest/docs/reference/config/annotations/#GalleyAnalyzeSuppress
   */
  public static publicAccess(): DashboardAccess {
    return new DashboardAccess(DashboardAccessKind.PUBLIC, undefined, undefined);
  }

  private constructor(
    /** What it lets through. */
    public readonly kind: DashboardAccessKind,
    /** The client address blocks, for `fromIpBlocks`. */
    public readonly ipBlocks: string[] | undefined,
    /** The token requirement, for `jwt`. */
    public readonly tokenOptions: DashboardJwtOptions | undefined,
  ) {}
}
