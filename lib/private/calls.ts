// The calls a workload declares, as the annotation on its workload object carries them. Written by the Workload
// construct, read by the mesh model (so `MeshModel.fromObjects` on YAML sees them too).

/**
 * The annotation on a workload object (Deployment, StatefulSet, ..., Pod) listing the calls its pods make, as a JSON
 * list of `{ "host", "port"?, "method"?, "path"?, "expect"?, "external"? }`. Its prefix deliberately does not end in
 * `istio.io`: `istioctl analyze` reports every annotation of a Deployment, Pod, Service or Namespace under such a
 * prefix that Istio does not define as IST0108 UnknownAnnotation (`cdk8s-istio.io` would be one). On the Deployment's
 * own metadata, not the pod template, so changing the calls does not restart the pods.
 * @see Istio 1.30.3 pkg/config/analysis/analyzers/annotations/annotations.go (istioAnnotation)
 */
export const CALLS_ANNOTATION = 'cdk8s-istio/calls';

/** One declared call, as the annotation carries it. */
export interface CallSpec {
  /** The host as the caller sends it (Host header): `world`, `world.ns2`, an FQDN or an external host. */
  readonly host: string;
  readonly port?: number;
  readonly method?: string;
  readonly path?: string;
  /** The outcome it is expected to have (an `Outcome` value); absent: `ok`. */
  readonly expect?: string;
  /** The host lives outside the set (a Service of another repo): the model does not judge the call. */
  readonly external?: boolean;
}

const FIELDS: Readonly<Record<string, string>> = { host: 'string', port: 'number', method: 'string', path: 'string', expect: 'string', external: 'boolean' };

/** The annotation value for `calls` (undefined when there are none). */
export function formatCalls(calls: readonly CallSpec[]): string | undefined {
  return calls.length === 0 ? undefined : JSON.stringify(calls);
}

/**
 * The calls an object's annotation declares, or the problem with its value (not JSON, not a list of calls). An
 * object without the annotation declares none.
 */
export function parseCalls(annotations: unknown): { calls: CallSpec[]; error?: string } {
  const value = annotations && typeof annotations === 'object' ? (annotations as Record<string, unknown>)[CALLS_ANNOTATION] : undefined;
  if (value === undefined) return { calls: [] };
  const problem = (why: string) => ({ calls: [], error: `annotation ${CALLS_ANNOTATION} ${why}, e.g. [{"host": "world", "port": 8080}], got ${JSON.stringify(value).slice(0, 200)}` });
  if (typeof value !== 'string') return problem('must be a string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return problem('must be JSON');
  }
  if (!Array.isArray(parsed)) return problem('must be a JSON list of calls');
  for (const [i, call] of parsed.entries()) {
    if (!call || typeof call !== 'object' || Array.isArray(call)) return problem(`must list objects, and item ${i} is not one`);
    for (const [key, v] of Object.entries(call)) {
      if (!FIELDS[key]) return problem(`item ${i} has field "${key}" (the fields are ${Object.keys(FIELDS).join(', ')})`);
      if (typeof v !== FIELDS[key]) return problem(`item ${i}: "${key}" must be a ${FIELDS[key]}`);
    }
    if (typeof call.host !== 'string' || call.host.trim() === '') return problem(`item ${i} must name a "host"`);
  }
  return { calls: parsed as CallSpec[] };
}
