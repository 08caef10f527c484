import { IMeshService } from '../workload/mesh-service';
import { FQDN } from '../private/dns';

/**
 * What an extension provider does, which decides where Telemetry can use it.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-ExtensionProvider
 */
export enum ExtensionProviderKind {
  /** Traces sent over OTLP/gRPC to an OpenTelemetry collector (Jaeger 2 accepts OTLP on port 4317). */
  OPENTELEMETRY = 'opentelemetry',
  /** Traces sent in Zipkin format (Jaeger also accepts it on port 9411). */
  ZIPKIN = 'zipkin',
  /** Metrics exposed for Prometheus to scrape from each proxy. */
  PROMETHEUS = 'prometheus',
  /** An external authorizer spoken to over HTTP, for CUSTOM AuthorizationPolicies. */
  ENVOY_EXT_AUTHZ_HTTP = 'envoyExtAuthzHttp',
  /** An external authorizer spoken to over gRPC, for CUSTOM AuthorizationPolicies. */
  ENVOY_EXT_AUTHZ_GRPC = 'envoyExtAuthzGrpc',
}

/**
 * The Jaeger collector Service of Istio's samples/addons/jaeger.yaml.
 * @see https://istio.io/latest/docs/ops/integrations/jaeger/
 */
export const JAEGER_COLLECTOR_HOST = 'jaeger-collector.istio-system.svc.cluster.local';

/**
 * The OTLP/gRPC port of Jaeger 2 and of OpenTelemetry collectors.
 * @see https://istio.io/latest/docs/tasks/observability/distributed-tracing/jaeger/
 */
export const OTLP_GRPC_PORT = 4317;

/**
 * Options of {@link ExtensionProvider.openTelemetry}, {@link ExtensionProvider.zipkin}, {@link ExtensionProvider.extAuthzHttp}
 * and {@link ExtensionProvider.extAuthzGrpc}: where the backend listens.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-ExtensionProvider
 */
export interface CollectorOptions {
  /**
   * The backend (collector or authorizer): a Service (its `fqdn` is used) or the fully qualified host of a Service or
   * ServiceEntry in the mesh registry, e.g. `jaeger-collector.istio-system.svc.cluster.local`.
   */
  readonly service: IMeshService | string;
  /** Its port, 1–65535 (OTLP/gRPC: 4317; Zipkin: 9411; samples/extauthz: 8000 HTTP, 9000 gRPC). */
  readonly port: number;
}

const PROVIDER_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * A telemetry backend declared in the mesh config (`meshConfig.extensionProviders`) of an
 * {@link IstioInstallation}, which Telemetry resources then select by name. Pass the same object
 * to both: `IstioInstallation.extensionProviders` and `Telemetry.tracing.providers`.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-ExtensionProvider
 */
export class ExtensionProvider {
  /**
   * OpenTelemetry (OTLP/gRPC) tracing to Istio's Jaeger addon: provider `jaeger`, collector
   * `jaeger-collector.istio-system.svc.cluster.local:4317`, as in Istio's Jaeger task.
   * @see https://istio.io/latest/docs/tasks/observability/distributed-tracing/jaeger/
   */
  public static jaeger(name: string = 'jaeger'): ExtensionProvider {
    return ExtensionProvider.openTelemetry(name, { service: JAEGER_COLLECTOR_HOST, port: OTLP_GRPC_PORT });
  }

  /**
   * OpenTelemetry (OTLP/gRPC) tracing to a collector.
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-ExtensionProvider-OpenTelemetryTracingProvider
   */
  public static openTelemetry(name: string, options: CollectorOptions): ExtensionProvider {
    return ExtensionProvider.collector('ExtensionProvider.openTelemetry', ExtensionProviderKind.OPENTELEMETRY, name, options);
  }

  /**
   * Zipkin tracing to a collector (e.g. Jaeger's `zipkin` Service on port 9411).
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-ExtensionProvider-ZipkinTracingProvider
   */
  public static zipkin(name: string, options: CollectorOptions): ExtensionProvider {
    return ExtensionProvider.collector('ExtensionProvider.zipkin', ExtensionProviderKind.ZIPKIN, name, options);
  }

  /**
   * An external authorizer over HTTP (`envoyExtAuthzHttp`), which {@link CustomPolicy} sends requests to by name, e.g.
   * Istio's samples/extauthz `ext-authz.foo.svc.cluster.local` on port 8000.
   * @see https://istio.io/latest/docs/tasks/security/authorization/authz-custom/
   */
  public static extAuthzHttp(name: string, options: CollectorOptions): ExtensionProvider {
    return ExtensionProvider.collector('ExtensionProvider.extAuthzHttp', ExtensionProviderKind.ENVOY_EXT_AUTHZ_HTTP, name, options);
  }

  /**
   * An external authorizer over gRPC (`envoyExtAuthzGrpc`), e.g. Istio's samples/extauthz on port 9000.
   * @see https://istio.io/latest/docs/tasks/security/authorization/authz-custom/
   */
  public static extAuthzGrpc(name: string, options: CollectorOptions): ExtensionProvider {
    return ExtensionProvider.collector('ExtensionProvider.extAuthzGrpc', ExtensionProviderKind.ENVOY_EXT_AUTHZ_GRPC, name, options);
  }

  /**
   * Istio's built-in Prometheus provider `prometheus`: every proxy exposes the standard metrics
   * for scraping. It is part of the default mesh config, so it needs no declaration.
   * @see https://istio.io/latest/docs/reference/config/metrics/
   */
  public static prometheus(): ExtensionProvider {
    return new ExtensionProvider('prometheus', ExtensionProviderKind.PROMETHEUS, true);
  }

  private static collector(factory: string, kind: ExtensionProviderKind, name: string, options: CollectorOptions): ExtensionProvider {
    checkName(factory, name);
    const service = typeof options?.service === 'string' ? options.service : options?.service?.fqdn;
    if (typeof service !== 'string' || !FQDN.test(service) || service.length > 253) {
      throw new Error(`${factory}: 'service' must be a Service or the fully qualified host of a collector such as "${JAEGER_COLLECTOR_HOST}", got ${JSON.stringify(options?.service)}`);
    }
    const port = options.port;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`${factory}: 'port' must be an integer from 1 to 65535, got ${JSON.stringify(port)}`);
    }
    return new ExtensionProvider(name, kind, false, service, port);
  }

  private constructor(
    /** The name Telemetry resources select it by. */
    public readonly name: string,
    /** What it does. */
    public readonly kind: ExtensionProviderKind,
    /** Whether Istio's default mesh config already declares it. */
    public readonly builtIn: boolean,
    /** The collector host, for tracing and authorization providers. */
    public readonly service?: string,
    /** The collector port, for tracing and authorization providers. */
    public readonly port?: number,
  ) {}

  /** Whether it can receive traces (Telemetry `tracing`). */
  public get tracing(): boolean {
    return this.kind === ExtensionProviderKind.OPENTELEMETRY || this.kind === ExtensionProviderKind.ZIPKIN;
  }

  /** Whether it is an external authorizer (AuthorizationPolicy `provider`). */
  public get authorization(): boolean {
    return this.kind === ExtensionProviderKind.ENVOY_EXT_AUTHZ_HTTP || this.kind === ExtensionProviderKind.ENVOY_EXT_AUTHZ_GRPC;
  }

  /** Whether it can receive metrics (Telemetry `metrics`). */
  public get metrics(): boolean {
    return this.kind === ExtensionProviderKind.PROMETHEUS;
  }

  /** `opentelemetry jaeger-collector.istio-system.svc.cluster.local:4317`, for messages. */
  public get description(): string {
    return this.service === undefined ? `${this.kind} (built in)` : `${this.kind} ${this.service}:${this.port}`;
  }

  /** Whether `other` declares the same backend under the same name. */
  public sameAs(other: ExtensionProvider): boolean {
    return other.name === this.name && other.kind === this.kind && other.service === this.service && other.port === this.port;
  }

  /** The `meshConfig.extensionProviders[]` entry. */
  public toMeshConfig(): Record<string, unknown> {
    const settings = this.service === undefined ? {} : { service: this.service, port: this.port };
    return { name: this.name, [this.kind]: settings };
  }
}

function checkName(factory: string, name: string): void {
  if (typeof name !== 'string' || name.length > 253 || !PROVIDER_NAME.test(name)) {
    throw new Error(`${factory}: 'name' must be lowercase letters, digits, '-' and '.' (e.g. "jaeger"), got ${JSON.stringify(name)}`);
  }
}
