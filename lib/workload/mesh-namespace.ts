import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkDnsLabel } from '../private/checks';
import { isDnsLabel } from '../private/dns';
import { MeshValidation } from '../validation/mesh-validation';

/**
 * A namespace that workloads and Istio resources live in.
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/
 */
export interface IMeshNamespace {
  /** The namespace's name. */
  readonly name: string;
  /** Whether pods created in it get an Envoy sidecar. `undefined` when not known (an imported namespace). */
  readonly injected?: boolean;
}

/**
 * How pods in a namespace get their sidecar.
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export class SidecarInjection {
  /** Label `istio-injection=enabled`: the default istiod revision injects every pod. */
  public static enabled(): SidecarInjection {
    return new SidecarInjection('istio-injection', 'enabled', true);
  }

  /**
   * Label `istio.io/rev=<revision>`: the given istiod revision (canary upgrades, e.g. `1-30`) injects every pod.
   * @see https://istio.io/latest/docs/setup/upgrade/canary/
   */
  public static revision(revision: string): SidecarInjection {
    return new SidecarInjection('istio.io/rev', revision, true);
  }

  /** Label `istio-injection=disabled`: pods run without a sidecar (legacy workloads). */
  public static disabled(): SidecarInjection {
    return new SidecarInjection('istio-injection', 'disabled', false);
  }

  private constructor(
    /** The namespace label key. */
    public readonly labelKey: string,
    /** The namespace label value. */
    public readonly labelValue: string,
    /** Whether pods get a sidecar. */
    public readonly injected: boolean,
  ) {}
}

/**
 * Props of {@link MeshNamespace}.
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/
 */
export interface MeshNamespaceProps {
  /** The namespace's name, a DNS-1123 label. */
  readonly name: string;
  /**
   * How pods in it get their sidecar.
   * @default SidecarInjection.enabled()
   */
  readonly injection?: SidecarInjection;
  /**
   * Extra labels.
   * @default none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Namespace labelled for automatic sidecar injection (never `istioctl kube-inject`).
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#automatic-sidecar-injection
 */
export class MeshNamespace extends Construct implements IMeshNamespace {
  /**
   * Refers to a namespace that this app does not manage.
   * @param injected whether its pods have sidecars, if known
   */
  public static fromName(name: string, injected?: boolean): IMeshNamespace {
    if (typeof name !== 'string' || !isDnsLabel(name)) {
      throw new Error(`MeshNamespace.fromName: 'name' must be a DNS-1123 label, got ${JSON.stringify(name)}`);
    }
    return { name, injected };
  }

  public readonly name: string;
  public readonly injected?: boolean;
  /** The sidecar injection setting. */
  public readonly injection: SidecarInjection;
  /** The cdk8s-plus Namespace. */
  public readonly resource: kplus.Namespace;

  public constructor(scope: Construct, id: string, props: MeshNamespaceProps) {
    super(scope, id);
    MeshValidation.of(this);
    this.name = checkDnsLabel(this, 'name', props.name);
    this.injection = props.injection ?? SidecarInjection.enabled();
    if (this.injection.labelKey === 'istio.io/rev') {
      checkDnsLabel(this, 'injection.revision', this.injection.labelValue);
    }
    this.injected = this.injection.injected;
    this.resource = new kplus.Namespace(this, 'Resource', {
      metadata: { name: this.name, labels: { ...props.labels, [this.injection.labelKey]: this.injection.labelValue } },
    });
  }
}
