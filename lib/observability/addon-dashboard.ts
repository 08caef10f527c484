import { Construct } from 'constructs';
import { checkDnsSubdomain } from '../private/checks';
import { fail, show } from '../private/errors';
import { AllowPolicy } from '../security/allow-policy';
import { Caller } from '../security/caller';
import { PolicyTarget } from '../security/policy-target';
import { GatewayProtocol, GatewayTlsMode, IngressGateway } from '../traffic/ingress-gateway';
import { RouteDestination } from '../traffic/route-destination';
import { VirtualService } from '../traffic/virtual-service';
import { MeshNamespace } from '../workload/mesh-namespace';
import { IMeshService, MeshService, ServiceProtocol } from '../workload/mesh-service';
import { MeshValidation } from '../validation/mesh-validation';
import { TelemetryAddon } from './telemetry-addon';

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
   * Who may reach the addon: an ALLOW AuthorizationPolicy on its pods (selected by its labels, e.g.
   * `app: grafana`). Requests through the ingress gateway carry the gateway's identity, so the list
   * must include `Caller.ingressGateway()`. Only a sidecar on the addon pods enforces it: see `addonInjected`.
   * @default none: no AuthorizationPolicy, anyone who reaches the host reaches the addon
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
 * that Service into a public LoadBalancer as the course does. The addon itself is installed from
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
  }

  /** The address of the UI: `http://grafana.example.com/`, `https://...` with a certificate. */
  public get url(): string {
    return `${this.https ? 'https' : 'http'}://${this.host}${this.addon.uiPath}`;
  }

  private allowOnly(callers: readonly Caller[], injected: boolean): AllowPolicy {
    const pods = `${this.addon.name} pods (${Object.entries(this.addon.labels).map(([k, v]) => `${k}=${v}`).join(', ')})`;
    if (!injected) {
      fail(this, 'allowedCallers', `needs a sidecar on the ${pods} to be enforced, but Istio's samples/addons run them without one (sidecar.istio.io/inject: "false"); inject them and set addonInjected: true, or leave allowedCallers unset`);
    }
    if (!Array.isArray(callers) || callers.length === 0) {
      fail(this, 'allowedCallers', `must list at least one Caller such as Caller.ingressGateway(); leave it unset for no AuthorizationPolicy, got ${show(callers)}`);
    }
    const gateway = Caller.ingressGateway();
    const viaGateway = callers.some(c => c instanceof Caller && c.namespace === gateway.namespace && (c.principal === undefined || c.principal === gateway.principal));
    if (!viaGateway) {
      fail(this, 'allowedCallers', `does not include the ingress gateway (Caller.ingressGateway()), so requests to ${this.host} through it would be denied; add it, got ${callers.map(c => (c instanceof Caller ? c.description : show(c))).join(', ')}`);
    }
    return new AllowPolicy(this, 'Access', {
      target: PolicyTarget.selector(MeshNamespace.fromName(this.addon.namespace.name, true), { ...this.addon.labels }),
      name: `${this.addon.name}-access`,
      rules: [{ from: [...callers] }],
    });
  }
}
