import { ManifestObject } from '../../validation/finding';
import { hostCovers } from '../hosts';
import { items } from '../rules/object';
import { asString, namespaceOf, ofKind, specOf } from './objects';

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
 * Where the set declares hosts: Kubernetes Services by FQDN and ServiceEntry hosts.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/
 */
export interface HostRegistry {
  /** Services by `name.namespace.svc.cluster.local`. */
  readonly services: ReadonlyMap<string, ManifestObject>;
  /** Every ServiceEntry host (qualified relative to the entry's namespace). */
  readonly entryHosts: readonly string[];
}

/**
 * Indexes the Services and ServiceEntries of a set.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/
 */
export function hostRegistry(objects: readonly ManifestObject[]): HostRegistry {
  const services = new Map<string, ManifestObject>();
  for (const svc of ofKind(objects, '', 'Service')) {
    const name = asString(svc.metadata?.name);
    if (name) services.set(`${name}.${namespaceOf(svc)}.${CLUSTER_DOMAIN}`, svc);
  }
  const entryHosts: string[] = [];
  for (const se of ofKind(objects, 'networking.istio.io', 'ServiceEntry')) {
    for (const h of items(specOf(se), 'hosts')) {
      const host = asString(h.value);
      if (host) entryHosts.push(qualify(host, namespaceOf(se) ?? 'default'));
    }
  }
  return { services, entryHosts };
}

/**
 * True when a qualified `host` is a Service or ServiceEntry host of the registry.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */
export function isDeclared(registry: HostRegistry, host: string): boolean {
  return registry.services.has(host) || registry.entryHosts.some((h) => hostsOverlap(h, host));
}

/**
 * True when `host` (as written in an object of `namespace`) is listed in `external` (FQDN or short names).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */
export function isExternalHost(external: readonly string[] | undefined, host: string, namespace: string): boolean {
  const fqdn = qualify(host, namespace);
  return (external ?? []).some((e) => e === host || hostsOverlap(qualify(e, namespace), fqdn));
}
