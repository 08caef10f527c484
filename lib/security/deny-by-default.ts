import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthorizationPolicy as AuthorizationPolicyResource } from '../../imports/security.istio.io';
import { selects } from '../private/analysis/workloads';
import { checkDnsLabel, checkDnsSubdomain } from '../private/checks';
import { propError, show } from '../private/errors';
import { IngressGateway } from '../traffic/ingress-gateway';
import { TrafficApi } from '../traffic/traffic-api';
import { defaultNamespace } from '../private/scope';
import { IMeshNamespace } from '../workload/mesh-namespace';
import {
  noSidecarWarning,
} from '../private/security';
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
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy
 */
export class DenyByDefault extends Construct {
  /** The AuthorizationPolicy's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The generated AuthorizationPolicy object, for escape hatches. */
  public readonly resource: ApiObject;

  public constructor(scope: Construct, id: string, props: DenyByDefaultProps = {}) {
    super(scope, id);
    MeshValidation.of(this);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace?.name ?? defaultNamespace(this));
    this.name = checkDnsSubdomain(this, 'name', props.name ?? 'allow-nothing');
    this.resource = patchesLast(new AuthorizationPolicyResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {},
    }));
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
