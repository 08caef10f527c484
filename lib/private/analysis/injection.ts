import { ManifestObject } from '../../validation/finding';
import { asRecord } from '../rules/object';

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
 * Whether the set's installation injects namespaces without an injection label: `sidecarInjectorWebhook.
 * enableNamespacesByDefault` in the `values` (JSON) of the `istio-sidecar-injector` ConfigMap, as Istio 1.30.3
 * pkg/config/analysis/analyzers/injection/injection.go reads it for a namespace without revision label, or in an
 * IstioOperator's `spec.values`.
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function injectsByDefault(objects: readonly ManifestObject[]): boolean {
  return objects.some((o) => {
    if (o.kind === 'IstioOperator') return asRecord(asRecord(asRecord(o.spec).values).sidecarInjectorWebhook).enableNamespacesByDefault === true;
    if (o.kind !== 'ConfigMap' || o.metadata?.name !== 'istio-sidecar-injector') return false;
    try {
      const values: unknown = JSON.parse(String(asRecord(o.data).values ?? ''));
      return asRecord(asRecord(values).sidecarInjectorWebhook).enableNamespacesByDefault === true;
    } catch {
      return false;
    }
  });
}
