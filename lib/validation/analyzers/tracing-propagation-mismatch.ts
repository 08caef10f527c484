import { SpanReporting } from '../../model/trace';
import { findingFor, namespaceOf } from '../../private/analysis/objects';
import { workloadsOf } from '../../private/analysis/workloads';
import { knownPropagation, TracePropagation } from '../../private/http-echo';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3004';

const HEADERS: Readonly<Record<TracePropagation, string>> = { b3: 'B3 (x-b3-*)', w3c: 'W3C traceparent' };

/**
 * CDKI3004 (warning): a workload whose image the library knows forwards a trace context format the tracing provider
 * that applies to it (per the mesh model: workload over namespace over root namespace Telemetry, then the default
 * provider) does not read. The sidecar then starts a new trace at every hop, and one request shows as disconnected
 * traces. OpenTelemetry reads only W3C `traceparent`; Zipkin reads B3. Known images: http-echo forwards B3 only.
 * Judged only where the set's IstioOperator declares the provider (its kind is known).
 * @see https://istio.io/latest/about/faq/distributed-tracing/
 */
export const tracingPropagationMismatch: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    if (!objects.some(o => o.kind === 'Telemetry' || o.kind === 'IstioOperator')) return [];
    const model = modelOf(objects, external.hosts);
    const findings: Finding[] = [];
    const known = new Set(model.workloads());
    for (const w of workloadsOf(objects)) {
      const ref = `${namespaceOf(w.obj) ?? 'default'}/${w.obj.metadata?.name}`;
      if (!known.has(ref)) continue;
      const tracing = model.tracing(ref);
      const forwarded = [...new Set(tracing.images.map(knownPropagation).filter((p): p is TracePropagation => p !== undefined))];
      if (forwarded.length === 0) continue;
      const mismatch = (s: SpanReporting) => !s.disabled && s.provider !== undefined && s.propagation.length > 0
        && !forwarded.some(p => s.propagation.map(String).includes(p));
      const side = [tracing.server, tracing.client].find(mismatch);
      if (!side) continue;
      const reads = side.propagation.map(p => HEADERS[p as string as TracePropagation]).join(' or ');
      findings.push(findingFor(w.obj, CODE, Severity.WARNING, w.obj.kind === 'Pod' ? 'spec.containers' : 'spec.template.spec.containers',
        `its image forwards only ${forwarded.map(p => HEADERS[p]).join(' and ')} to the services it calls, but tracing provider ${side.provider} (${side.kind}, from ${side.source}) reads ${reads}: `
        + `every hop starts a new trace, so one request shows as disconnected traces; use a provider that reads ${forwarded.map(p => HEADERS[p]).join(' or ')} (ExtensionProvider.zipkin for B3)`));
    }
    return findings;
  },
};
