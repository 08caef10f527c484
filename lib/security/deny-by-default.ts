import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthorizationPolicy as AuthorizationPolicyResource } from '../../imports/security.istio.io';
import { checkDnsLabel, checkDnsSubdomain } from '../private/checks';
import { defaultNamespace } from '../private/scope';
import { IMeshNamespace } from '../workload/mesh-namespace';
import {
  noSidecarWarning,
} from '../private/security';
import { addWarnings } from '../private/warnings';
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
  }
}
