import { injectionByDefaultSource, namespacesWithoutInjectionLabel } from '../../private/analysis/injection';
import { asString, findingFor } from '../../private/analysis/objects';
import { Finding, ManifestObject, Severity } from '../finding';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0102';

/**
 * IST0102 (info): a Namespace of the set without an injection label (`istio-injection` or `istio.io/rev`), so its pods
 * get no sidecar, as Istio 1.30.3 pkg/config/analysis/analyzers/injection/injection.go: not for the root namespace,
 * the Kubernetes system namespaces, ambient namespaces (`istio.io/dataplane-mode: ambient`), namespaces declared
 * injected, nor when the installation injects namespaces by default (IST0148's).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0102/
 */
export const namespaceNotInjected: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    if (injectionByDefaultSource(objects)) return [];
    const injected = new Set(external.injectedNamespaces ?? []);
    const findings: Finding[] = [];
    for (const ns of namespacesWithoutInjectionLabel(objects)) {
      const name = asString(ns.metadata?.name) ?? '';
      if (injected.has(name)) continue;
      findings.push(findingFor(ns, CODE, Severity.INFO, 'metadata.labels',
        `namespace "${name}" is not labelled for sidecar injection, so its pods run outside the mesh; label it istio-injection=enabled `
        + '(or istio.io/rev=<revision>), or istio-injection=disabled if that is intended'));
    }
    return findings;
  },
};
