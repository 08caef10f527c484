import { injectionByDefaultSource, namespacesWithoutInjectionLabel } from '../../private/analysis/injection';
import { findingFor } from '../../private/analysis/objects';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'IST0148';

/**
 * IST0148: a Namespace with neither `istio-injection` nor `istio.io/rev` that is injected all the same, because Istio
 * is installed with `sidecarInjectorWebhook.enableNamespacesByDefault: true` (in the ConfigMap
 * `istio-sidecar-injector`'s `values`, as Istio 1.30.3's pkg/config/analysis/analyzers/injection/injection.go reads it,
 * or in the set's IstioOperator `spec.values`). Ambient (`istio.io/dataplane-mode=ambient`), root and Kubernetes
 * system namespaces are not reported.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0148/
 */
export const namespaceInjectedByDefault: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const unlabelled = namespacesWithoutInjectionLabel(objects);
    if (unlabelled.length === 0) return [];
    const source = injectionByDefaultSource(objects);
    if (!source) return [];
    return unlabelled.map((ns) => findingFor(ns, CODE, Severity.INFO, 'metadata.labels',
      `namespace "${ns.metadata?.name}" has no injection label but is enabled for Istio injection, as Istio is installed with `
      + `sidecarInjectorWebhook.enableNamespacesByDefault=true (${source}); label it istio-injection=enabled to say so, or istio-injection=disabled to keep it out of the mesh`));
  },
};
