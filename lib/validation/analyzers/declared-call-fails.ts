import { Outcome } from '../../model/trace';
import { CALLS_ANNOTATION } from '../../private/calls';
import { findingFor, namespaceOf } from '../../private/analysis/objects';
import { asRecord } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3001';

/**
 * CDKI3001: a call a workload declares (`Workload` `calls`, http-echo's `next`, or the `cdk8s-istio/calls`
 * annotation) that the mesh model gives another outcome than the expected one (refused, denied, not routed, ... when
 * it should work; working when it should fail), or that cannot be traced (a malformed annotation, a host the set does
 * not have). The message carries the trace's reason. Calls the model cannot judge (`Outcome.UNKNOWN`: a host declared
 * external, a CUSTOM authorizer) are not reported.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-describe/
 */
export const declaredCallFails: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const callers = new Map<string, ManifestObject>();
    for (const obj of objects) {
      if (asRecord(asRecord(obj.metadata).annotations)[CALLS_ANNOTATION] !== undefined) callers.set(`${namespaceOf(obj) ?? 'default'}/${obj.metadata?.name}`, obj);
    }
    if (callers.size === 0) return [];
    const path = `metadata.annotations.${CALLS_ANNOTATION}`;
    const findings: Finding[] = [];
    for (const call of modelOf(objects, external.hosts).calls()) {
      const obj = callers.get(call.caller);
      if (!obj || call.asExpected || (call.outcome === Outcome.UNKNOWN && !call.traceError)) continue;
      const target = call.port === undefined ? call.host : `${call.host}:${call.port}`;
      findings.push(findingFor(obj, CODE, Severity.ERROR, path, call.traceError
        ? `declared call ${target ? `to ${target} ` : ''}cannot be traced: ${call.traceError}`
        : `declared call to ${target} gives ${call.outcome}, expected ${call.expected}: ${call.reason}; `
          + 'fix the routing or policy, or declare the outcome the call is meant to have (expect)'));
    }
    return findings;
  },
};
