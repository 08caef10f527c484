// The tracing a workload's sidecar reports with, as istiod computes it from Telemetry and MeshConfig.
import { asString, refOf } from '../analysis/objects';
import { selects } from '../analysis/workloads';
import { asRecord } from '../rules/object';
import { list, MeshIndex, ModelPod, Obj, ProviderInfo } from './mesh-index';

/** The tracing provider of one side (client or server spans) of a workload's sidecar, and what decided it. */
export interface SideTracing {
  /** The provider name, or undefined when none applies (tracing is then off). */
  readonly provider?: string;
  /** The provider's kind and propagation in `meshConfig.extensionProviders`, when the set declares it. */
  readonly info?: ProviderInfo;
  /** What chose the provider: `Telemetry ns/name` or `meshConfig.defaultProviders.tracing`. */
  readonly source?: string;
  /** `disableSpanReporting` is set. */
  readonly disabled: boolean;
  /** `randomSamplingPercentage`, when a Telemetry sets it. */
  readonly sampling?: number;
}

/**
 * The tracing of `pod`'s client and server spans: `meshConfig.defaultProviders.tracing[0]`, then the `tracing` entries
 * of the root namespace's selector-less Telemetry, of the pod's namespace's selector-less Telemetry, and of the first
 * Telemetry of the pod's namespace whose selector matches it, in that order, each entry's first provider overriding
 * the sides its `match.mode` names (workload over namespace over root namespace).
 * @see https://istio.io/latest/docs/reference/config/telemetry/ (hierarchy: workload, namespace, root namespace)
 * @see Istio 1.30.3 pilot/pkg/model/telemetry.go Tracing, applicableTelemetries
 */
export function tracingFor(index: MeshIndex, pod: ModelPod): { readonly client: SideTracing; readonly server: SideTracing } {
  const root = index.settings.rootNamespace;
  const selectorOf = (t: Obj) => asRecord(asRecord(asRecord(t.spec).selector).matchLabels);
  const namespaceWide = (ns: string) => index.inNamespace('Telemetry', ns).find(t => Object.keys(selectorOf(t)).length === 0);
  const applicable: Obj[] = [namespaceWide(root), pod.namespace === root ? undefined : namespaceWide(pod.namespace)].filter((t): t is Obj => t !== undefined);
  for (const t of index.inNamespace('Telemetry', pod.namespace)) {
    const selector = selectorOf(t);
    // Only one workload Telemetry applies: Istio takes the first that selects the pod (by creation time; here, the
    // order of the set) and ignores the rest (applicableTelemetries `break`s after it).
    if (Object.keys(selector).length > 0 && selects(selector as Record<string, string>, pod.labels)) {
      applicable.push(t);
      break;
    }
  }
  const infoOf = (name: string) => [...index.settings.extensionProviders].find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
  const first = index.settings.defaultTracingProviders[0];
  let client: SideTracing = first ? { provider: first, info: infoOf(first), source: 'meshConfig.defaultProviders.tracing', disabled: false } : { disabled: false };
  let server = client;
  for (const telemetry of applicable) {
    for (const entry of list(asRecord(telemetry.spec).tracing).map(asRecord)) {
      const mode = asString(asRecord(entry.match).mode) ?? 'CLIENT_AND_SERVER';
      const name = asString(asRecord(list(entry.providers)[0]).name);
      const disabled = typeof entry.disableSpanReporting === 'boolean' ? entry.disableSpanReporting : undefined;
      const sampling = typeof entry.randomSamplingPercentage === 'number' ? entry.randomSamplingPercentage : undefined;
      const apply = (side: SideTracing): SideTracing => ({
        ...side,
        ...(name ? { provider: name, info: infoOf(name), source: `Telemetry ${refOf(telemetry)}` } : {}),
        ...(disabled !== undefined ? { disabled } : {}),
        ...(sampling !== undefined ? { sampling } : {}),
      });
      if (mode !== 'SERVER') client = apply(client);
      if (mode !== 'CLIENT') server = apply(server);
    }
  }
  return { client, server };
}
