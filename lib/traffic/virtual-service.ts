import { ApiObject, Lazy, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpRoute as HttpRouteResource, HttpRouteSpecRules, ReferenceGrant } from '../../imports/gateway.networking.k8s.io';
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
import { attachRoute, GATEWAY_API_LIMITS, matchCount, notInGatewayApi, renderRule, serviceOfHost, ServiceRef } from '../private/gateway-api';
import { TrafficApi, TrafficApiSetting } from './traffic-api';

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
 * and/or inside the mesh. With `TrafficApi.GATEWAY_API` it emits an HTTPRoute instead: its parents are the gateways, or
 * for mesh traffic the Services of its hosts (GAMMA); subsets route to per-version Services; a ReferenceGrant is added in
 * each other namespace whose Services it routes to. What Gateway API cannot say (retries, faults, TCP routes, ...) fails.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 * @see https://istio.io/latest/docs/tasks/traffic-management/request-routing/
 */
export class VirtualService extends Construct {
  /** The VirtualService's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The hosts it routes. */
  public readonly hosts: string[];
  /** The generated VirtualService object (or HTTPRoute, with Gateway API), for escape hatches. */
  public readonly resource: ApiObject;
  /** The API it emits. */
  public readonly trafficApi: TrafficApi;
  private readonly gateways: readonly IGateway[];
  private readonly mesh: boolean;
  private readonly routes: { readonly options: HttpRouteOptions; readonly rendered: VirtualServiceSpecHttp }[] = [];
  private readonly tcpRoutes: { readonly options: TcpRouteOptions; readonly rendered: VirtualServiceSpecTcp }[] = [];
  private readonly rules: object[] = [];
  /** With Gateway API: per other namespace, the Services routed to there, which its ReferenceGrant names. */
  private readonly grants = new Map<string, Set<string>>();

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
    this.trafficApi = TrafficApiSetting.of(this);
    this.gateways.forEach((g, i) => attachRoute(this, `gateways[${i}]`, g, this.trafficApi, this.namespace));

    (props.http ?? []).forEach(r => this.addHttpRoute(r));
    (props.tcp ?? []).forEach(r => this.addTcpRoute(r));
    this.resource = patchesLast(this.trafficApi === TrafficApi.GATEWAY_API ? this.httpRoute(props.mesh) : new VirtualServiceResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        hosts: [...this.hosts],
        ...(this.gatewayRefs().length > 0 && { gateways: this.gatewayRefs() }),
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
    const rendered = renderHttpRoute(this, prop, route, this.binding());
    if (this.trafficApi === TrafficApi.GATEWAY_API) {
      if (this.routes.length >= GATEWAY_API_LIMITS.rules) {
        fail(this, prop, `is one route too many: an HTTPRoute has at most ${GATEWAY_API_LIMITS.rules} rules (Gateway API's limit); split the routes over several VirtualServices`);
      }
      if (route.name !== undefined && this.routes.some(r => r.options.name === route.name)) {
        fail(this, `${prop}.name`, `must be unique within an HTTPRoute (Gateway API requires unique rule names), got ${show(route.name)} twice; rename one`);
      }
      const rule = renderRule(this, prop, route, { namespace: this.namespace, onBackend: ref => this.grant(ref) });
      const total = this.rules.reduce((n, r) => n + matchCount(r), matchCount(rule));
      if (total > GATEWAY_API_LIMITS.totalMatches) {
        fail(this, `${prop}.match`, `brings the route's matches to ${total}, and an HTTPRoute has fewer than 128 in all (Gateway API's limit); split the routes over several VirtualServices`);
      }
      this.rules.push(rule);
    }
    this.routes.push({ options: route, rendered });
    if (this.resource) this.annotateExternal([...route.destinations ?? [], ...route.mirror ? [route.mirror] : []]);
  }

  /**
   * Appends a TCP route, for ports of a TCP protocol. Routes are evaluated in order, so add catch-all routes last.
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#TCPRoute
   */
  public addTcpRoute(route: TcpRouteOptions): void {
    const prop = `tcp[${this.tcpRoutes.length}]`;
    if (this.trafficApi === TrafficApi.GATEWAY_API) notInGatewayApi(this, prop, route.match ?? [], 'TCPRoute is in the experimental channel only');
    const previous = this.tcpRoutes[this.tcpRoutes.length - 1];
    if (previous && !previous.options.match?.length) {
      fail(this, `${prop}`, `can never match: tcp[${this.tcpRoutes.length - 1}] has no 'match' and catches every connection; add the catch-all route last`);
    }
    this.tcpRoutes.push({ options: route, rendered: renderTcpRoute(this, prop, route, this.binding()) });
    if (this.resource) this.annotateExternal(route.destinations);
  }

  /** Istio's `gateways`: `<namespace>/<name>` of each gateway, and `mesh` when it routes mesh traffic too. */
  private gatewayRefs(): string[] {
    return [...this.gateways.map(g => g.reference), ...(this.mesh && this.gateways.length > 0 ? ['mesh'] : [])];
  }

  /**
   * The HTTPRoute: the gateways as parents with the hosts as hostnames, or for mesh traffic the hosts' Services (GAMMA).
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
   * @see https://gateway-api.sigs.k8s.io/mesh/
   */
  private httpRoute(mesh: boolean | undefined): ApiObject {
    if (this.gateways.length > 0 && this.mesh) {
      notInGatewayApi(this, 'mesh', mesh ?? true, 'an HTTPRoute on a gateway uses the hostnames, one for the mesh ignores them, so one route cannot do both', 'use one VirtualService for the gateways and one for the mesh');
    }
    if (this.gateways.length > GATEWAY_API_LIMITS.parentRefs) fail(this, 'gateways', `must list at most ${GATEWAY_API_LIMITS.parentRefs} gateways (Gateway API's limit), got ${this.gateways.length}`);
    const here = (ns: string) => (ns === this.namespace ? {} : { namespace: ns });
    // A Service named by several hosts (`hello`, `hello.shop.svc.cluster.local`) is one parent.
    const parentRefs = this.mesh
      ? [...new Set(this.hosts.map((h, i) => {
        const s = serviceOfHost(this, `hosts[${i}]`, h, this.namespace);
        if (s.namespace !== this.namespace) {
          fail(this, `hosts[${i}]`, `is a Service of namespace ${s.namespace}, and an HTTPRoute in ${this.namespace} would apply only to callers in ${this.namespace} (a GAMMA consumer route), got ${show(h)}; give the VirtualService namespace ${s.namespace}`);
        }
        return s.name;
      }))].map(name => ({ group: '', kind: 'Service', name }))
      : this.gateways.map(g => ({ name: g.name, ...here(g.namespace) }));
    const hostnames = this.mesh || this.hosts.includes('*') ? [] : this.hosts;
    if (hostnames.length > GATEWAY_API_LIMITS.hostnames) fail(this, 'hosts', `must list at most ${GATEWAY_API_LIMITS.hostnames} hosts for an HTTPRoute (Gateway API's limit), got ${hostnames.length}`);
    return new HttpRouteResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        parentRefs,
        ...(hostnames.length > 0 && { hostnames: [...hostnames] }),
        rules: Lazy.any({ produce: () => this.rules }) as unknown as HttpRouteSpecRules[],
      },
    });
  }

  /** Adds `ref` to the ReferenceGrant of its namespace, created on first use, when it is not the route's. */
  private grant(ref: ServiceRef): void {
    if (ref.namespace === this.namespace) return;
    const names = this.grants.get(ref.namespace) ?? new Set<string>();
    if (!this.grants.has(ref.namespace)) {
      this.grants.set(ref.namespace, names);
      patchesLast(new ReferenceGrant(this, `ReferenceGrant-${ref.namespace}`, {
        metadata: { name: checkDnsSubdomain(this, 'name', `httproute-${this.namespace}-${this.name}`), namespace: ref.namespace },
        spec: {
          from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: this.namespace }],
          to: Lazy.any({ produce: () => [...names].sort().map(name => ({ group: '', kind: 'Service', name })) }) as never,
        },
      }));
    }
    names.add(ref.name);
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
      if (this.trafficApi === TrafficApi.GATEWAY_API) {
        const versions = d.service.versions ?? [];
        if (!versions.includes(d.subset)) {
          errors.push(propError(this, prop, `"${d.subset}" is not the version of any workload of service ${d.service.name} (versions: ${versions.join(', ') || 'none'}), so its per-version Service ${d.service.name}-${d.subset} selects no pods; add a Workload with version "${d.subset}"`));
        }
        return;
      }
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
