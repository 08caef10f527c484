import { ApiObject, Lazy, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { Gateway as GatewayApiResource, GatewaySpecListeners } from '../../imports/gateway.networking.k8s.io';
import { Gateway as GatewayResource, GatewaySpecServers } from '../../imports/networking.istio.io';
import { checkDnsSubdomain, checkEnum, checkHost, checkPortNumber } from '../private/checks';
import { fail, propError, show } from '../private/errors';
import { hostCovers } from '../private/hosts';
import { defaultNamespace } from '../private/scope';
import { IMeshNamespace } from '../workload/mesh-namespace';
import { MeshValidation } from '../validation/mesh-validation';
import { patchesLast } from '../private/patches';
import { allowedRoutes, notInGatewayApi, registerGateway, renderListeners, RenderedListener } from '../private/gateway-api';
import { TrafficApi, TrafficApiSetting } from './traffic-api';

/**
 * Protocols a gateway server accepts.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Port
 */
export enum GatewayProtocol {
  HTTP = 'HTTP',
  HTTPS = 'HTTPS',
  HTTP2 = 'HTTP2',
  GRPC = 'GRPC',
  TLS = 'TLS',
  TCP = 'TCP',
}

/**
 * How a gateway server handles TLS.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings-TLSmode
 */
export enum GatewayTlsMode {
  /** Terminate TLS with the certificate in `credentialName`. */
  SIMPLE = 'SIMPLE',
  /** Terminate TLS and require client certificates. */
  MUTUAL = 'MUTUAL',
  /** Route on SNI without terminating TLS. */
  PASSTHROUGH = 'PASSTHROUGH',
  /** Terminate Istio mutual TLS (for gateways between meshes). */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/**
 * One listener of a gateway.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
 */
export interface GatewayServerOptions {
  /** Hostnames it serves (`hello.example.com`, `*.example.com` or `*`). */
  readonly hosts: string[];
  /**
   * The port, 1–65535.
   * @default 80 for HTTP, 443 for HTTPS and TLS
   */
  readonly port?: number;
  /**
   * The protocol.
   * @default GatewayProtocol.HTTP
   */
  readonly protocol?: GatewayProtocol;
  /**
   * The port name, unique within the gateway.
   * @default `<protocol>-<port>` in lowercase, e.g. `http-80`
   */
  readonly portName?: string;
  /**
   * TLS settings; required for HTTPS and TLS servers.
   * @default none
   */
  readonly tls?: GatewayTlsOptions;
}

/**
 * TLS settings of a gateway server.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
 */
export interface GatewayTlsOptions {
  /** How the server handles TLS. */
  readonly mode: GatewayTlsMode;
  /**
   * The name of the Secret holding the server certificate and key (in the gateway pods' namespace); required for SIMPLE and MUTUAL.
   * @default none
   */
  readonly credentialName?: string;
}

/**
 * A gateway that VirtualServices bind to.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/
 */
export interface IGateway {
  /** The Gateway's name. */
  readonly name: string;
  /** The Gateway's namespace. */
  readonly namespace: string;
  /** `<namespace>/<name>`, as VirtualServices reference it. */
  readonly reference: string;
  /** Whether any server serves `host`; `undefined` when not known (an imported gateway). */
  servesHost(host: string): boolean | undefined;
}

/**
 * Props of {@link IngressGateway}.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Port
 */
export interface IngressGatewayProps {
  /**
   * The Gateway's name.
   * @default a name derived from the construct path
   */
  readonly name?: string;
  /**
   * Its namespace.
   * @default the chart's namespace, or 'default'
   */
  readonly namespace?: IMeshNamespace;
  /**
   * Labels of the gateway pods that get this configuration (Istio's API only: for a Gateway API Gateway, Istio deploys
   * its pods, labelled `gateway.networking.k8s.io/gateway-name: <name>`).
   * @default { istio: 'ingressgateway' }, Istio's default ingress gateway
   */
  readonly selector?: Record<string, string>;
  /**
   * Its listeners; more can be added with `addServer`. At least one is required at synth.
   * @default none
   */
  readonly servers?: GatewayServerOptions[];
}

/**
 * An Istio Gateway (`networking.istio.io/v1`) configuring the ingress gateway's listeners; with
 * `TrafficApi.GATEWAY_API`, a Gateway API Gateway of class `istio` (one listener per server host, TLS `certificateRefs`,
 * `allowedRoutes` for the namespaces of the routes bound to it), for which Istio deploys the gateway pods.
 * Nothing is exposed unless a server lists its host.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
 * @see Istio 1.30.3 manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml (the labels of the pods Istio deploys)
 */
export class IngressGateway extends Construct implements IGateway {
  /** Refers to a Gateway this app does not manage, e.g. a shared one in istio-ingress. */
  public static fromName(name: string, ns: IMeshNamespace): IGateway {
    return { name, namespace: ns.name, reference: `${ns.name}/${name}`, servesHost: () => undefined };
  }

  public readonly name: string;
  public readonly namespace: string;
  public readonly reference: string;
  /** The labels of the gateway pods that get this configuration (its `selector`). */
  public readonly selector: Record<string, string>;
  /** The generated Gateway object (Istio's, or Gateway API's), for escape hatches. */
  public readonly resource: ApiObject;
  /** The API it emits. */
  public readonly trafficApi: TrafficApi;
  private readonly servers: GatewaySpecServers[] = [];
  private readonly listeners: RenderedListener[] = [];

  public constructor(scope: Construct, id: string, props: IngressGatewayProps = {}) {
    super(scope, id);
    MeshValidation.of(this);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? Names.toDnsLabel(this));
    this.namespace = props.namespace?.name ?? defaultNamespace(this);
    this.reference = `${this.namespace}/${this.name}`;
    this.trafficApi = TrafficApiSetting.of(this);
    registerGateway(this, this.trafficApi);
    const gatewayApi = this.trafficApi === TrafficApi.GATEWAY_API;
    if (gatewayApi && props.selector !== undefined) {
      notInGatewayApi(this, 'selector', props.selector, `Istio deploys the pods of a Gateway API Gateway itself (labelled gateway.networking.k8s.io/gateway-name: ${this.name})`, 'leave it out');
    }
    const selector = gatewayApi ? { 'gateway.networking.k8s.io/gateway-name': this.name } : props.selector ?? { istio: 'ingressgateway' };
    if (Object.keys(selector).length === 0) {
      fail(this, 'selector', 'must name at least one label of the gateway pods, e.g. { istio: "ingressgateway" }; got {}');
    }
    this.selector = { ...selector };
    (props.servers ?? []).forEach(s => this.addServer(s));
    this.resource = patchesLast(gatewayApi
      ? new GatewayApiResource(this, 'Resource', {
        metadata: { name: this.name, namespace: this.namespace },
        spec: {
          gatewayClassName: 'istio',
          listeners: Lazy.any({ produce: () => this.listeners.map(l => ({ ...l, allowedRoutes: allowedRoutes(this, l.protocol) })) }) as unknown as GatewaySpecListeners[],
        },
      })
      : new GatewayResource(this, 'Resource', {
        metadata: { name: this.name, namespace: this.namespace },
        spec: { selector, servers: Lazy.any({ produce: () => this.servers }) as unknown as GatewaySpecServers[] },
      }));
    this.node.addValidation({
      validate: () => (this.servers.length === 0 ? [propError(this, `servers`, `must list at least one server; call addServer({ hosts: [...] })`)] : []),
    });
  }

  /** Adds a listener. */
  public addServer(options: GatewayServerOptions): void {
    const prop = `servers[${this.servers.length}]`;
    const protocol = options.protocol ?? GatewayProtocol.HTTP;
    checkEnum(this, `${prop}.protocol`, protocol, GatewayProtocol);
    const secure = protocol === GatewayProtocol.HTTPS || protocol === GatewayProtocol.TLS;
    const port = checkPortNumber(this, `${prop}.port`, options.port ?? (secure ? 443 : 80));
    const portName = options.portName ?? `${protocol.toLowerCase()}-${port}`;
    if (this.servers.some(s => s.port.name === portName)) {
      fail(this, `${prop}.portName`, `must be unique within the gateway, got ${show(portName)} twice`);
    }
    if (!Array.isArray(options.hosts) || options.hosts.length === 0) {
      fail(this, `${prop}.hosts`, `must list at least one host such as "hello.example.com", got ${show(options.hosts)}`);
    }
    options.hosts.forEach((h, i) => checkHost(this, `${prop}.hosts[${i}]`, h));
    if (secure && !options.tls) {
      fail(this, `${prop}.tls`, `is required for a ${protocol} server; set { mode: GatewayTlsMode.SIMPLE, credentialName: '<secret>' }`);
    }
    if (!secure && options.tls) {
      fail(this, `${prop}.tls`, `is only for HTTPS and TLS servers (istiod rejects TLS settings on a plain-text ${protocol} port); use protocol HTTPS or TLS, or drop 'tls', got ${show(options.tls)}`);
    }
    if (options.tls) checkEnum(this, `${prop}.tls.mode`, options.tls.mode, GatewayTlsMode);
    const needsCredential = options.tls && (options.tls.mode === GatewayTlsMode.SIMPLE || options.tls.mode === GatewayTlsMode.MUTUAL);
    if (needsCredential && !options.tls!.credentialName) {
      fail(this, `${prop}.tls.credentialName`, `is required for TLS mode ${options.tls!.mode}: name the Secret holding the certificate`);
    }
    if (this.trafficApi === TrafficApi.GATEWAY_API) {
      this.listeners.push(...renderListeners(this, prop, { hosts: options.hosts, port, protocol, portName, tlsMode: options.tls?.mode, credentialName: options.tls?.credentialName }, this.listeners));
    }
    this.servers.push({
      port: { number: port, name: portName, protocol },
      hosts: [...options.hosts],
      ...(options.tls && { tls: { mode: options.tls.mode as never, ...(options.tls.credentialName && { credentialName: options.tls.credentialName }) } }),
    });
  }

  public servesHost(host: string): boolean | undefined {
    return this.servers.some(s => s.hosts.some(h => hostCovers(h, host)));
  }
}
