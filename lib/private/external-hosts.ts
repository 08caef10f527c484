import { ApiObject } from 'cdk8s';

/**
 * Annotation on a VirtualService listing destination hosts that live outside the manifests (a
 * Service of another repo, an addon installed from Istio's samples), comma-separated. The
 * validation engine and `cdk8s-istio validate` do not flag them as missing.
 */
export const EXTERNAL_HOSTS_ANNOTATION = 'validation.cdk8s-istio.io/external-hosts';

/** The hosts `obj`'s annotation declares external. */
export function annotatedExternalHosts(obj: { readonly metadata?: { readonly [key: string]: unknown } }): string[] {
  const value = (obj.metadata?.annotations as Record<string, unknown> | undefined)?.[EXTERNAL_HOSTS_ANNOTATION];
  return typeof value === 'string' ? value.split(',').map(h => h.trim()).filter(h => h !== '') : [];
}

/** Adds `hosts` to the annotation of `resource`, keeping the list sorted and unique. */
export function annotateExternalHosts(resource: ApiObject, hosts: readonly string[]): void {
  const current = annotatedExternalHosts({ metadata: resource.metadata.toJson() });
  const all = [...new Set([...current, ...hosts])].sort();
  if (all.length > 0) resource.metadata.addAnnotation(EXTERNAL_HOSTS_ANNOTATION, all.join(','));
}
