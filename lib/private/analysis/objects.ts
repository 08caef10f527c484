import { Finding, ManifestObject, Severity } from '../../validation/finding';
import { asRecord, At } from '../rules/object';

/**
 * Istio's root namespace: policies there apply mesh-wide.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig
 */
export const ROOT_NAMESPACE = 'istio-system';

/**
 * Namespaces Kubernetes itself runs in; `istioctl analyze` skips them.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'MeshPolicy', 'ClusterRbacConfig', 'PodSecurityPolicy',
]);

/**
 * The key of an object among a set: kind, namespace and name (`namespace` absent for cluster-scoped objects).
 * Findings carry the same three, so it also finds the object a finding is about.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */
export function objectKey(kind: string | undefined, namespace: string | undefined, name: string | undefined): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

/**
 * Severities from the least to the most severe: thresholds compare by it, and findings sort most severe first.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { [Severity.INFO]: 0, [Severity.WARNING]: 1, [Severity.ERROR]: 2 };

/**
 * `value` when it is a non-empty string.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The string entries of a map (labels, selectors); `{}` when absent or malformed.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function asLabels(value: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value))) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/**
 * The object's `spec` (`{}` when absent) at path `spec`.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function specOf(obj: ManifestObject): At<Readonly<Record<string, unknown>>> {
  return { value: asRecord(obj.spec), path: 'spec' };
}

/**
 * The API group of `apiVersion`: `''` for the core group (`v1`).
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function groupOf(obj: ManifestObject): string {
  const apiVersion = obj.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The object's namespace: `metadata.namespace`, `default` when unset, `undefined` for cluster-scoped kinds.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function namespaceOf(obj: ManifestObject): string | undefined {
  const ns = asString(obj.metadata?.namespace);
  if (ns) return ns;
  return CLUSTER_SCOPED.has(obj.kind ?? '') ? undefined : 'default';
}

/**
 * Objects of one kind in one API group (`''` for core), e.g. `ofKind(objects, 'networking.istio.io', 'Gateway')`.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function ofKind(objects: readonly ManifestObject[], group: string, kind: string): ManifestObject[] {
  return objects.filter((o) => o.kind === kind && groupOf(o) === group);
}

/**
 * `namespace/name` of an object, for messages.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function refOf(obj: ManifestObject): string {
  const ns = namespaceOf(obj);
  const name = obj.metadata?.name ?? '<unnamed>';
  return ns ? `${ns}/${name}` : name;
}

/**
 * A finding about `obj`, with its kind, name and namespace filled in.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function findingFor(obj: ManifestObject, code: string, severity: Severity, path: string, message: string): Finding {
  return { code, severity, message, kind: obj.kind, name: obj.metadata?.name, namespace: namespaceOf(obj), path };
}

/**
 * Labels as `{a: b, c: d}` for messages.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function showLabels(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
}
