import { DataPlaneMode, IMeshNamespace } from '../workload/mesh-namespace';
import { MeshService } from '../workload/mesh-service';
import { IWorkload } from '../workload/workload';

/**
 * Istio's default root namespace (`meshConfig.rootNamespace`): a policy there without a selector applies to the whole mesh.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig
 */
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

/**
 * How far a security policy reaches.
 * @see https://istio.io/latest/docs/concepts/security/#authentication-policies
 */
export enum PolicyScope {
  /** Every workload of the mesh: a policy without selector in the root namespace. */
  MESH = 'MESH',
  /** Every workload of one namespace: a policy without selector. */
  NAMESPACE = 'NAMESPACE',
  /** The pods a label selector picks in one namespace. */
  WORKLOAD = 'WORKLOAD',
}

/**
 * Where a security policy is enforced.
 * @see https://istio.io/latest/docs/ambient/usage/l7-features/
 */
export enum EnforcementPoint {
  /** The targeted pods' sidecars (sidecar mode), attached by `selector`. */
  SIDECAR = 'sidecar',
  /** The ztunnel of the targeted pods' nodes (ambient mode, L4 attributes only), attached by `selector`. */
  ZTUNNEL = 'ztunnel',
  /** The waypoint the targeted service or namespace uses (ambient mode), attached by `targetRefs`. */
  WAYPOINT = 'waypoint',
}

/**
 * The workloads a security policy (PeerAuthentication, RequestAuthentication, AuthorizationPolicy) applies to.
 * @see https://istio.io/latest/docs/reference/config/type/workload-selector/
 */
export class PolicyTarget {
  /**
   * The whole mesh: the policy goes to the root namespace, without a selector.
   * @param rootNamespace the mesh's root namespace, `istio-system` unless `meshConfig.rootNamespace` says otherwise
   */
  public static mesh(rootNamespace?: IMeshNamespace): PolicyTarget {
    const ns = rootNamespace?.name ?? ISTIO_ROOT_NAMESPACE;
    return new PolicyTarget(PolicyScope.MESH, ns, undefined, rootNamespace?.injected, 'the mesh', undefined, undefined, rootNamespace?.dataPlane);
  }

  /** Every workload of namespace `ns`: the policy goes there, without a selector. */
  public static fromNamespace(ns: IMeshNamespace): PolicyTarget {
    return new PolicyTarget(PolicyScope.NAMESPACE, ns?.name, undefined, ns?.injected, `namespace ${ns?.name}`, undefined, undefined, ns?.dataPlane);
  }

  /** Every workload (all versions) of `service`: selector `app=<name>` in its namespace. */
  public static fromService(service: MeshService): PolicyTarget {
    return new PolicyTarget(PolicyScope.WORKLOAD, service?.namespace, service && { app: service.name }, service?.injected,
      `service ${service?.namespace}/${service?.name}`, service, undefined, service?.dataPlane);
  }

  /** The pods of one Deployment: selector on its `app`, `version` and `app.kubernetes.io/instance` labels. */
  public static fromWorkload(workload: IWorkload): PolicyTarget {
    return new PolicyTarget(PolicyScope.WORKLOAD, workload?.service.namespace, workload && { ...workload.labels }, workload?.service.injected,
      `workload ${workload?.service.namespace}/${workload?.name}`, workload?.service, workload, workload?.service.dataPlane);
  }

  /**
   * Pods selected by labels in namespace `ns`, for workloads this app does not manage (e.g. a gateway:
   * `PolicyTarget.selector(MeshNamespace.fromName('istio-system'), { istio: 'ingressgateway' })`).
   */
  public static selector(ns: IMeshNamespace, matchLabels: Record<string, string>): PolicyTarget {
    return new PolicyTarget(PolicyScope.WORKLOAD, ns?.name, matchLabels, ns?.injected,
      `workloads ${JSON.stringify(matchLabels)} in namespace ${ns?.name}`, undefined, undefined, ns?.dataPlane);
  }

  private constructor(
    /** How far it reaches. */
    public readonly scope: PolicyScope,
    /** The namespace the policy object goes to. */
    public readonly namespace: string,
    /** The selector's labels; `undefined` for mesh and namespace policies. */
    public readonly matchLabels: Readonly<Record<string, string>> | undefined,
    /** Whether the targeted pods have sidecars, if known. */
    public readonly injected: boolean | undefined,
    /** Human-readable description for messages, e.g. `service ns1/hello`. */
    public readonly description: string,
    /** The service, when built from a MeshService or Workload. */
    public readonly service?: MeshService,
    /** The workload, when built from a Workload. */
    public readonly workload?: IWorkload,
    /** The data-plane mode of the targeted namespace, if known (sidecar mode is assumed otherwise). */
    public readonly dataPlane?: DataPlaneMode,
  ) {}

  /** The name a policy for this target gets by default: the workload or service name, or `undefined` (derive one). */
  public get defaultName(): string | undefined {
    return this.workload?.name ?? this.service?.name;
  }

  /** The container ports of the targeted service, when it is known. */
  public get containerPorts(): number[] | undefined {
    return this.service?.ports.map(p => p.targetPort);
  }
}
