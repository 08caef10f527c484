import { ApiObject, Lazy, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { VirtualService as VirtualServiceResource, VirtualServiceSpecHttp, VirtualServiceSpecTcp } from '../../imports/networking.istio.io';
import { checkDnsSubdomain, checkHost } from '../private/checks';
import { fail, propError, show } from '../private/errors';
import { annotateExternalHosts } from '../private/external-hosts';
import { renderHttpRoute, renderTcpRoute, RouteBinding } from '../private/http-route';
import { destinationRulesOf } from '../private/registry';
import type { DestinationRule } from './destination-rule';
import { defaultNamespace } from '../private/scope';
import { IMeshNamespace } from '../workload/mesh-namespace';
import { MeshService } from '../workload/mesh-service';
import { HttpRouteOptions } from './http-route';
import { IGateway } from './ingress-gateway';
import { RouteDestination } from './route-destination';
import { TcpRouteOptions } from './tcp-route';
import { MeshValidation } from '../validation/mesh-validation';
import { patchesLast } from '../private/patches';

/**
 * Props of {@link VirtualService}.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
export interface VirtualServiceProps {
  /** Hosts whose traffic it routes: external names for gateway traffic, or a service's `fqdn` for mesh traffic. */
  readonly hosts: string[];
  /**
   * The VirtualService's name.
   * @default a name derived from the construct path
   */
  readonly name?: string;
  /**
   * Its namespace.
   * @default the chart's namespace, or 'default'
   */
  readonly namespace?: IMeshNamespace;
  /**
   * Gateways whose traffic it routes.
   * @default none: it routes traffic inside the mesh only
   */
  readonly gateways?: IGateway[];
  /**
   * Whether it also routes traffic between sidecars (the reserved `mesh` gateway) when `gateways` are given.
   * @default true without gateways, false with gateways
   */
  readonly mesh?: boolean;
  /**
   * HTTP routes, evaluated in order; more can be added with `addHttpRoute`.
   * @default none (at least one HTTP or TCP route is required at synth)
   */
  readonly http?: HttpRouteOptions[];
  /**
   * TCP routes (for ports of a TCP protocol), evaluated in order; more can be added with `addTcpRoute`.
   * @default none
   */
  readonly tcp?: TcpRouteOptions[];
}

/**
 * A VirtualService (`networking.istio.io/v1`): ordered HTTP and TCP routes for some hosts, from gateways
 * and/or inside the mesh.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
export class VirtualService extends Construct {
  /** The VirtualService's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The hosts it routes. */
  public readonly hosts: string[];
  /** The generated VirtualService object, for escape hatches. */
  public readonly resource: ApiObject;
  private readonly gateways: readonly IGateway[];
  private readonly mesh: boolean;
  private readonly routes: { readonly options: HttpRouteOptions; readonly rendered: VirtualServiceSpecHttp }[] = [];
  private readonly tcpRoutes: { readonly options: TcpRouteOptions; readonly rendered: VirtualServiceSpecTcp }[] = [];

  public constructor(scope: Construct, id: string, props: VirtualServiceProps) {
    super(scope, id);
    MeshValidation.of(this);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? Names.toDnsLabel(this));
    this.namespace = props.namespace?.name ?? defaultNamespace(this);
    if (!Array.isArray(props.hosts) || props.hosts.length === 0) {
      fail(this, 'hosts', `must list at least one host, got ${show(props.hosts)}`);
    }
    props.hosts.forEach((h, i) => checkHost(this, `hosts[${i}]`, h));
    this.hosts = [...props.hosts];
    this.gateways = [...(props.gateways ?? [])];
    const mesh = props.mesh ?? this.gateways.length === 0;
    this.mesh = mesh;
    if (mesh && this.hosts.includes('*')) {
      fail(this, 'hosts', 'must not contain "*" for mesh traffic (istiod rejects it): name the service host, or bind the route to a gateway only with mesh: false');
    }
    if (!mesh && this.gateways.length === 0) {
      fail(this, 'mesh', 'is false and no gateways are given, so the routes would apply nowhere; add gateways or leave mesh unset');
    }
    const gatewayRefs = [...this.gateways.map(g => g.reference), ...(mesh && this.gateways.length > 0 ? ['mesh'] : [])];

    (props.http ?? []).forEach(r => this.addHttpRoute(r));
    (props.tcp ?? []).forEach(r => this.addTcpRoute(r));
    this.resource = patchesLast(new VirtualServiceResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        hosts: [...this.hosts],
        ...(gatewayRefs.length > 0 && { gateways: gatewayRefs }),
        http: Lazy.any({ produce: () => (this.routes.length > 0 ? this.routes.map(r => r.rendered) : undefined) }) as unknown as VirtualServiceSpecHttp[],
        tcp: Lazy.any({ produce: () => (this.tcpRoutes.length > 0 ? this.tcpRoutes.map(r => r.rendered) : undefined) }) as unknown as VirtualServiceSpecTcp[],
      },
    }));
    this.annotateExternal(this.destinations().map(d => d.destination));
    this.node.addValidation({ validate: () => this.checkReferences() });
  }

  /** Appends an HTTP route. Routes are evaluated in order, so add catch-all routes last. */
  public addHttpRoute(route: HttpRouteOptions): void {
    const prop = `http[${this.routes.length}]`;
    const previous = this.routes[this.routes.length - 1];
    if (previous && !previous.options.match?.length) {
      fail(this, `${prop}`, `can never match: http[${this.routes.length - 1}] has no 'match' and catches every request; add the catch-all route last`);
    }
    this.routes.push({ options: route, rendered: renderHttpRoute(this, prop, route, this.binding()) });
    if (this.resource) this.annotateExternal([...route.destinations ?? [], ...route.mirror ? [route.mirror] : []]);
  }

  /**
   * Appends a TCP route, for ports of a TCP protocol. Routes are evaluated in order, so add catch-all routes last.
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#TCPRoute
   */
  public addTcpRoute(route: TcpRouteOptions): void {
    const prop = `tcp[${this.tcpRoutes.length}]`;
    const previous = this.tcpRoutes[this.tcpRoutes.length - 1];
    if (previous && !previous.options.match?.length) {
      fail(this, `${prop}`, `can never match: tcp[${this.tcpRoutes.length - 1}] has no 'match' and catches every connection; add the catch-all route last`);
    }
    this.tcpRoutes.push({ options: route, rendered: renderTcpRoute(this, prop, route, this.binding()) });
    if (this.resource) this.annotateExternal(route.destinations);
  }

  private binding(): RouteBinding {
    return { gateways: this.gateways, mesh: this.mesh };
  }

  /** Every destination of the routes (mirrors included), with the prop that names it. */
  private destinations(): { readonly prop: string; readonly destination: RouteDestination }[] {
    return [
      ...this.routes.flatMap((r, i) => [
        ...(r.options.destinations ?? []).map((d, j) => ({ prop: `http[${i}].destinations[${j}]`, destination: d })),
        ...(r.options.mirror ? [{ prop: `http[${i}].mirror`, destination: r.options.mirror }] : []),
      ]),
      ...this.tcpRoutes.flatMap((r, i) => r.options.destinations.map((d, j) => ({ prop: `tcp[${i}].destinations[${j}]`, destination: d }))),
    ];
  }

  /** Services this app does not manage (`MeshService.fromName`) live elsewhere: say so to the validators. */
  private annotateExternal(destinations: readonly RouteDestination[]): void {
    const hosts = destinations.filter(d => !(d.service instanceof MeshService)).map(d => d.service.fqdn);
    if (hosts.length > 0) annotateExternalHosts(this.resource, hosts);
  }

  private checkReferences(): string[] {
    const errors: string[] = [];
    if (this.routes.length === 0 && this.tcpRoutes.length === 0) {
      errors.push(propError(this, `http`, `must list at least one route; call addHttpRoute({ destinations: [...] }) (or addTcpRoute for TCP ports)`));
    }
    // A gateway applies the routes of the hosts it serves. A gateway serving none of them is a mistake;
    // so is a host no gateway serves unless the routes also apply to the mesh.
    for (const gateway of this.gateways) {
      if (this.hosts.every(h => gateway.servesHost(h) === false)) {
        errors.push(propError(this, `gateways`, `entry ${gateway.reference} serves none of the hosts (${this.hosts.join(', ')}); add them to one of its servers`));
      }
    }
    if (!this.mesh) {
      for (const host of this.hosts) {
        if (this.gateways.every(g => g.servesHost(host) === false)) {
          errors.push(propError(this, `hosts`, `entry "${host}" is not served by any of the gateways (${this.gateways.map(g => g.reference).join(', ')}); add it to one of their servers`));
        }
      }
    }
    this.destinations().forEach(({ prop: at, destination: d }) => {
      if (d.subset === undefined || !(d.service instanceof MeshService)) return;
      const prop = `${at}.subset`;
      const rules = destinationRulesOf<DestinationRule>(d.service);
      if (rules.length === 0) {
        errors.push(propError(this, prop, `"${d.subset}" needs a DestinationRule for service ${d.service.name}, and there is none; add new DestinationRule(scope, id, { service })`));
        return;
      }
      const defined = rules.flatMap(rule => rule.subsetNames);
      if (!defined.includes(d.subset)) {
        errors.push(propError(this, prop, `"${d.subset}" is not a subset of service ${d.service.name} (subsets: ${defined.join(', ') || 'none'}); add a Workload with version "${d.subset}" or pick an existing subset`));
      }
    });
    return errors;
  }
}
