import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthorizationPolicy as AuthorizationPolicyResource, AuthorizationPolicySpecAction } from '../../imports/security.istio.io';
import { selects } from '../private/analysis/workloads';
import { checkDnsLabel, checkDnsSubdomain } from '../private/checks';
import { propError, show } from '../private/errors';
import { IngressGateway } from '../traffic/ingress-gateway';
import { TrafficApi } from '../traffic/traffic-api';
import { defaultNamespace } from '../private/scope';
import { DataPlaneMode, IMeshNamespace } from '../workload/mesh-namespace';
import { noSidecarWarning, principalOf } from '../private/security';
import { waypointsIn } from '../private/waypoints';
import { addWarnings } from '../private/warnings';
import { AuthorizationPolicy, PolicyAction } from './authorization-policy';
import { ISTIO_ROOT_NAMESPACE, PolicyTarget } from './policy-target';
import { MeshValidation } from '../validation/mesh-validation';
import { patchesLast } from '../private/patches';

/**
 * Props of {@link DenyByDefault}.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy
 */
export interface DenyByDefaultProps {
  /**
   * The namespace whose workloads accept nothing unless an ALLOW policy lets a request in. The root
   * namespace (istio-system) makes it mesh-wide, gateways included.
   * @default the chart's namespace, or 'default'
   */
  readonly namespace?: IMeshNamespace;
  /**
   * The AuthorizationPolicy's name.
   * @default 'allow-nothing'
   */
  readonly name?: string;
}

/**
 * An allow-nothing AuthorizationPolicy (`security.istio.io/v1`, `spec: {}`): every workload of the
 * namespace denies every request that no {@link AllowPolicy} (or {@link JwtProtectedService})
 * allows. It replaces Istio 1.0's RbacConfig `ON_WITH_INCLUSION`.
 *
 * In an ambient namespace it is enforced by ztunnel. For each {@link Waypoint} of the namespace that it or one of its
 * services uses, it also denies by default at the waypoint (`<name>-<waypoint>`, attached to the waypoint's Gateway),
 * and lets the waypoint's own identity through at ztunnel (`<name>-from-waypoints`): behind a waypoint, ztunnel sees
 * the waypoint as the peer, and the policies that name the real callers are enforced by the waypoint (istiod adds
 * no such policy itself unless `PILOT_AUTO_ALLOW_WAYPOINT_POLICY` is on: Istio 1.30.3 pilot/pkg/features/ambient.go).
 * Create the waypoints, and `serve` their namespaces and services, before this policy.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
 */
export class DenyByDefault extends Construct {
  /** The AuthorizationPolicy's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The generated AuthorizationPolicy object, for escape hatches. */
  public readonly resource: ApiObject;
  /** In ambient mode, the policies for the namespace's waypoints (described above); `[]` otherwise. */
  public readonly waypointPolicies: ApiObject[];

  public constructor(scope: Construct, id: string, props: DenyByDefaultProps = {}) {
    super(scope, id);
    MeshValidation.of(this);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace?.name ?? defaultNamespace(this));
    this.name = checkDnsSubdomain(this, 'name', props.name ?? 'allow-nothing');
    this.resource = patchesLast(new AuthorizationPolicyResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {},
    }));
    const waypoints = props.namespace?.dataPlane === DataPlaneMode.AMBIENT ? waypointsIn(this, this.namespace) : [];
    const own = waypoints.filter(w => w.namespace === this.namespace);
    this.waypointPolicies = [
      ...own.map(w => patchesLast(new AuthorizationPolicyResource(this, `Waypoint-${w.name}`, {
        metadata: { name: `${this.name}-${w.name}`, namespace: this.namespace },
        spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: w.name }] },
      }))),
      ...(waypoints.length > 0 ? [patchesLast(new AuthorizationPolicyResource(this, 'FromWaypoints', {
        metadata: { name: `${this.name}-from-waypoints`, namespace: this.namespace },
        spec: {
          action: AuthorizationPolicySpecAction.ALLOW,
          rules: [{ from: [{ source: { principals: waypoints.map(w => principalOf(w.namespace, w.name)) } }] }],
        },
      }))] : []),
    ];
    if (props.namespace?.dataPlane === DataPlaneMode.AMBIENT) {
      this.node.addValidation({
        validate: () => (waypointsIn(this, this.namespace).length === waypoints.length ? [] : [`${this.node.path}: 'namespace' ${this.namespace} uses waypoints that served it only after this policy was created, so it neither denies at them nor lets them through at ztunnel; create DenyByDefault after waypoint.serve(...)`]),
      });
    }
    const namespace = props.namespace ?? { name: this.namespace };
    const target = this.namespace === ISTIO_ROOT_NAMESPACE ? PolicyTarget.mesh(namespace) : PolicyTarget.fromNamespace(namespace);
    addWarnings(this, () => noSidecarWarning(this, target, 'AuthorizationPolicy', 'namespace'));
    this.node.addValidation({ validate: () => this.closedGateways() });
  }

  /**
   * Errors for the Gateway API Gateways of the chart whose pods this policy covers and no ALLOW policy of the chart
   * lets anything into: Istio deploys those pods in the Gateway's namespace (unlike its shared ingress gateway in
   * istio-system), and a selector-less policy there applies to them (Istio 1.30.3 pilot/pkg/model/policyattachment.go).
   */
  private closedGateways(): string[] {
    const all = Chart.of(this).node.findAll();
    const allows = all.filter((c): c is AuthorizationPolicy => c instanceof AuthorizationPolicy && c.action === PolicyAction.ALLOW);
    const covered = (gw: IngressGateway) => gw.trafficApi === TrafficApi.GATEWAY_API && (this.namespace === ISTIO_ROOT_NAMESPACE || gw.namespace === this.namespace);
    const allowed = (gw: IngressGateway) => allows.some(p => (p.target.namespace === gw.namespace || p.target.namespace === ISTIO_ROOT_NAMESPACE)
      && p.target.matchLabels !== undefined && selects(p.target.matchLabels, gw.selector));
    return all.filter((c): c is IngressGateway => c instanceof IngressGateway && covered(c) && !allowed(c)).map(gw => propError(this, 'namespace',
      `denies every request at the pods Istio deploys for Gateway API Gateway ${gw.reference} (they run in its namespace), so nothing gets in through it; `
      + `allow what it accepts with new AllowPolicy(scope, id, { target: PolicyTarget.fromGateway(gateway), rules: [...] }), or put the Gateway in another namespace, got ${show(this.namespace)}`));
  }
}
