import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AuthorizationPolicy as AuthorizationPolicyResource,
  AuthorizationPolicySpecAction,
  RequestAuthentication as RequestAuthenticationResource,
} from '../../imports/security.istio.io';
import { checkDnsSubdomain } from '../private/checks';
import { fail, show } from '../private/errors';
import { patchesLast } from '../private/patches';
import { isIpBlock } from '../private/security';
import { JwksSource } from '../security/request-authentication';
import { AllowPolicy } from '../security/allow-policy';
import { Caller } from '../security/caller';
import { PolicyTarget } from '../security/policy-target';
import { GatewayProtocol, GatewayTlsMode, IngressGateway } from '../traffic/ingress-gateway';
import { RouteDestination } from '../traffic/route-destination';
import { VirtualService } from '../traffic/virtual-service';
import { DataPlaneMode, MeshNamespace } from '../workload/mesh-namespace';
import { IMeshService, MeshService, ServiceProtocol } from '../workload/mesh-service';
import { SUPPRESS_ANNOTATION } from '../validation/suppression';
import { MeshValidation } from '../validation/mesh-validation';
import { DashboardAccess, DashboardAccessKind } from './dashboard-access';
import { TelemetryAddon } from './telemetry-addon';

/** The check a dashboard without access control fails (lib/validation/analyzers/dashboard-without-access-control.ts). */
const DASHBOARD_CHECK = 'CDKI3002';

/**
 * Props of {@link AddonDashboard}.
 * @see https://istio.io/latest/docs/tasks/observability/gateways/
 */
export interface AddonDashboardProps {
  /** The addon whose UI is exposed, e.g. `TelemetryAddon.grafana()`. */
  readonly addon: TelemetryAddon;
  /** The host name it gets on the ingress gateway, e.g. `grafana.example.com` (its own host: no wildcard). */
  readonly host: string;
  /**
   * The gateway configuration that gets a server for `host` (several dashboards can share one).
   * @default a new Gateway `<addon>-gateway` for the default ingress gateway, in the addon's namespace
   */
  readonly gateway?: IngressGateway;
  /**
   * Serve HTTPS on port 443 with the certificate in this Secret (in the ingress gateway's namespace).
   * @default none: plain HTTP on port 80
   */
  readonly credentialName?: string;
  /**
   * Who may reach the dashboard from outside: an AuthorizationPolicy on the pods serving the gateway for `host`
   * (`PolicyTarget.fromGateway(gateway)`): with Istio's API the Gateway's selector in the root namespace `istio-system`,
   * where a policy with a selector applies to the matching pods of every namespace; with Gateway API `targetRefs` to the
   * Gateway, in its namespace, which binds the pods Istio deploys for it.
   * @default DashboardAccess.denyAll(): nobody from outside
   */
  readonly access?: DashboardAccess;
  /**
   * Who may reach the addon: an ALLOW AuthorizationPolicy on its pods (selected by its labels, e.g.
   * `app: grafana`). Requests through the ingress gateway carry the gateway's identity, so the list
   * must include `Caller.fromGateway(gateway)` (Istio's shared ingress gateway, or with Gateway API the pods Istio
   * deploys for the Gateway). Only a sidecar on the addon pods enforces it: see `addonInjected`.
   * @default none: no AuthorizationPolicy on the addon pods (`access` still guards the gateway)
   */
  readonly allowedCallers?: Caller[];
  /**
   * Whether the addon pods run with a sidecar. Istio's samples/addons opt out
   * (`sidecar.istio.io/inject: "false"`), and then nothing enforces `allowedCallers`.
   * @default false
   */
  readonly addonInjected?: boolean;
}

/**
 * Exposes a telemetry addon's UI (Jaeger, Grafana, Kiali, Prometheus) through the ingress gateway on
 * its own host: a Gateway server plus a VirtualService to the addon's Service, instead of editing
 * that Service into a public LoadBalancer as the course does. The ingress gateway is itself a public load balancer,
 * and the samples' Grafana logs everyone in as admin, so the host is closed to outside requests unless `access`
 * opens it (by client address or by JWT). The addon itself is installed from
 * Istio's samples/addons, outside this app: its Service is declared external to the chart.
 * @see https://istio.io/latest/docs/tasks/observability/gateways/
 */
export class AddonDashboard extends Construct {
  /** The addon. */
  public readonly addon: TelemetryAddon;
  /** The host name. */
  public readonly host: string;
  /** The addon's Service, as routes see it. */
  public readonly service: IMeshService;
  /** The gateway configuration serving `host`. */
  public readonly gateway: IngressGateway;
  /** The route from the gateway to the addon. */
  public readonly virtualService: VirtualService;
  /** The AuthorizationPolicy on the addon pods, when `allowedCallers` is set. */
  public readonly accessPolicy?: AllowPolicy;
  /** Who may reach the dashboard from outside. */
  public readonly access: DashboardAccess;
  /**
   * The DENY AuthorizationPolicy on the ingress gateway pods for `host`.
   * @default - none, for `DashboardAccess.publicAccess()`
   */
  public readonly gatewayPolicy?: ApiObject;
  /**
   * The RequestAuthentication on the ingress gateway pods, for `DashboardAccess.jwt()`.
   * @default - none
   */
  public readonly gatewayAuthentication?: ApiObject;
  private readonly https: boolean;

  public constructor(scope: Construct, id: string, props: AddonDashboardProps) {
    super(scope, id);
    MeshValidation.of(this);
    if (!(props.addon instanceof TelemetryAddon)) {
      fail(this, 'addon', `must be a TelemetryAddon such as TelemetryAddon.grafana(), got ${show(props.addon)}`);
    }
    this.addon = props.addon;
    if (typeof props.host !== 'string' || props.host.includes('*') || !props.host.includes('.')) {
      fail(this, 'host', `must be a fully qualified host name of its own such as "${this.addon.name}.example.com" (no wildcard), got ${show(props.host)}`);
    }
    this.host = checkDnsSubdomain(this, 'host', props.host);
    this.https = props.credentialName !== undefined;
    if (this.https) checkDnsSubdomain(this, 'credentialName', props.credentialName!);

    const namespace = this.addon.namespace;
    this.service = MeshService.fromName(this, 'Service', this.addon.serviceName, {
      namespace,
      ports: [{ port: this.addon.port, targetPort: this.addon.targetPort, protocol: ServiceProtocol.HTTP }],
    });

    const server = {
      hosts: [this.host],
      ...(this.https
        ? { protocol: GatewayProtocol.HTTPS, tls: { mode: GatewayTlsMode.SIMPLE, credentialName: props.credentialName } }
        : { protocol: GatewayProtocol.HTTP }),
    };
    if (props.gateway !== undefined) {
      if (!(props.gateway instanceof IngressGateway)) fail(this, 'gateway', `must be an IngressGateway of this app, got ${show(props.gateway)}`);
      this.gateway = props.gateway;
      this.gateway.addServer({ ...server, portName: `${this.https ? 'https' : 'http'}-${this.addon.name}` });
    } else {
      this.gateway = new IngressGateway(this, 'Gateway', { name: `${this.addon.name}-gateway`, namespace, servers: [server] });
    }
    this.virtualService = new VirtualService(this, 'Route', {
      name: this.addon.name,
      namespace,
      hosts: [this.host],
      gateways: [this.gateway],
      http: [{ destinations: [RouteDestination.to(this.service)] }],
    });

    if (props.allowedCallers !== undefined) {
      this.accessPolicy = this.allowOnly(props.allowedCallers, props.addonInjected ?? false);
    }

    this.access = props.access ?? DashboardAccess.denyAll();
    if (!(this.access instanceof DashboardAccess)) {
      fail(this, 'access', `must be a DashboardAccess such as DashboardAccess.denyAll() or DashboardAccess.fromIpBlocks(["203.0.113.0/24"]), got ${show(this.access)}`);
    }
    if (this.access.kind === DashboardAccessKind.PUBLIC) {
      this.virtualService.resource.metadata.addAnnotation(SUPPRESS_ANNOTATION, DASHBOARD_CHECK);
    } else {
      const policies = this.gatewayPolicies(this.access);
      this.gatewayPolicy = policies.deny;
      this.gatewayAuthentication = policies.authentication;
    }
  }

  /** The address of the UI: `http://grafana.example.com/`, `https://...` with a certificate. */
  public get url(): string {
    return `${this.https ? 'https' : 'http'}://${this.host}${this.addon.uiPath}`;
  }

  /**
   * The DENY policy on the gateway pods for the dashboard's host, and for a token requirement the RequestAuthentication.
   * DENY, not ALLOW: an ALLOW policy on the gateway pods would deny every host it does not name. Its hosts are `host`
   * and `host:*`: Istio matches `hosts` against the `:authority` header as sent, port included (Istio 1.30.3
   * pilot/pkg/security/authz/matcher/header.go HostMatcher), so `host` alone misses `Host: grafana.example.com:80`.
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
   */
  private gatewayPolicies(access: DashboardAccess): { deny: ApiObject; authentication?: ApiObject } {
    const target = PolicyTarget.fromGateway(this.gateway);
    const metadata = { name: `${this.addon.name}-dashboard-access`, namespace: target.namespace };
    const binding = target._binding();
    const to = [{ operation: { hosts: [this.host, `${this.host}:*`] } }];
    let from: { source: Record<string, string[]> }[] | undefined;
    let authentication: ApiObject | undefined;
    if (access.kind === DashboardAccessKind.IP_BLOCKS) {
      from = [{ source: { notRemoteIpBlocks: checkIpBlocks(this, access.ipBlocks) } }];
    } else if (access.kind === DashboardAccessKind.JWT) {
      const jwt = access.tokenOptions;
      if (typeof jwt?.issuer !== 'string' || jwt.issuer.trim() === '') {
        fail(this, 'access.issuer', `must be the non-empty "iss" of accepted tokens, e.g. "https://accounts.example.com", got ${show(jwt?.issuer)}`);
      }
      if (!(jwt.jwks instanceof JwksSource)) {
        fail(this, 'access.jwks', `must be a JwksSource such as JwksSource.fromUri("https://accounts.example.com/.well-known/jwks.json"), got ${show(jwt.jwks)}`);
      }
      const jwks = jwt.jwks._check(this);
      const principals = jwt.allowedPrincipals ?? [`${jwt.issuer}/*`];
      if (!Array.isArray(principals) || principals.length === 0 || principals.some(p => typeof p !== 'string' || !p.includes('/'))) {
        fail(this, 'access.allowedPrincipals', `must list request principals "<issuer>/<subject>" or "<issuer>/*", got ${show(principals)}`);
      }
      if (jwt.audiences !== undefined && (!Array.isArray(jwt.audiences) || jwt.audiences.length === 0)) {
        fail(this, 'access.audiences', `must list at least one audience; leave it unset to accept any, got ${show(jwt.audiences)}`);
      }
      authentication = patchesLast(new RequestAuthenticationResource(this, 'GatewayAuthentication', {
        metadata,
        spec: {
          ...binding,
          jwtRules: [{
            issuer: jwt.issuer,
            ...(jwks.uri !== undefined ? { jwksUri: jwks.uri } : { jwks: jwks.json }),
            ...(jwt.audiences && { audiences: [...jwt.audiences] }),
          }],
        },
      }));
      // The imported CRD schema knows only `jwks_uri`, a kubebuilder alias; Istio's documents write `jwksUri`.
      // https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
      if (jwks.uri !== undefined) authentication.addJsonPatch(JsonPatch.move('/spec/jwtRules/0/jwks_uri', '/spec/jwtRules/0/jwksUri'));
      from = [{ source: { notRequestPrincipals: [...principals] } }];
    }
    const deny = patchesLast(new AuthorizationPolicyResource(this, 'GatewayAccess', {
      metadata,
      spec: { ...binding, action: AuthorizationPolicySpecAction.DENY, rules: [{ ...(from && { from }), to }] },
    }));
    return { deny, authentication };
  }

  private allowOnly(callers: readonly Caller[], injected: boolean): AllowPolicy {
    const pods = `${this.addon.name} pods (${Object.entries(this.addon.labels).map(([k, v]) => `${k}=${v}`).join(', ')})`;
    if (!injected) {
      fail(this, 'allowedCallers', `needs a sidecar on the ${pods} to be enforced, but Istio's samples/addons run them without one (sidecar.istio.io/inject: "false"); inject them and set addonInjected: true, or leave allowedCallers unset`);
    }
    if (!Array.isArray(callers) || callers.length === 0) {
      fail(this, 'allowedCallers', `must list at least one Caller such as Caller.fromGateway(gateway); leave it unset for no AuthorizationPolicy, got ${show(callers)}`);
    }
    // The pods of a gateway with a custom selector (Istio's API) have a ServiceAccount this app does not know: no check.
    const gateway = Caller.fromGateway(this.gateway);
    const viaGateway = callers.some(c => c instanceof Caller && c.namespace === gateway.namespace && (c.principal === undefined || c.principal === gateway.principal));
    if (gateway.namespace !== undefined && !viaGateway) {
      fail(this, 'allowedCallers', `does not include the ${gateway.description} (Caller.fromGateway(dashboard.gateway)), so requests to ${this.host} through it would be denied; add it, got ${callers.map(c => (c instanceof Caller ? c.description : show(c))).join(', ')}`);
    }
    return new AllowPolicy(this, 'Access', {
      target: PolicyTarget.selector(MeshNamespace.fromName(this.addon.namespace.name, { dataPlane: DataPlaneMode.SIDECAR }), { ...this.addon.labels }),
      name: `${this.addon.name}-access`,
      rules: [{ from: [...callers] }],
    });
  }
}

/** Throws unless `blocks` lists IPv4/IPv6 addresses or CIDR ranges. */
function checkIpBlocks(scope: Construct, blocks: unknown): string[] {
  if (!Array.isArray(blocks) || blocks.length === 0) {
    fail(scope, 'access.ipBlocks', `must list at least one address or CIDR range such as "203.0.113.0/24"; use DashboardAccess.denyAll() to let nobody in, got ${show(blocks)}`);
  }
  blocks.forEach((b, i) => {
    if (!isIpBlock(b)) fail(scope, `access.ipBlocks[${i}]`, `must be an IPv4 or IPv6 address or CIDR range such as "203.0.113.0/24", got ${show(b)}`);
  });
  return [...blocks];
}
