import { ManifestObject } from '../../validation/finding';
import { asRecord } from '../rules/object';
import { ofKind, refOf } from './objects';

/** The ConfigMap istio's sidecar injector reads its settings from (for the default revision). */
const INJECTOR_CONFIG_MAP = 'istio-sidecar-injector';

/**
 * The ConfigMap `istio-sidecar-injector` of the set whose `values` (JSON) set
 * `sidecarInjectorWebhook.enableNamespacesByDefault: true`, as `ConfigMap namespace/name`; `undefined` when there is none or
 * its `values` do not parse. As in Istio 1.30.3's pkg/config/analysis/analyzers/injection/injection.go
 * GetEnableNamespacesByDefaultFromInjectedConfigMap, the ConfigMap's namespace is not checked.
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function injectorConfigMapEnablingNamespaces(objects: readonly ManifestObject[]): string | undefined {
  for (const cm of ofKind(objects, '', 'ConfigMap')) {
    if (cm.metadata?.name !== INJECTOR_CONFIG_MAP) continue;
    const values = asRecord(asRecord(cm).data).values;
    try {
      const parsed: unknown = typeof values === 'string' ? JSON.parse(values) : undefined;
      if (asRecord(asRecord(parsed).sidecarInjectorWebhook).enableNamespacesByDefault === true) return `ConfigMap ${refOf(cm)}`;
    } catch {
      // values that do not parse enable nothing, as in istioctl
    }
  }
  return undefined;
}
