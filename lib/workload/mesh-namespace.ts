import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkDnsLabel, checkEnum } from '../private/checks';
import { isDnsLabel } from '../private/dns';
import { fail, show } from '../private/errors';
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
  /**
   * How its pods join the mesh. `undefined` when not known (an imported namespace that `MeshNamespace.fromName`
   * gives no `dataPlane`: sidecar mode is assumed).
   * @default - not known
   */
  readonly dataPlane?: DataPlaneMode;
}

/**
 * How the pods of a namespace join the mesh: an Envoy sidecar in each pod, or ambient mode (the node's ztunnel, and
 * waypoint proxies for L7).
 * @see https://istio.io/latest/docs/overview/dataplane-modes/
 */
export enum DataPlaneMode {
  /** Sidecar mode: {@link SidecarInjection} decides which istiod revision injects the pods. */
  SIDECAR = 'sidecar',
  /**
   * Ambient mode, label `istio.io/dataplane-mode=ambient`: no sidecars; ztunnel gives every pod mTLS and L4
   * authorization, a {@link Waypoint} adds L7. Needs an installation with `InstallationProfile.AMBIENT`.
   * @see https://istio.io/latest/docs/ambient/usage/add-workloads/
   */
  AMBIENT = 'ambient',
  /** Not in the mesh: pods run without sidecar (label `istio-injection=disabled`) and outside ambient. */
  NONE = 'none',
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
 * Options of {@link MeshNamespace.fromName}: what this app may assume about a namespace it does not manage.
 * @see https://istio.io/latest/docs/overview/dataplane-modes/
 */
export interface ImportedMeshNamespaceOptions {
  /**
   * How its pods join the mesh, so that policies and waypoints for it choose the right enforcement point (the
   * sidecars, or ztunnel and waypoints in ambient mode).
   * @default - not known: sidecar mode is assumed
   */
  readonly dataPlane?: DataPlaneMode;
}

/**
 * Props of {@link MeshNamespace}.
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/
 */
export interface MeshNamespaceProps {
  /** The namespace's name, a DNS-1123 label. */
  readonly name: string;
  /**
   * How its pods join the mesh. `AMBIENT` and `NONE` take no `injection` (which says how sidecars are injected).
   * @default DataPlaneMode.SIDECAR, or NONE with `injection: SidecarInjection.disabled()`
   * @see https://istio.io/latest/docs/overview/dataplane-modes/
   */
  readonly dataPlane?: DataPlaneMode;
  /**
   * How pods in it get their sidecar, in sidecar mode.
   * @default SidecarInjection.enabled() in sidecar mode
   */
  readonly injection?: SidecarInjection;
  /**
   * Extra labels.
   * @default none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Namespace labelled for automatic sidecar injection (never `istioctl kube-inject`), or enrolled in ambient mode
 * (`istio.io/dataplane-mode=ambient`).
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#automatic-sidecar-injection
 * @see https://istio.io/latest/docs/ambient/usage/add-workloads/
 */
export class MeshNamespace extends Construct implements IMeshNamespace {
  /**
   * Refers to a namespace that this app does not manage, e.g.
   * `MeshNamespace.fromName('shop', { dataPlane: DataPlaneMode.AMBIENT })`.
   * @see https://istio.io/latest/docs/overview/dataplane-modes/
   */
  public static fromName(name: string, options: ImportedMeshNamespaceOptions = {}): IMeshNamespace {
    if (typeof name !== 'string' || !isDnsLabel(name)) {
      throw new Error(`MeshNamespace.fromName: 'name' must be a DNS-1123 label, got ${JSON.stringify(name)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new Error(`MeshNamespace.fromName: 'options' must be an object such as { dataPlane: DataPlaneMode.SIDECAR }, got ${JSON.stringify(options)}`);
    }
    const dataPlane = options.dataPlane;
    if (dataPlane !== undefined && !(Object.values(DataPlaneMode) as unknown[]).includes(dataPlane)) {
      throw new Error(`MeshNamespace.fromName: 'dataPlane' must be one of ${Object.values(DataPlaneMode).join(', ')}, got ${JSON.stringify(dataPlane)}`);
    }
    return { name, injected: dataPlane === undefined ? undefined : dataPlane === DataPlaneMode.SIDECAR, dataPlane };
  }

  public readonly name: string;
  public readonly injected?: boolean;
  public readonly dataPlane?: DataPlaneMode;
  /** The sidecar injection setting; `undefined` in ambient mode. */
  public readonly injection?: SidecarInjection;
  /** The cdk8s-plus Namespace. */
  public readonly resource: kplus.Namespace;

  public constructor(scope: Construct, id: string, props: MeshNamespaceProps) {
    super(scope, id);
    MeshValidation.of(this);
    this.name = checkDnsLabel(this, 'name', props.name);
    this.dataPlane = props.dataPlane ?? (props.injection?.injected === false ? DataPlaneMode.NONE : DataPlaneMode.SIDECAR);
    checkEnum(this, 'dataPlane', this.dataPlane, DataPlaneMode);
    if (this.dataPlane === DataPlaneMode.AMBIENT && props.injection !== undefined) {
      // With both labels the injector still adds sidecars, and ztunnel leaves pods with a sidecar alone: not ambient at all.
      fail(this, 'injection', `must not be set in ambient mode (pods get no sidecar there: ztunnel carries their traffic); remove it or use DataPlaneMode.SIDECAR, got ${show(props.injection.labelKey)}=${show(props.injection.labelValue)}`);
    }
    if (this.dataPlane === DataPlaneMode.NONE && props.injection?.injected) {
      fail(this, 'injection', `must not inject sidecars when 'dataPlane' is DataPlaneMode.NONE; use SidecarInjection.disabled() or DataPlaneMode.SIDECAR, got ${show(props.injection.labelKey)}=${show(props.injection.labelValue)}`);
    }
    if (this.dataPlane === DataPlaneMode.SIDECAR && props.injection?.injected === false) {
      fail(this, 'injection', `must inject sidecars in sidecar mode; use DataPlaneMode.NONE for a namespace outside the mesh, got ${show(props.injection.labelKey)}=${show(props.injection.labelValue)}`);
    }
    const labels: Record<string, string> = { ...props.labels };
    if (this.dataPlane === DataPlaneMode.AMBIENT) {
      labels['istio.io/dataplane-mode'] = 'ambient';
    } else {
      this.injection = props.injection ?? (this.dataPlane === DataPlaneMode.SIDECAR ? SidecarInjection.enabled() : SidecarInjection.disabled());
      if (this.injection.labelKey === 'istio.io/rev') {
        checkDnsLabel(this, 'injection.revision', this.injection.labelValue);
      }
      labels[this.injection.labelKey] = this.injection.labelValue;
    }
    this.injected = this.dataPlane === DataPlaneMode.SIDECAR;
    this.resource = new kplus.Namespace(this, 'Resource', { metadata: { name: this.name, labels } });
  }
}
