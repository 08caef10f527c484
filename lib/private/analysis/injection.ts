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
