import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Gateway as GatewayApiResource } from '../../imports/gateway.networking.k8s.io';
import { checkDnsLabel, checkEnum } from '../private/checks';
import { fail, show } from '../private/errors';
import { patchesLast } from '../private/patches';
import { defaultNamespace } from '../private/scope';
import { registerWaypointUse, waypointKey } from '../private/waypoints';
import { MeshValidation } from '../validation/mesh-validation';
import { DataPlaneMode, IMeshNamespace, MeshNamespace } from '../workload/mesh-namespace';
import { MeshService } from '../workload/mesh-service';

/**
 * Which traffic a waypoint handles (label `istio.io/waypoint-for`).
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/#waypoint-traffic-types
 */
export enum WaypointFor {
  /** Traffic addressed to the services that use it (Istio's default). */
  SERVICE = 'service',
  /** Traffic addressed to pods directly (by pod IP). */
  WORKLOAD = 'workload',
  /** Both. */
  ALL = 'all',
  /** None: a waypoint that is deployed but handles nothing. */
  NONE = 'none',
}

/**
 * Props of {@link Waypoint}.
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/
 */
export interface WaypointProps {
  /**
   * The Gateway's name, also that of the Deployment and ServiceAccount istiod creates for it (no `-<class>` suffix for
   * class istio-waypoint: Istio 1.30.3 pilot/pkg/config/kube/gatewaycommon/classinfo.go), whose principal
   * `cluster.local/ns/<namespace>/sa/<name>` is the peer ztunnel sees behind the waypoint.
   * @default 'waypoint'
   */
  readonly name?: string;
  /**
   * The namespace it runs in.
   * @default the chart's namespace, or 'default'
   */
  readonly namespace?: IMeshNamespace;
  /**
   * Which traffic it handles.
   * @default WaypointFor.SERVICE
   */
  readonly trafficType?: WaypointFor;
}

/**
 * Options of {@link Waypoint.serve}.
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/#use-a-waypoint
 */
export interface WaypointServeOptions {
  /**
   * Whether ingress gateways send their traffic through the waypoint too (label `istio.io/ingress-use-waypoint=true`),
   * so that its policies also apply to requests from outside. By default a gateway sends straight to the pods.
   * @default false
   */
  readonly fromIngress?: boolean;
}

/**
 * A waypoint proxy of ambient mode: a Gateway API Gateway of class `istio-waypoint` with the HBONE listener
 * `mesh:15008`, from which istiod deploys an Envoy that handles the L7 traffic (routes, L7 authorization, JWT) of the
 * namespaces and services it {@link serve}s. Needs the Gateway API CRDs.
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/
 */
export class Waypoint extends Construct {
  /** The Gateway's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** Which traffic it handles. */
  public readonly trafficType: WaypointFor;
  /** The generated Gateway, for escape hatches. */
  public readonly resource: ApiObject;

  public constructor(scope: Construct, id: string, props: WaypointProps = {}) {
    super(scope, id);
    MeshValidation.of(this);
    this.name = checkDnsLabel(this, 'name', props.name ?? 'waypoint');
    // istiod reads istio.io/use-waypoint=none as "use no waypoint" (Istio 1.30.3 pilot/pkg/serviceregistry/ambient/waypoints.go getUseWaypoint).
    if (this.name === 'none') fail(this, 'name', 'must not be "none", which istio.io/use-waypoint reads as "use no waypoint", so serve(...) would opt its targets out; pick another name, got "none"');
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace?.name ?? defaultNamespace(this));
    this.trafficType = props.trafficType ?? WaypointFor.SERVICE;
    checkEnum(this, 'trafficType', this.trafficType, WaypointFor);
    this.resource = patchesLast(new GatewayApiResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: { 'istio.io/waypoint-for': this.trafficType } },
      spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
    }));
  }

  /**
   * Sends the traffic of an ambient namespace (all its services) or of one service through this waypoint
   * (label `istio.io/use-waypoint`, plus `istio.io/use-waypoint-namespace` from another namespace). Call it before
   * creating the policies that rely on it: they choose where they are enforced when they are created.
   */
  public serve(target: MeshNamespace | MeshService, options: WaypointServeOptions = {}): void {
    const isNamespace = target instanceof MeshNamespace;
    if (!isNamespace && !(target instanceof MeshService)) {
      fail(this, 'serve', `takes a MeshNamespace or a MeshService, got ${show(target)}`);
    }
    const namespace = isNamespace ? target.name : target.namespace;
    const dataPlane = target.dataPlane;
    const what = isNamespace ? `namespace ${namespace}` : `service ${namespace}/${target.name}`;
    if (dataPlane !== DataPlaneMode.AMBIENT) {
      fail(this, 'serve', `needs an ambient namespace (waypoints carry only the traffic of ambient pods), got ${what} in data-plane mode ${show(dataPlane ?? 'unknown')}; create it with dataPlane: DataPlaneMode.AMBIENT`);
    }
    if (this.trafficType === WaypointFor.NONE || (!isNamespace && this.trafficType === WaypointFor.WORKLOAD)) {
      fail(this, 'serve', `cannot carry the traffic of ${what}: the waypoint's trafficType is ${this.trafficType}; use WaypointFor.SERVICE or WaypointFor.ALL`);
    }
    const previous = registerWaypointUse(this, waypointKey(namespace, isNamespace ? undefined : target.name), {
      name: this.name,
      namespace: this.namespace,
      forServices: this.trafficType === WaypointFor.SERVICE || this.trafficType === WaypointFor.ALL,
      description: `waypoint ${this.namespace}/${this.name}`,
    });
    if (previous) fail(this, 'serve', `${what} already uses waypoint ${previous.namespace}/${previous.name}; a namespace or service has one waypoint`);
    const metadata = isNamespace ? target.resource.metadata : target.service.metadata;
    metadata.addLabel('istio.io/use-waypoint', this.name);
    if (this.namespace !== namespace) metadata.addLabel('istio.io/use-waypoint-namespace', this.namespace);
    if (options.fromIngress) metadata.addLabel('istio.io/ingress-use-waypoint', 'true');
  }
}
