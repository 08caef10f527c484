import { ManifestObject } from '../../validation/finding';
import { asRecord } from '../rules/object';
import { asLabels, groupOf, namespaceOf } from './objects';

/**
 * A workload of the set and the labels and annotations its pods carry.
 * @see https://istio.io/latest/docs/reference/config/type/workload-selector/
 */
export interface Workload {
  readonly obj: ManifestObject;
  readonly namespace: string;
  /** Pod labels (the pod template's, or the Pod's own). */
  readonly labels: Readonly<Record<string, string>>;
  /** Pod annotations. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The pod spec (the pod template's, or the Pod's own). */
  readonly podSpec: Readonly<Record<string, unknown>>;
}

const TEMPLATE_KINDS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  Job: ['batch'],
};

/** The pod template (metadata and spec) of a workload object, or `undefined` when `obj` creates no pods. */
function podTemplate(obj: ManifestObject): Readonly<Record<string, unknown>> | undefined {
  const kind = obj.kind ?? '';
  const group = groupOf(obj);
  const spec = asRecord(obj.spec);
  if (kind === 'Pod' && group === '') return obj;
  if (kind === 'CronJob' && group === 'batch') return asRecord(asRecord(asRecord(spec.jobTemplate).spec).template);
  if (TEMPLATE_KINDS[kind]?.includes(group)) return asRecord(spec.template);
  return undefined;
}

/**
 * The workloads of a set: Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and Pods.
 * @see https://istio.io/latest/docs/reference/config/type/workload-selector/
 */
export function workloadsOf(objects: readonly ManifestObject[]): Workload[] {
  const out: Workload[] = [];
  for (const obj of objects) {
    const template = podTemplate(obj);
    if (!template) continue;
    const pod = asRecord(template.metadata);
    out.push({
      obj,
      namespace: namespaceOf(obj) ?? 'default',
      labels: asLabels(pod.labels),
      annotations: asLabels(pod.annotations),
      podSpec: asRecord(template.spec),
    });
  }
  return out;
}

/**
 * True when every `selector` label is on `labels` (an empty selector matches everything, as in Kubernetes).
 * @see https://istio.io/latest/docs/reference/config/type/workload-selector/
 */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** `workloads` grouped by namespace, so per-namespace lookups stay linear in large sets. */
export function byNamespace(workloads: readonly Workload[]): ReadonlyMap<string, readonly Workload[]> {
  const out = new Map<string, Workload[]>();
  for (const w of workloads) {
    const list = out.get(w.namespace);
    if (list) list.push(w);
    else out.set(w.namespace, [w]);
  }
  return out;
}
