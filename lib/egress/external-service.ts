import { isIP } from 'node:net';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  DestinationRule as DestinationRuleResource,
  Gateway as GatewayResource,
  GatewaySpecServers,
  ServiceEntry as ServiceEntryResource,
  ServiceEntrySpecLocation,
  ServiceEntrySpecResolution,
  VirtualService as VirtualServiceResource,
  VirtualServiceSpecHttp,
  VirtualServiceSpecTls,
} from '../../imports/networking.istio.io';
import { IstioInstallation } from '../install/istio-installation';
import { checkDnsLabel, checkDnsSubdomain, checkEnum, checkPortNumber } from '../private/checks';
import { fail, show } from '../private/errors';
import { hostCovers } from '../private/hosts';
import { defaultNamespace } from '../private/scope';
import { IMeshNamespace } from '../workload/mesh-namespace';
import { MeshValidation } from '../validation/mesh-validation';
import { EgressRouting } from './egress-routing';
import { annotateExternalHosts } from '../private/external-hosts';
import { FQDN } from '../private/dns';
import { patchesLast } from '../private/patches';

/**
 * The protocol of a port of an external service, as the ServiceEntry declares it.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServicePort
 */
export enum ExternalProtocol {
  HTTP = 'HTTP',
  HTTP2 = 'HTTP2',
  GRPC = 'GRPC',
  /** TLS that the client originates (e.g. `curl https://...`); routed by SNI like TLS. */
  HTTPS = 'HTTPS',
  TLS = 'TLS',
  TCP = 'TCP',
  MONGO = 'MONGO',
}

/**
 * How the sidecar finds the addresses of an external service.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServiceEntry-Resolution
 */
export enum ExternalResolution {
  /** Resolve the host names through DNS (the course's setting). Hosts must not be wildcards. */
  DNS = 'DNS',
  /** Like DNS, but connect to one address at a time (for large DNS answers). */
  DNS_ROUND_ROBIN = 'DNS_ROUND_ROBIN',
  /** Keep the address the application resolved itself; the only choice for wildcard hosts. */
  NONE = 'NONE',
}

/**
 * One port of an {@link ExternalService}.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServicePort
 */
export interface ExternalPortOptions {
  /** The port the application connects to, 1–65535. */
  readonly number: number;
  /**
   * The protocol.
   * @default ExternalProtocol.HTTP
   */
  readonly protocol?: ExternalProtocol;
  /**
   * The port name, a DNS-1123 label unique within the service.
   * @default `<protocol>-<number>` in lowercase, e.g. `https-443`
   */
  readonly name?: string;
  /**
   * For HTTPS and TLS ports: the SNI host names that the `tls` routes match, each one of the
   * service's hosts or within a wildcard one. (The course's `sni_hosts` is `sniHosts` in today's API.)
   * @default the service's hosts
   */
  readonly sniHosts?: string[];
  /**
   * The port the connection is sent to on the external host, 1–65535, e.g. 443 for an HTTP port whose traffic a
   * DestinationRule upgrades to TLS (TLS origination).
   * @default the same as `number`
   * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-tls-origination/
   */
  readonly targetPort?: number;
}

/**
 * A resolved port of an {@link ExternalService}.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServicePort
 */
export interface ExternalPort {
  /** The port number. */
  readonly number: number;
  /** The protocol. */
  readonly protocol: ExternalProtocol;
  /** The port name. */
  readonly name: string;
  /** The SNI hosts routed on it; empty unless the protocol is HTTPS or TLS. */
  readonly sniHosts: string[];
  /**
   * The port the connection is sent to, when not `number`.
   * @default the same as `number`
   */
  readonly targetPort?: number;
}

/**
 * Props of {@link ExternalService}.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServicePort
 */
export interface ExternalServiceProps {
  /** Fully qualified host names of the service, e.g. `ifconfig.co`; `*.example.com` needs `ExternalResolution.NONE`. */
  readonly hosts: string[];
  /** The ports the mesh may use. */
  readonly ports: ExternalPortOptions[];
  /**
   * How addresses are found.
   * @default ExternalResolution.DNS
   */
  readonly resolution?: ExternalResolution;
  /**
   * The name of the ServiceEntry and VirtualService.
   * @default the first host with '.' replaced by '-' (`ifconfig-co`), `*.` becoming `wildcard-`
   */
  readonly name?: string;
  /**
   * Their namespace. The ServiceEntry is visible to every namespace.
   * @default the chart's namespace, or 'default'
   */
  readonly namespace?: IMeshNamespace;
  /**
   * Whether traffic goes straight out of each sidecar or through the egress gateway.
   * @default EgressRouting.direct()
   */
  readonly egress?: EgressRouting;
}

const TLS_PROTOCOLS: readonly ExternalProtocol[] = [ExternalProtocol.HTTPS, ExternalProtocol.TLS];
const HTTP_PROTOCOLS: readonly ExternalProtocol[] = [ExternalProtocol.HTTP, ExternalProtocol.HTTP2, ExternalProtocol.GRPC];

/**
 * A service outside the mesh (`location: MESH_EXTERNAL`) that workloads may call: a ServiceEntry
 * (`networking.istio.io/v1`) with its hosts, ports and resolution, which is what makes it reachable
 * when the mesh's outbound policy is REGISTRY_ONLY. HTTPS/TLS ports get a VirtualService with `tls`
 * routes matched by port and `sniHosts`. With `EgressRouting.viaEgressGateway()` the traffic leaves
 * through the egress gateway instead: Gateway, DestinationRule subset and a two-hop VirtualService,
 * as in Istio's "Egress Gateways" task (TLS passed through by SNI).
 * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/
 */
export class ExternalService extends Construct {
  /** The name of the ServiceEntry (and VirtualService). */
  public readonly name: string;
  /** Their namespace. */
  public readonly namespace: string;
  /** The hosts. */
  public readonly hosts: string[];
  /** The ports. */
  public readonly ports: ExternalPort[];
  /** The resolution. */
  public readonly resolution: ExternalResolution;
  /** How traffic leaves the mesh. */
  public readonly egress: EgressRouting;
  /** The generated ServiceEntry object, for escape hatches. */
  public readonly resource: ApiObject;
  /** The VirtualService with the `tls` routes (and, via the egress gateway, the `http` routes), if any. */
  public readonly virtualService?: ApiObject;
  /** The Gateway on the egress gateway, when routed through it. */
  public readonly gateway?: ApiObject;
  /** The DestinationRule defining the egress gateway subset, when routed through it. */
  public readonly gatewayDestinationRule?: ApiObject;

  public constructor(scope: Construct, id: string, props: ExternalServiceProps) {
    super(scope, id);
    MeshValidation.of(this);
    this.hosts = this.checkHosts(props.hosts);
    this.resolution = props.resolution ?? ExternalResolution.DNS;
    checkEnum(this, 'resolution', this.resolution, ExternalResolution);
    const wildcard = this.hosts.find(h => h.startsWith('*.'));
    if (wildcard !== undefined && this.resolution !== ExternalResolution.NONE) {
      fail(this, 'resolution', `must be ExternalResolution.NONE for the wildcard host ${show(wildcard)}: ${this.resolution} resolves the host names themselves, and a wildcard cannot be resolved; got ${show(this.resolution)}`);
    }
    this.name = checkDnsSubdomain(this, 'name', props.name ?? defaultName(this.hosts[0]));
    this.namespace = props.namespace?.name ?? defaultNamespace(this);
    this.ports = this.checkPorts(props.ports);
    this.egress = props.egress ?? EgressRouting.direct();
    if (!(this.egress instanceof EgressRouting)) {
      fail(this, 'egress', `must be EgressRouting.direct() or EgressRouting.viaEgressGateway(), got ${show(this.egress)}`);
    }

    this.resource = patchesLast(new ServiceEntryResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        hosts: [...this.hosts],
        ports: this.ports.map(p => ({ number: p.number, name: p.name, protocol: p.protocol, targetPort: p.targetPort })),
        resolution: this.resolution as string as ServiceEntrySpecResolution,
        location: ServiceEntrySpecLocation.MESH_UNDERSCORE_EXTERNAL,
      },
    }));

    if (this.egress.viaGateway) {
      const parts = this.routeThroughGateway();
      this.gateway = parts.gateway;
      this.gatewayDestinationRule = parts.destinationRule;
      this.virtualService = parts.virtualService;
    } else {
      this.virtualService = this.routeDirectly();
    }
  }

  private checkHosts(hosts: readonly string[]): string[] {
    if (!Array.isArray(hosts) || hosts.length === 0) {
      fail(this, 'hosts', `must list at least one host such as "ifconfig.co", got ${show(hosts)}`);
    }
    hosts.forEach((h, i) => {
      const name = typeof h === 'string' && h.startsWith('*.') ? h.slice(2) : h;
      if (typeof name !== 'string' || isIP(name) !== 0 || name.length > 253 || !FQDN.test(name)) {
        fail(this, `hosts[${i}]`, `must be a fully qualified lowercase DNS name such as "ifconfig.co", optionally with a leading "*." (IP addresses and short names are not host names), got ${show(h)}`);
      }
      if (name.endsWith('.cluster.local')) {
        fail(this, `hosts[${i}]`, `is a Kubernetes Service name, which is already in the mesh registry; an ExternalService is for hosts outside the cluster, got ${show(h)}`);
      }
      if (hosts.indexOf(h) !== i) fail(this, `hosts[${i}]`, `must be unique, got ${show(h)} twice`);
    });
    return [...hosts];
  }

  private checkPorts(options: readonly ExternalPortOptions[]): ExternalPort[] {
    if (!Array.isArray(options) || options.length === 0) {
      fail(this, 'ports', `must list at least one port such as { number: 443, protocol: ExternalProtocol.HTTPS }, got ${show(options)}`);
    }
    const ports = options.map((o, i) => {
      const prop = `ports[${i}]`;
      checkPortNumber(this, `${prop}.number`, o.number);
      const protocol = o.protocol ?? ExternalProtocol.HTTP;
      checkEnum(this, `${prop}.protocol`, protocol, ExternalProtocol);
      const name = checkDnsLabel(this, `${prop}.name`, o.name ?? `${protocol.toLowerCase()}-${o.number}`);
      const tls = TLS_PROTOCOLS.includes(protocol);
      if (!tls && o.sniHosts !== undefined) {
        fail(this, `${prop}.sniHosts`, `applies to HTTPS and TLS ports only (SNI is part of the TLS handshake), got ${show(o.sniHosts)} on a ${protocol} port`);
      }
      const sniHosts = tls ? this.checkSniHosts(`${prop}.sniHosts`, o.sniHosts ?? this.hosts) : [];
      if (o.targetPort !== undefined) checkPortNumber(this, `${prop}.targetPort`, o.targetPort);
      return { number: o.number, protocol, name, sniHosts, ...(o.targetPort !== undefined && { targetPort: o.targetPort }) };
    });
    for (const key of ['number', 'name'] as const) {
      ports.forEach((p, i) => {
        if (ports.findIndex(q => q[key] === p[key]) !== i) fail(this, `ports[${i}].${key}`, `must be unique, got ${show(p[key])} twice`);
      });
    }
    return ports;
  }

  private checkSniHosts(prop: string, sniHosts: readonly string[]): string[] {
    if (!Array.isArray(sniHosts) || sniHosts.length === 0) {
      fail(this, prop, `must list at least one SNI host (a tls route matches on it), e.g. ${show(this.hosts[0])}; leave it unset to use the service's hosts, got ${show(sniHosts)}`);
    }
    sniHosts.forEach((s, i) => {
      if (typeof s !== 'string' || !this.hosts.some(h => hostCovers(h, s))) {
        fail(this, `${prop}[${i}]`, `must be one of the hosts (${this.hosts.join(', ')}) or within a wildcard one, got ${show(s)}`);
      }
    });
    return [...sniHosts];
  }

  /** The course's VirtualService: `tls` routes for HTTPS/TLS ports, each SNI host to itself. Wildcard SNI hosts need none. */
  private routeDirectly(): VirtualServiceResource | undefined {
    const tls: VirtualServiceSpecTls[] = this.ports.flatMap(p => p.sniHosts.filter(s => !s.startsWith('*')).map(sni => ({
      match: [{ port: p.number, sniHosts: [sni] }],
      route: [{ destination: { host: sni, port: { number: p.number } }, weight: 100 }],
    })));
    if (tls.length === 0) return undefined;
    return patchesLast(new VirtualServiceResource(this, 'Route', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: { hosts: [...this.hosts], tls },
    }));
  }

  private routeThroughGateway(): { gateway: GatewayResource; destinationRule: DestinationRuleResource; virtualService: VirtualServiceResource } {
    const egress = this.egress;
    if (this.hosts.length !== 1 || this.hosts[0].startsWith('*')) {
      fail(this, 'hosts', `must be exactly one host without wildcard when routing through the egress gateway (it forwards to that host; use one ExternalService per host), got ${show(this.hosts)}`);
    }
    const host = this.hosts[0];
    checkPortNumber(this, 'egress.httpPort', egress.httpPort);
    checkPortNumber(this, 'egress.tlsPort', egress.tlsPort);
    if (Object.keys(egress.selector).length === 0) {
      fail(this, 'egress.selector', 'must name at least one label of the egress gateway pods, e.g. { istio: "egressgateway" }; got {}');
    }
    checkDnsLabel(this, 'egress.serviceName', egress.gatewayService);
    checkDnsLabel(this, 'egress.namespace', egress.gatewayNamespace);
    const gatewayPorts = this.ports.map((p, i) => {
      if (TLS_PROTOCOLS.includes(p.protocol)) return egress.tlsPort;
      if (HTTP_PROTOCOLS.includes(p.protocol)) return egress.httpPort;
      return fail(this, `ports[${i}].protocol`, `cannot go through the egress gateway: ${p.protocol} carries no host name to route on; use HTTP, HTTP2, GRPC, HTTPS or TLS, or EgressRouting.direct(), got ${show(p.protocol)}`);
    });
    gatewayPorts.forEach((g, i) => {
      const first = gatewayPorts.indexOf(g);
      if (first !== i) {
        fail(this, `ports[${i}]`, `would share egress gateway port ${g} with ports[${first}] (${this.ports[first].number}), so the gateway could not tell which port to forward to; route one of them directly, got ${this.ports[i].number}`);
      }
    });

    const gatewayName = `${this.name}-egressgateway`;
    const subset = this.name.replace(/\./g, '-').slice(0, 63).replace(/-+$/, '');
    const servers: GatewaySpecServers[] = this.ports.map((p, i) => {
      const tls = TLS_PROTOCOLS.includes(p.protocol);
      const protocol = tls ? 'TLS' : p.protocol === ExternalProtocol.HTTP ? 'HTTP' : 'HTTP2';
      return {
        port: { number: gatewayPorts[i], name: `${protocol.toLowerCase()}-${gatewayPorts[i]}`, protocol },
        hosts: [host],
        ...(tls && { tls: { mode: 'PASSTHROUGH' as never } }),
      };
    });
    const gateway = patchesLast(new GatewayResource(this, 'Gateway', {
      metadata: { name: gatewayName, namespace: this.namespace },
      spec: { selector: { ...egress.selector }, servers },
    }));
    const destinationRule = patchesLast(new DestinationRuleResource(this, 'GatewaySubset', {
      metadata: { name: `egressgateway-for-${this.name}`, namespace: this.namespace },
      spec: { host: egress.gatewayHost, subsets: [{ name: subset }] },
    }));

    const gatewayRef = `${this.namespace}/${gatewayName}`;
    const toGateway = (port: number) => [{ destination: { host: egress.gatewayHost, subset, port: { number: port } }, weight: 100 }];
    const toHost = (port: number) => [{ destination: { host, port: { number: port } }, weight: 100 }];
    const http: VirtualServiceSpecHttp[] = [];
    const tls: VirtualServiceSpecTls[] = [];
    this.ports.forEach((p, i) => {
      const g = gatewayPorts[i];
      if (TLS_PROTOCOLS.includes(p.protocol)) {
        tls.push(
          { match: [{ gateways: ['mesh'], port: p.number, sniHosts: [...p.sniHosts] }], route: toGateway(g) },
          { match: [{ gateways: [gatewayRef], port: g, sniHosts: [...p.sniHosts] }], route: toHost(p.number) },
        );
      } else {
        http.push(
          { match: [{ gateways: ['mesh'], port: p.number }], route: toGateway(g) },
          { match: [{ gateways: [gatewayRef], port: g }], route: toHost(p.number) },
        );
      }
    });
    const virtualService = patchesLast(new VirtualServiceResource(this, 'Route', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        hosts: [host],
        gateways: [gatewayRef, 'mesh'],
        ...(http.length > 0 && { http }),
        ...(tls.length > 0 && { tls }),
      },
    }));
    // The egress gateway's Service is installed with Istio, outside the manifests.
    annotateExternalHosts(virtualService, [egress.gatewayHost]);
    this.node.addValidation({ validate: () => this.checkEgressGatewayInstalled() });
    return { gateway, destinationRule, virtualService };
  }

  /** When the app holds IstioInstallations, one of them must install the egress gateway. */
  private checkEgressGatewayInstalled(): string[] {
    const installations = IstioInstallation.allIn(this);
    if (installations.length === 0 || installations.some(i => i.installsEgressGateway)) return [];
    const names = installations.map(i => `${i.node.path} (profile ${i.profile})`).join(', ');
    return [`${this.node.path}: 'egress' routes through the egress gateway, but no IstioInstallation installs one: ${names}; set egressGateway: true there, or use EgressRouting.direct()`];
  }
}

function defaultName(host: string): string {
  return host.replace(/^\*\./, 'wildcard-').replace(/\./g, '-');
}
