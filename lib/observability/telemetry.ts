import { ApiObject, Duration, Names } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Telemetry as TelemetryResource,
  TelemetrySpecMetrics,
  TelemetrySpecMetricsOverrides,
  TelemetrySpecTracing,
} from '../../imports/telemetry.istio.io';
import { IstioInstallation } from '../install/istio-installation';
import { checkDnsSubdomain, checkEnum, checkPercentage } from '../private/checks';
import { istioDuration } from '../private/duration';
import { fail, show } from '../private/errors';
import { checkPolicyTarget } from '../private/security';
import { PolicyScope, PolicyTarget } from '../security/policy-target';
import { MeshValidation } from '../validation/mesh-validation';
import { ExtensionProvider } from './extension-provider';
import { chartMembers, registerInChart } from '../private/registry';
import { patchesLast } from '../private/patches';

/**
 * Istio's standard metrics, as Telemetry overrides name them.
 * @see https://istio.io/latest/docs/reference/config/metrics/
 */
export enum IstioMetric {
  ALL_METRICS = 'ALL_METRICS',
  /** `istio_requests_total`. */
  REQUEST_COUNT = 'REQUEST_COUNT',
  /** `istio_request_duration_milliseconds`. */
  REQUEST_DURATION = 'REQUEST_DURATION',
  /** `istio_request_bytes`. */
  REQUEST_SIZE = 'REQUEST_SIZE',
  /** `istio_response_bytes`. */
  RESPONSE_SIZE = 'RESPONSE_SIZE',
  TCP_OPENED_CONNECTIONS = 'TCP_OPENED_CONNECTIONS',
  TCP_CLOSED_CONNECTIONS = 'TCP_CLOSED_CONNECTIONS',
  TCP_SENT_BYTES = 'TCP_SENT_BYTES',
  TCP_RECEIVED_BYTES = 'TCP_RECEIVED_BYTES',
  GRPC_REQUEST_MESSAGES = 'GRPC_REQUEST_MESSAGES',
  GRPC_RESPONSE_MESSAGES = 'GRPC_RESPONSE_MESSAGES',
}

/**
 * Which side of a request a metric override applies to.
 * @see https://istio.io/latest/docs/reference/config/telemetry/#WorkloadMode
 */
export enum MetricMode {
  /** Both the calling and the called proxy. */
  CLIENT_AND_SERVER = 'CLIENT_AND_SERVER',
  /** The calling proxy (`reporter="source"`). */
  CLIENT = 'CLIENT',
  /** The called proxy (`reporter="destination"`). */
  SERVER = 'SERVER',
}

/**
 * A change to one tag (Prometheus label) of a metric.
 * @see https://istio.io/latest/docs/reference/config/telemetry/#MetricsOverrides-TagOverride
 */
export class TagOverride {
  /**
   * Adds the tag, or replaces its value, with a CEL expression over Istio's attributes, e.g. `request.host` or `string(destination.port)`.
   * @see https://istio.io/latest/docs/tasks/observability/metrics/customize-metrics/
   */
  public static upsert(expression: string): TagOverride {
    return new TagOverride('UPSERT', expression);
  }

  /** Removes the tag, e.g. to cut the number of time series. */
  public static remove(): TagOverride {
    return new TagOverride('REMOVE');
  }

  private constructor(
    /** `UPSERT` or `REMOVE`. */
    public readonly operation: 'UPSERT' | 'REMOVE',
    /** The CEL expression, for `UPSERT`. */
    public readonly value?: string,
  ) {}
}

/**
 * A change to one standard metric: disable it, or add, change and remove tags.
 * @see https://istio.io/latest/docs/reference/config/telemetry/#MetricsOverrides
 */
export interface MetricOverride {
  /**
   * The metric.
   * @default IstioMetric.ALL_METRICS
   */
  readonly metric?: IstioMetric;
  /**
   * The side it applies to.
   * @default MetricMode.CLIENT_AND_SERVER
   */
  readonly mode?: MetricMode;
  /**
   * Whether the metric is not generated at all.
   * @default false
   */
  readonly disabled?: boolean;
  /**
   * Tag changes by tag name (letters, digits and `_`).
   * @default none
   */
  readonly tagOverrides?: Record<string, TagOverride>;
}

/**
 * Tracing settings of a {@link Telemetry}.
 * @see https://istio.io/latest/docs/reference/config/telemetry/#Tracing
 */
export interface TracingOptions {
  /**
   * Where spans go: tracing providers declared by the {@link IstioInstallation}.
   * @default [ExtensionProvider.jaeger()]
   */
  readonly providers?: ExtensionProvider[];
  /**
   * Percentage of requests traced when the caller did not decide, from 0 to 100 (0.01 precision).
   * @default Istio's default (1%)
   */
  readonly randomSamplingPercentage?: number;
}

/**
 * Metrics settings of a {@link Telemetry}.
 * @see https://istio.io/latest/docs/reference/config/telemetry/#Metrics
 */
export interface MetricsOptions {
  /**
   * Where metrics go.
   * @default [ExtensionProvider.prometheus()]
   */
  readonly providers?: ExtensionProvider[];
  /**
   * Changes to the standard metrics, applied in order.
   * @default none
   */
  readonly overrides?: MetricOverride[];
  /**
   * How often TCP metrics are reported (HTTP metrics are reported per request), at least 1ms.
   * @default Istio's default (15s)
   */
  readonly reportingInterval?: Duration;
}

/**
 * Props of {@link Telemetry}.
 * @see https://istio.io/latest/docs/reference/config/metrics/
 */
export interface TelemetryProps {
  /**
   * Where it applies: the whole mesh (root namespace istio-system), a namespace, or workloads.
   * The most specific Telemetry wins, separately for tracing and for metrics.
   * @default PolicyTarget.mesh()
   */
  readonly target?: PolicyTarget;
  /**
   * The Telemetry's name.
   * @default 'mesh-default' for the mesh, 'default' for a namespace, the service or Deployment name for workloads
   */
  readonly name?: string;
  /**
   * Tracing settings.
   * @default none: tracing is inherited from the levels above
   */
  readonly tracing?: TracingOptions;
  /**
   * Metrics settings.
   * @default none: metrics are inherited from the levels above
   */
  readonly metrics?: MetricsOptions;
}

const TAG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A Telemetry (`telemetry.istio.io/v1`): which tracing and metrics providers the proxies of the
 * mesh, a namespace or some workloads report to, the trace sampling percentage and changes to the
 * standard metrics. Providers are {@link ExtensionProvider} objects; when the app holds an
 * {@link IstioInstallation}, each must be declared there.
 * @see https://istio.io/latest/docs/reference/config/telemetry/
 */
export class Telemetry extends Construct {
  /** Where it applies. */
  public readonly target: PolicyTarget;
  /** The Telemetry's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The tracing providers, if it sets tracing. */
  public readonly tracingProviders: ExtensionProvider[];
  /** The metrics providers, if it sets metrics. */
  public readonly metricsProviders: ExtensionProvider[];
  /** The generated Telemetry object, for escape hatches. */
  public readonly resource: ApiObject;

  public constructor(scope: Construct, id: string, props: TelemetryProps = {}) {
    super(scope, id);
    MeshValidation.of(this);
    registerInChart(this);
    this.target = checkPolicyTarget(this, 'target', props.target ?? PolicyTarget.mesh());
    this.namespace = this.target.namespace;
    const defaultName = this.target.scope === PolicyScope.MESH ? 'mesh-default'
      : this.target.scope === PolicyScope.NAMESPACE ? 'default'
        : this.target.defaultName ?? Names.toDnsLabel(this);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? defaultName);
    if (props.tracing === undefined && props.metrics === undefined) {
      fail(this, 'tracing', 'and \'metrics\' are both unset, so this Telemetry changes nothing; set tracing: { providers: [...] } or metrics: { ... }');
    }
    this.checkUniqueScope();

    const tracing = props.tracing && this.renderTracing(props.tracing);
    const metrics = props.metrics && this.renderMetrics(props.metrics);
    this.tracingProviders = props.tracing ? [...(props.tracing.providers ?? [ExtensionProvider.jaeger()])] : [];
    this.metricsProviders = props.metrics ? [...(props.metrics.providers ?? [ExtensionProvider.prometheus()])] : [];

    this.resource = patchesLast(new TelemetryResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        ...this.target._binding(),
        ...(tracing && { tracing: [tracing] }),
        ...(metrics && { metrics: [metrics] }),
      },
    }));
    this.node.addValidation({ validate: () => this.checkDeclared() });
  }

  /** Istio applies one selector-less Telemetry per namespace; a second one at the same level is ambiguous. */
  private checkUniqueScope(): void {
    if (this.target.matchLabels) return;
    const other = chartMembers(this, Telemetry).find(c => c !== this && c.namespace === this.namespace && c.target.matchLabels === undefined);
    if (other) {
      fail(this, 'target', `is ${this.target.description}, which Telemetry ${other.namespace}/${other.name} (${other.node.path}) already configures; Istio picks one of them arbitrarily, so merge tracing and metrics into one Telemetry`);
    }
  }

  private renderTracing(options: TracingOptions): TelemetrySpecTracing {
    const providers = checkProviders(this, 'tracing.providers', options.providers ?? [ExtensionProvider.jaeger()], 'tracing', 'ExtensionProvider.jaeger()');
    if (options.randomSamplingPercentage !== undefined) {
      checkPercentage(this, 'tracing.randomSamplingPercentage', options.randomSamplingPercentage);
    }
    return {
      providers: providers.map(p => ({ name: p.name })),
      ...(options.randomSamplingPercentage !== undefined && { randomSamplingPercentage: options.randomSamplingPercentage }),
    };
  }

  private renderMetrics(options: MetricsOptions): TelemetrySpecMetrics {
    const providers = checkProviders(this, 'metrics.providers', options.providers ?? [ExtensionProvider.prometheus()], 'metrics', 'ExtensionProvider.prometheus()');
    const overrides = (options.overrides ?? []).map((o, i) => renderOverride(this, `metrics.overrides[${i}]`, o));
    const reportingInterval = options.reportingInterval === undefined ? undefined : istioDuration(this, 'metrics.reportingInterval', options.reportingInterval);
    return {
      providers: providers.map(p => ({ name: p.name })),
      ...(overrides.length > 0 && { overrides }),
      ...(reportingInterval !== undefined && { reportingInterval }),
    };
  }

  /** Providers must be declared by the app's IstioInstallation, if it has one (otherwise the mesh config is managed elsewhere). */
  private checkDeclared(): string[] {
    const installations = IstioInstallation.allIn(this);
    if (installations.length === 0) return [];
    const errors: string[] = [];
    const used = [...this.tracingProviders.map(p => ['tracing', p] as const), ...this.metricsProviders.map(p => ['metrics', p] as const)];
    for (const [section, provider] of used) {
      if (installations.some(i => i.declares(provider))) continue;
      const names = installations.map(i => `${i.node.path} (${i.extensionProviders.map(p => p.name).join(', ') || 'none'})`).join(', ');
      errors.push(`${this.node.path}: '${section}.providers' uses ${provider.name} (${provider.description}), which no IstioInstallation declares: ${names}; add it to extensionProviders`);
    }
    return errors;
  }
}

function checkProviders(scope: Construct, prop: string, providers: readonly ExtensionProvider[], use: 'tracing' | 'metrics', example: string): readonly ExtensionProvider[] {
  if (!Array.isArray(providers) || providers.length === 0) {
    fail(scope, prop, `must list at least one provider such as ${example}, got ${show(providers)}`);
  }
  const seen = new Set<string>();
  providers.forEach((p, i) => {
    if (!(p instanceof ExtensionProvider)) fail(scope, `${prop}[${i}]`, `must be an ExtensionProvider such as ${example}, got ${show(p)}`);
    if (!p[use]) fail(scope, `${prop}[${i}]`, `is ${p.name} (${p.description}), which cannot receive ${use}; use a provider such as ${example}`);
    if (seen.has(p.name)) fail(scope, `${prop}[${i}]`, `must be unique, got ${show(p.name)} twice`);
    seen.add(p.name);
  });
  return providers;
}

function renderOverride(scope: Construct, prop: string, o: MetricOverride): TelemetrySpecMetricsOverrides {
  if (o.metric !== undefined) checkEnum(scope, `${prop}.metric`, o.metric, IstioMetric);
  if (o.mode !== undefined) checkEnum(scope, `${prop}.mode`, o.mode, MetricMode);
  const tags = Object.entries(o.tagOverrides ?? {});
  if (!o.disabled && tags.length === 0) {
    fail(scope, prop, 'changes nothing; set disabled: true or tagOverrides');
  }
  if (o.disabled && tags.length > 0) {
    fail(scope, `${prop}.tagOverrides`, 'has no effect on a disabled metric; remove it or drop disabled: true');
  }
  const tagOverrides = Object.fromEntries(tags.map(([name, t]) => {
    if (!TAG_NAME.test(name)) fail(scope, `${prop}.tagOverrides`, `key ${show(name)} must be a tag name of letters, digits and "_" such as "request_protocol"`);
    if (!(t instanceof TagOverride)) fail(scope, `${prop}.tagOverrides.${name}`, `must be TagOverride.upsert(expression) or TagOverride.remove(), got ${show(t)}`);
    if (t.operation === 'UPSERT' && (typeof t.value !== 'string' || t.value.trim() === '')) {
      fail(scope, `${prop}.tagOverrides.${name}`, `must have a CEL expression such as "request.host", got ${show(t.value)}`);
    }
    return [name, t.operation === 'REMOVE' ? { operation: 'REMOVE' } : { value: t.value }];
  }));
  return {
    match: { metric: (o.metric ?? IstioMetric.ALL_METRICS) as never, mode: (o.mode ?? MetricMode.CLIENT_AND_SERVER) as never },
    ...(o.disabled && { disabled: true }),
    ...(tags.length > 0 && { tagOverrides: tagOverrides as never }),
  };
}
