import { show } from '../private/errors';
import type { IngressGateway } from '../traffic/ingress-gateway';
import { TrafficApi } from '../traffic/traffic-api';
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
   * The pods that serve `gateway`, following its traffic API: for a Gateway API Gateway, those Istio deploys for it,
   * bound by `targetRefs` to the Gateway (in its namespace; they carry `gateway.networking.k8s.io/gateway-name: <name>`);
   * for Istio's API, the pods of its `selector`, in istio-system where `istioctl install` puts the ingress gateway (the
   * root namespace, so the selector reaches such pods in every namespace). `targetRefs`, not a selector, for Gateway API:
   * istiod applies a selector to a Gateway API gateway's pods only while ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY is on,
   * and `istioctl analyze` warns of it (IST0166). PeerAuthentication and Sidecar, which have no `targetRefs`, select
   * the pods by that label.
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy-target_refs
   * @see https://istio.io/latest/docs/reference/config/analysis/ist0166/
   * @see Istio 1.30.3 pilot/pkg/model/policyattachment.go ShouldAttachPolicy
   */
  public static fromGateway(gateway: IngressGateway): PolicyTarget {
    const api = (gateway as IngressGateway | undefined)?.trafficApi;
    if (api === undefined) {
      throw new Error(`PolicyTarget.fromGateway: 'gateway' must be an IngressGateway of this app (for pods it does not manage, PolicyTarget.selector(ns, labels)), got ${show((gateway as { reference?: string } | undefined)?.reference ?? gateway)}`);
    }
    if (api === TrafficApi.ISTIO) {
      return new PolicyTarget(PolicyScope.WORKLOAD, ISTIO_ROOT_NAMESPACE, { ...gateway.selector }, true, `the ingress gateway pods ${JSON.stringify(gateway.selector)} of gateway ${gateway.reference}`);
    }
    const target = new PolicyTarget(PolicyScope.WORKLOAD, gateway.namespace, { ...gateway.selector }, true, `the pods of gateway ${gateway.reference}`);
    target._gatewayName = gateway.name;
    return target;
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

  /** @internal The Gateway API Gateway the policy binds by `targetRefs` instead of a selector (`fromGateway`). */
  public _gatewayName?: string;

  /**
   * @internal The spec fields that bind a policy supporting `targetRefs` (AuthorizationPolicy, RequestAuthentication,
   * Telemetry) to this target: `targetRefs` to a Gateway API Gateway, else `selector`, else nothing.
   */
  public _binding(): { selector?: { matchLabels: Record<string, string> }; targetRefs?: { group: string; kind: string; name: string }[] } {
    if (this._gatewayName !== undefined) return { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: this._gatewayName }] };
    return this.matchLabels ? { selector: { matchLabels: { ...this.matchLabels } } } : {};
  }

  /** The name a policy for this target gets by default: the workload or service name, or `undefined` (derive one). */
  public get defaultName(): string | undefined {
    return this.workload?.name ?? this.service?.name;
  }

  /** The container ports of the targeted service, when it is known. */
  public get containerPorts(): number[] | undefined {
    return this.service?.ports.map(p => p.targetPort);
  }
}
