import { ApiObject, Lazy, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { VirtualService as VirtualServiceResource, VirtualServiceSpecHttp } from '../../imports/networking.istio.io';
import { checkDnsSubdomain, checkHost } from '../private/checks';
import { fail, propError, show } from '../private/errors';
import { annotateExternalHosts } from '../private/external-hosts';
import { renderHttpRoute } from '../private/http-route';
import { destinationRulesOf } from '../private/registry';
import { defaultNamespace } from '../private/scope';
import { IMeshNamespace } from '../workload/mesh-namespace';
import { MeshService } from '../workload/mesh-service';
import { HttpRouteOptions } from './http-route';
import { IGateway } from './ingress-gateway';
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
   * @default none (at least one is required at synth)
   */
  readonly http?: HttpRouteOptions[];
}

/**
 * A VirtualService (`networking.istio.io/v1`): ordered HTTP routes for some hosts, from gateways
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
    this.resource = patchesLast(new VirtualServiceResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        hosts: [...this.hosts],
        ...(gatewayRefs.length > 0 && { gateways: gatewayRefs }),
        http: Lazy.any({ produce: () => this.routes.map(r => r.rendered) }) as unknown as VirtualServiceSpecHttp[],
      },
    }));
    this.routes.forEach(r => this.annotateExternal(r.options));
    this.node.addValidation({ validate: () => this.checkReferences() });
  }

  /** Appends an HTTP route. Routes are evaluated in order, so add catch-all routes last. */
  public addHttpRoute(route: HttpRouteOptions): void {
    const prop = `http[${this.routes.length}]`;
    const previous = this.routes[this.routes.length - 1];
    if (previous && !previous.options.match?.length) {
      fail(this, `${prop}`, `can never match: http[${this.routes.length - 1}] has no 'match' and catches every request; add the catch-all route last`);
    }
    this.routes.push({ options: route, rendered: renderHttpRoute(this, prop, route) });
    if (this.resource) this.annotateExternal(route);
  }

  /** Services this app does not manage (`MeshService.fromName`) live elsewhere: say so to the validators. */
  private annotateExternal(route: HttpRouteOptions): void {
    const hosts = route.destinations.filter(d => !(d.service instanceof MeshService)).map(d => d.service.fqdn);
    if (hosts.length > 0) annotateExternalHosts(this.resource, hosts);
  }

  private checkReferences(): string[] {
    const errors: string[] = [];
    if (this.routes.length === 0) {
      errors.push(propError(this, `http`, `must list at least one route; call addHttpRoute({ destinations: [...] })`));
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
    this.routes.forEach((route, r) => route.options.destinations.forEach((d, i) => {
      if (d.subset === undefined || !(d.service instanceof MeshService)) return;
      const prop = `http[${r}].destinations[${i}].subset`;
      const rules = destinationRulesOf(d.service);
      if (rules.length === 0) {
        errors.push(propError(this, prop, `"${d.subset}" needs a DestinationRule for service ${d.service.name}, and there is none; add new DestinationRule(scope, id, { service })`));
        return;
      }
      const defined = rules.flatMap(rule => rule.subsetNames);
      if (!defined.includes(d.subset)) {
        errors.push(propError(this, prop, `"${d.subset}" is not a subset of service ${d.service.name} (subsets: ${defined.join(', ') || 'none'}); add a Workload with version "${d.subset}" or pick an existing subset`));
      }
    }));
    return errors;
  }
}
