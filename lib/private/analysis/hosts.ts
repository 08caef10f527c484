import { ManifestObject } from '../../validation/finding';
import { hostCovers } from '../hosts';
import { asString, namespaceOf, ofKind } from './objects';

/** The cluster DNS suffix Istio assumes for Kubernetes Services. */
const CLUSTER_DOMAIN = 'svc.cluster.local';

/**
 * The fully qualified form of `host` as Istio reads it: a short name (no dot) is relative to `namespace`;
 * anything with a dot (including `name.ns`) is taken as already qualified.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
 */
export function qualify(host: string, namespace: string): string {
  return host.includes('.') || host.startsWith('*') ? host : `${host}.${namespace}.${CLUSTER_DOMAIN}`;
}

/**
 * True when `host` is a Kubernetes Service name (`*.svc.cluster.local`).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */
export function isClusterLocal(host: string): boolean {
  return host.endsWith(`.${CLUSTER_DOMAIN}`);
}

/**
 * True when two hosts overlap: equal, or one is a wildcard (`*`, `*.example.com`) covering the other.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */
export function hostsOverlap(a: string, b: string): boolean {
  return hostCovers(a, b) || hostCovers(b, a);
}

/**
 * The Kubernetes Services of a set by `name.namespace.svc.cluster.local`.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
 */
export function servicesByHost(objects: readonly ManifestObject[]): ReadonlyMap<string, ManifestObject> {
  const services = new Map<string, ManifestObject>();
  for (const svc of ofKind(objects, '', 'Service')) {
    const name = asString(svc.metadata?.name);
    if (name) services.set(`${name}.${namespaceOf(svc)}.${CLUSTER_DOMAIN}`, svc);
  }
  return services;
}

/**
 * True when `host` (as written in an object of `namespace`) is listed in `external` (FQDN or short names).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */
export function isExternalHost(external: readonly string[] | undefined, host: string, namespace: string): boolean {
  const fqdn = qualify(host, namespace);
  return (external ?? []).some((e) => e === host || hostsOverlap(qualify(e, namespace), fqdn));
}
