import { asLabels, findingFor, namespaceOf, ofKind, ROOT_NAMESPACE } from '../../private/analysis/objects';
import { INJECT_LABEL } from '../../private/analysis/injection';
import { asRecord, isRecord } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0103';

/**
 * IST0103: a running Pod without an `istio-proxy` container in a namespace labelled `istio-injection=enabled` (or
 * declared injected), as Istio 1.30.3's pkg/config/analysis/analyzers/injection/injection.go judges it: pods that
 * opt out (`sidecar.istio.io/inject: "false"`, the label over the annotation), host-network pods and ambient
 * namespaces excepted. Only Pods read from a cluster (with a `status` or a `metadata.uid`) are judged: a Pod manifest,
 * like a workload's pod template, gets its proxy from the injector when it is created, so no manifest can miss it.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0103/
 */
export const podMissingProxy: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const injected = new Set(external.injectedNamespaces ?? []);
    for (const ns of ofKind(objects, '', 'Namespace')) {
      const labels = ns.metadata?.labels ?? {};
      const name = ns.metadata?.name ?? '';
      if (name !== ROOT_NAMESPACE && labels['istio-injection'] === 'enabled' && labels['istio.io/dataplane-mode'] !== 'ambient') injected.add(name);
    }
    const findings: Finding[] = [];
    for (const pod of ofKind(objects, '', 'Pod')) {
      const ns = namespaceOf(pod) ?? 'default';
      const spec = asRecord(pod.spec);
      if (!injected.has(ns) || !isLive(pod) || optsOut(pod) || spec.hostNetwork === true) continue;
      const containers = [spec.containers, spec.initContainers].flatMap((list) => (Array.isArray(list) ? list : []));
      if (containers.some((c) => asRecord(c).name === 'istio-proxy')) continue;
      findings.push(findingFor(pod, CODE, Severity.WARNING, 'spec.containers',
        `pod has no istio-proxy container although namespace "${ns}" is enabled for injection (created before injection was enabled, `
        + 'or the injector did not run); restart or redeploy its workload'));
    }
    return findings;
  },
};

/** True for a Pod as the API server returns it (the API server sets `status` and `metadata.uid`). */
function isLive(pod: ManifestObject): boolean {
  const status = pod.status;
  return (isRecord(status) && Object.keys(status).length > 0) || typeof pod.metadata?.uid === 'string';
}

/** True when the pod opts out of injection: `sidecar.istio.io/inject` false (the label over the annotation). */
function optsOut(pod: ManifestObject): boolean {
  const labels = asLabels(pod.metadata?.labels);
  const value = labels[INJECT_LABEL] ?? asLabels(pod.metadata?.annotations)[INJECT_LABEL];
  return value?.toLowerCase() === 'false';
}
