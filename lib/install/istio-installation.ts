import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkDnsLabel, checkDnsSubdomain, checkEnum, checkInteger } from '../private/checks';
import { fail, show } from '../private/errors';
import { ExtensionProvider } from '../observability/extension-provider';
import { IMeshNamespace } from '../workload/mesh-namespace';
import { MeshValidation } from '../validation/mesh-validation';

/**
 * The installation profiles of `istioctl install`.
 * @see https://istio.io/latest/docs/setup/additional-setup/config-profiles/
 */
export enum InstallationProfile {
  /** istiod and an ingress gateway: Istio's recommendation for production. */
  DEFAULT = 'default',
  /** Everything of `default` plus an egress gateway, 100% trace sampling and access logs: the course's `istio-demo.yaml`. Not for production. */
  DEMO = 'demo',
  /** istiod only. */
  MINIMAL = 'minimal',
  /** Nothing: a base to customize. */
  EMPTY = 'empty',
  /**
   * The ambient data plane instead of sidecars: istiod, the istio-cni node agent and the ztunnel DaemonSet, and no
   * ingress gateway (set `ingressGateway: true` for one), as Istio 1.30.3 manifests/profiles/ambient.yaml sets.
   * Namespaces join with `DataPlaneMode.AMBIENT`; waypoints need the Gateway API CRDs.
   * @see https://istio.io/latest/docs/ambient/install/istioctl/
   */
  AMBIENT = 'ambient',
  /** A remote cluster of a multicluster mesh. */
  REMOTE = 'remote',
  /** Experimental features on top of `default`. */
  PREVIEW = 'preview',
}

/**
 * What a sidecar does with traffic to hosts that are not in the mesh registry.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-OutboundTrafficPolicy-Mode
 */
export enum OutboundTrafficPolicy {
  /** Let it through (Istio's default): external hosts work without a ServiceEntry, but without Istio's routing or telemetry. */
  ALLOW_ANY = 'ALLOW_ANY',
  /** Block it: only hosts of Services and ServiceEntries (e.g. an {@link ExternalService}) can be reached. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
}

/**
 * The format of Envoy's access log lines.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-AccessLogEncoding
 */
export enum AccessLogEncoding {
  TEXT = 'TEXT',
  JSON = 'JSON',
}

/**
 * Settings of every proxy (`meshConfig.defaultConfig`, a ProxyConfig), overridable per pod by annotation.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#ProxyConfig
 */
export interface ProxyDefaults {
  /**
   * Start application containers only once the sidecar is ready, so that they have network from their first request.
   * @default false (Istio's default)
   */
  readonly holdApplicationUntilProxyStarts?: boolean;
  /**
   * Envoy worker threads, an integer >= 0 (0: one per CPU core).
   * @default Istio's default (2, or the CPU limit)
   */
  readonly concurrency?: number;
}

/**
 * The `meshConfig` section of an IstioOperator, as this library writes it.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig
 */
export interface IstioOperatorMeshConfig {
  /**
   * What sidecars do with traffic to hosts outside the mesh registry.
   * @default - not written: Istio's ALLOW_ANY
   */
  readonly outboundTrafficPolicy?: IstioOperatorOutboundTrafficPolicy;
  /**
   * Where Envoy writes access logs (`/dev/stdout`).
   * @default - not written: no access logs
   */
  readonly accessLogFile?: string;
  /**
   * The access log format.
   * @default - not written: Istio's TEXT
   */
  readonly accessLogEncoding?: AccessLogEncoding;
  /**
   * Legacy tracing switch; `false` when the Telemetry API configures tracing.
   * @default - not written
   */
  readonly enableTracing?: boolean;
  /**
   * Defaults for every proxy.
   * @default - not written
   */
  readonly defaultConfig?: IstioOperatorProxyConfig;
  /**
   * Tracing, metrics and authorization providers, as `meshConfig.extensionProviders` entries.
   * @default - not written
   */
  readonly extensionProviders?: Record<string, unknown>[];
}

/**
 * `meshConfig.outboundTrafficPolicy` of an IstioOperator.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-OutboundTrafficPolicy
 */
export interface IstioOperatorOutboundTrafficPolicy {
  /** What sidecars do with traffic to hosts outside the mesh registry. */
  readonly mode: OutboundTrafficPolicy;
}

/**
 * `meshConfig.defaultConfig` of an IstioOperator, as this library writes it.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#ProxyConfig
 */
export interface IstioOperatorProxyConfig {
  /**
   * Always `{}` when set: clears the legacy tracing settings so that the Telemetry API decides.
   * @default - not written
   */
  readonly tracing?: Record<string, unknown>;
  /**
   * {@link ProxyDefaults.holdApplicationUntilProxyStarts}.
   * @default - not written
   */
  readonly holdApplicationUntilProxyStarts?: boolean;
  /**
   * {@link ProxyDefaults.concurrency}.
   * @default - not written
   */
  readonly concurrency?: number;
}

/**
 * A gateway component of an IstioOperator.
 * @see https://istio.io/latest/docs/reference/config/istio.operator.v1alpha1/#GatewaySpec
 */
export interface IstioOperatorGateway {
  /** The gateway's name, e.g. `istio-egressgateway`. */
  readonly name: string;
  /** Whether istioctl installs it. */
  readonly enabled: boolean;
}

/**
 * The `spec` of an IstioOperator, as this library writes it.
 * @see https://istio.io/latest/docs/reference/config/istio.operator.v1alpha1/#IstioOperatorSpec
 */
export interface IstioOperatorSpec {
  /** The installation profile. */
  readonly profile: InstallationProfile;
  /**
   * The control plane's revision (canary upgrades).
   * @default - not written: the default revision
   */
  readonly revision?: string;
  /**
   * Mesh-wide settings.
   * @default - not written
   */
  readonly meshConfig?: IstioOperatorMeshConfig;
  /**
   * Gateways enabled or disabled beyond the profile's.
   * @default - not written: the profile's components
   */
  readonly components?: IstioOperatorComponents;
}

/**
 * The `components` section of an IstioOperator, as this library writes it.
 * @see https://istio.io/latest/docs/reference/config/istio.operator.v1alpha1/#IstioComponentSpec
 */
export interface IstioOperatorComponents {
  /**
   * The ingress gateway, enabled or disabled.
   * @default - not written: the profile's
   */
  readonly ingressGateways?: IstioOperatorGateway[];
  /**
   * The egress gateway, enabled or disabled.
   * @default - not written: the profile's
   */
  readonly egressGateways?: IstioOperatorGateway[];
}

/**
 * Props of {@link IstioInstallation}.
 * @see https://istio.io/latest/docs/setup/additional-setup/config-profiles/
 */
export interface IstioInstallationProps {
  /**
   * The IstioOperator's name.
   * @default 'control-plane'
   */
  readonly name?: string;
  /**
   * The namespace the control plane is installed into.
   * @default istio-system
   */
  readonly namespace?: IMeshNamespace;
  /**
   * The installation profile.
   * @default InstallationProfile.DEFAULT
   */
  readonly profile?: InstallationProfile;
  /**
   * The control-plane revision (e.g. `1-30`), for canary upgrades; namespaces then select it with `SidecarInjection.revision(...)`.
   * @default none: the default revision
   */
  readonly revision?: string;
  /**
   * What sidecars do with traffic to hosts outside the mesh registry.
   * @default Istio's default, OutboundTrafficPolicy.ALLOW_ANY (not written)
   */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicy;
  /**
   * Where every proxy writes its access log, an absolute path (`/dev/stdout` for `kubectl logs <pod> -c istio-proxy`).
   * @default none: no access logs (the `default` profile's behaviour)
   */
  readonly accessLogFile?: string;
  /**
   * The access log format; needs `accessLogFile`.
   * @default Istio's default, TEXT
   */
  readonly accessLogEncoding?: AccessLogEncoding;
  /**
   * Telemetry backends that Telemetry resources can select by name. Tracing providers turn on
   * `enableTracing` and clear the legacy `defaultConfig.tracing` settings, so that only the
   * Telemetry API decides what is traced.
   * @default [ExtensionProvider.jaeger()]: OpenTelemetry to the Jaeger addon's collector in istio-system
   */
  readonly extensionProviders?: ExtensionProvider[];
  /**
   * Proxy settings.
   * @default none beyond the tracing reset above
   */
  readonly defaultConfig?: ProxyDefaults;
  /**
   * Whether to install the ingress gateway `istio-ingressgateway`.
   * @default the profile's choice (installed by `default` and `demo`, not by `ambient`)
   */
  readonly ingressGateway?: boolean;
  /**
   * Whether to install the egress gateway `istio-egressgateway`, which `EgressRouting.viaEgressGateway()` sends traffic through.
   * @default the profile's choice (installed by `demo` only)
   */
  readonly egressGateway?: boolean;
}

/**
 * The ingress gateway component `istioctl install` creates.
 * @see https://istio.io/latest/docs/setup/additional-setup/config-profiles/
 */
export const INGRESS_GATEWAY_COMPONENT = 'istio-ingressgateway';
/**
 * The egress gateway component `istioctl install` creates.
 * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/
 */
export const EGRESS_GATEWAY_COMPONENT = 'istio-egressgateway';

const PROFILES_WITH_EGRESS = [InstallationProfile.DEMO];

/**
 * An `install.istio.io/v1alpha1` IstioOperator: the input of `istioctl install -f <file>`, which
 * installs or upgrades the control plane (istiod, gateways) with this profile and mesh config.
 * It replaces the course's `kubectl apply -f istio-demo.yaml` (and its CRD step).
 *
 * It is **not** applied with `kubectl`: no IstioOperator CRD or operator is in the cluster (the
 * in-cluster operator was removed in Istio 1.24), so keep its output folder out of
 * `kubectl apply` / kustomize and run `istioctl install -f` on the file instead.
 * @see https://istio.io/latest/docs/setup/install/istioctl/
 */
export class IstioInstallation extends Construct {
  /** The installations of the app `scope` belongs to. */
  public static allIn(scope: Construct): IstioInstallation[] {
    return scope.node.root.node.findAll().filter((c): c is IstioInstallation => c instanceof IstioInstallation);
  }

  /** The IstioOperator's name. */
  public readonly name: string;
  /** The control plane's namespace. */
  public readonly namespace: string;
  /** The profile. */
  public readonly profile: InstallationProfile;
  /** The outbound traffic policy in force. */
  public readonly outboundTrafficPolicy: OutboundTrafficPolicy;
  /** The declared extension providers. */
  public readonly extensionProviders: ExtensionProvider[];
  /** Whether it installs the egress gateway. */
  public readonly installsEgressGateway: boolean;
  /** The rendered `spec`. */
  public readonly spec: IstioOperatorSpec;
  /** The IstioOperator object (a plain ApiObject: the bundle has no IstioOperator CRD). */
  public readonly resource: ApiObject;

  public constructor(scope: Construct, id: string, props: IstioInstallationProps = {}) {
    super(scope, id);
    MeshValidation.of(this);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? 'control-plane');
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace?.name ?? 'istio-system');
    this.profile = props.profile ?? InstallationProfile.DEFAULT;
    checkEnum(this, 'profile', this.profile, InstallationProfile);
    if (props.revision !== undefined) checkDnsLabel(this, 'revision', props.revision);
    if (props.outboundTrafficPolicy !== undefined) checkEnum(this, 'outboundTrafficPolicy', props.outboundTrafficPolicy, OutboundTrafficPolicy);
    this.outboundTrafficPolicy = props.outboundTrafficPolicy ?? OutboundTrafficPolicy.ALLOW_ANY;
    if (props.accessLogFile !== undefined && (typeof props.accessLogFile !== 'string' || !/^\/\S+$/.test(props.accessLogFile))) {
      fail(this, 'accessLogFile', `must be an absolute path such as "/dev/stdout", got ${show(props.accessLogFile)}`);
    }
    if (props.accessLogEncoding !== undefined) {
      checkEnum(this, 'accessLogEncoding', props.accessLogEncoding, AccessLogEncoding);
      if (props.accessLogFile === undefined) {
        fail(this, 'accessLogEncoding', `has no effect without 'accessLogFile'; set accessLogFile: "/dev/stdout" or remove it, got ${show(props.accessLogEncoding)}`);
      }
    }
    this.extensionProviders = this.checkProviders(props.extensionProviders ?? [ExtensionProvider.jaeger()]);
    if (props.defaultConfig?.concurrency !== undefined) checkInteger(this, 'defaultConfig.concurrency', props.defaultConfig.concurrency, 0);
    this.installsEgressGateway = props.egressGateway ?? PROFILES_WITH_EGRESS.includes(this.profile);

    const declared = this.extensionProviders.filter(p => !p.builtIn);
    const tracing = this.extensionProviders.some(p => p.tracing);
    const defaultConfig = {
      ...(tracing && { tracing: {} }),
      ...(props.defaultConfig?.holdApplicationUntilProxyStarts !== undefined && { holdApplicationUntilProxyStarts: props.defaultConfig.holdApplicationUntilProxyStarts }),
      ...(props.defaultConfig?.concurrency !== undefined && { concurrency: props.defaultConfig.concurrency }),
    };
    const meshConfig: IstioOperatorMeshConfig = {
      ...(props.outboundTrafficPolicy !== undefined && { outboundTrafficPolicy: { mode: props.outboundTrafficPolicy } }),
      ...(props.accessLogFile !== undefined && { accessLogFile: props.accessLogFile }),
      ...(props.accessLogEncoding !== undefined && { accessLogEncoding: props.accessLogEncoding }),
      ...(tracing && { enableTracing: true }),
      ...(Object.keys(defaultConfig).length > 0 && { defaultConfig }),
      ...(declared.length > 0 && { extensionProviders: declared.map(p => p.toMeshConfig()) }),
    };
    const components = {
      ...(props.ingressGateway !== undefined && { ingressGateways: [{ name: INGRESS_GATEWAY_COMPONENT, enabled: props.ingressGateway }] }),
      ...(props.egressGateway !== undefined && { egressGateways: [{ name: EGRESS_GATEWAY_COMPONENT, enabled: props.egressGateway }] }),
    };
    this.spec = {
      profile: this.profile,
      ...(props.revision !== undefined && { revision: props.revision }),
      ...(Object.keys(meshConfig).length > 0 && { meshConfig }),
      ...(Object.keys(components).length > 0 && { components }),
    };
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'install.istio.io/v1alpha1',
      kind: 'IstioOperator',
      metadata: { name: this.name, namespace: this.namespace },
      spec: this.spec,
    });
  }

  /** Whether it declares `provider` (built-in providers are always available). */
  public declares(provider: ExtensionProvider): boolean {
    return provider.builtIn || this.extensionProviders.some(p => p.sameAs(provider));
  }

  private checkProviders(providers: readonly ExtensionProvider[]): ExtensionProvider[] {
    if (!Array.isArray(providers)) fail(this, 'extensionProviders', `must be a list of ExtensionProvider, got ${show(providers)}`);
    const seen = new Set<string>();
    providers.forEach((p, i) => {
      if (!(p instanceof ExtensionProvider)) {
        fail(this, `extensionProviders[${i}]`, `must be an ExtensionProvider such as ExtensionProvider.jaeger(), got ${show(p)}`);
      }
      if (seen.has(p.name)) fail(this, `extensionProviders[${i}].name`, `must be unique (Telemetry selects providers by name), got ${show(p.name)} twice`);
      seen.add(p.name);
    });
    return [...providers];
  }
}

