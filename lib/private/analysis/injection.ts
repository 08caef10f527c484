import { ManifestObject } from '../../validation/finding';
import { asRecord } from '../rules/object';
import { asLabels, asString, ofKind, refOf, ROOT_NAMESPACE, SYSTEM_NAMESPACES } from './objects';

/** The pod label (or, deprecated, annotation) that opts a pod in or out of sidecar injection. */
export const INJECT_LABEL = 'sidecar.istio.io/inject';

/**
 * Whether pods get a sidecar, from the pod's `sidecar.istio.io/inject` label and annotation and its namespace's
 * labels: a `false`/`disabled` on either side wins, then a `true`/`enabled` (or an `istio.io/rev` revision label),
 * else injection only with the installation's `sidecarInjectorWebhook.enableNamespacesByDefault` (off by default). `undefined` when the namespace's labels are
 * unknown (`namespaceLabels` undefined) and the pod does not say.
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function sidecarInjected(
  podLabels: Readonly<Record<string, string>>,
  podAnnotations: Readonly<Record<string, string>>,
  namespaceLabels: Readonly<Record<string, string>> | undefined,
  enableNamespacesByDefault = false,
): boolean | undefined {
  const pod = podLabels[INJECT_LABEL];
  const namespace = namespaceLabels?.['istio-injection'];
  if (pod === 'false' || podAnnotations[INJECT_LABEL] === 'false' || namespace === 'disabled') return false;
  if (pod === 'true' || namespace === 'enabled' || namespaceLabels?.['istio.io/rev'] !== undefined || enableNamespacesByDefault) return true;
  return namespaceLabels === undefined ? undefined : false;
}

/**
 * What in the set makes its installation inject namespaces without an injection label
 * (`sidecarInjectorWebhook.enableNamespacesByDefault: true`), as `Kind namespace/name`: the `values` (JSON) of the
 * ConfigMap `istio-sidecar-injector`, as Istio 1.30.3's pkg/config/analysis/analyzers/injection/injection.go
 * GetEnableNamespacesByDefaultFromInjectedConfigMap reads it (its namespace not checked; values that do not parse
 * enable nothing), else an IstioOperator's `spec.values`; `undefined` when nothing does.
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function injectionByDefaultSource(objects: readonly ManifestObject[]): string | undefined {
  const enables = (values: unknown): boolean => asRecord(asRecord(values).sidecarInjectorWebhook).enableNamespacesByDefault === true;
  const configMap = ofKind(objects, '', 'ConfigMap').find((cm) => {
    if (cm.metadata?.name !== 'istio-sidecar-injector') return false;
    try {
      return enables(JSON.parse(String(asRecord(cm.data).values ?? '')));
    } catch {
      return false;
    }
  });
  const source = configMap ?? ofKind(objects, 'install.istio.io', 'IstioOperator').find((op) => enables(asRecord(op.spec).values));
  return source ? `${source.kind} ${refOf(source)}` : undefined;
}

/**
 * The Namespaces of the set whose injection Istio 1.30.3's pkg/config/analysis/analyzers/injection/injection.go judges
 * (not the root namespace, the Kubernetes system namespaces nor ambient ones, `istio.io/dataplane-mode: ambient`) that
 * have no injection label (`istio-injection` or `istio.io/rev`).
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function namespacesWithoutInjectionLabel(objects: readonly ManifestObject[]): ManifestObject[] {
  return ofKind(objects, '', 'Namespace').filter((ns) => {
    const name = asString(ns.metadata?.name) ?? '';
    const labels = asLabels(ns.metadata?.labels);
    return name !== ROOT_NAMESPACE && !SYSTEM_NAMESPACES.has(name) && labels['istio.io/dataplane-mode'] !== 'ambient'
      && !labels['istio-injection'] && labels['istio.io/rev'] === undefined;
  });
}
