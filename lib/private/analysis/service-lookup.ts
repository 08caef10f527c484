import { ManifestObject } from '../../validation/finding';
import { hostCovers } from '../hosts';
import { items } from '../rules/object';
import { asString, namespaceOf, ofKind, specOf } from './objects';
import { qualify } from './hosts';

const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

/**
 * A service a destination host resolves to, as istioctl analyze sees it: a ServiceEntry, or a Kubernetes Service
 * read as one (its ports).
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/
 */
export interface LookedUpService {
  readonly obj: ManifestObject;
  /** The declared port numbers. */
  readonly ports: readonly number[];
}

/**
 * The services of a set by `scope/fqdn`, scope being a namespace that sees the host or `*` for all, as Istio 1.30.3's
 * pkg/config/analysis/analyzers/util/service_lookup.go InitServiceEntryHostMap builds it: a ServiceEntry host under
 * each of its `exportTo` (`*` when empty, `.` its own namespace), a Service under each namespace of its
 * `networking.istio.io/exportTo` annotation (`*` when absent). Services are entered after ServiceEntries, so a Service
 * wins over a ServiceEntry with the same host and scope. The mesh's `defaultServiceExportTo` is not read (neither
 * does istioctl analyze).
 */
export type ServiceHostMap = ReadonlyMap<string, LookedUpService>;

/**
 * Builds the {@link ServiceHostMap} of a set.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServiceEntry-export_to
 */
export function serviceHostMap(objects: readonly ManifestObject[]): ServiceHostMap {
  const map = new Map<string, LookedUpService>();
  for (const se of ofKind(objects, 'networking.istio.io', 'ServiceEntry')) {
    const ns = namespaceOf(se) ?? 'default';
    const spec = specOf(se);
    const ports = items(spec, 'ports').map((p) => Number((p.value as Record<string, unknown> | null)?.number)).filter(Number.isFinite);
    const exportTo = stringsOf(spec.value.exportTo);
    const scopes = exportTo.length === 0 || exportTo.includes('*') ? ['*'] : exportTo.map((e) => (e === '.' ? ns : e));
    for (const h of items(spec, 'hosts')) {
      const host = asString(h.value);
      if (host) for (const scope of scopes) map.set(`${scope}/${qualify(host, ns)}`, { obj: se, ports });
    }
  }
  for (const svc of ofKind(objects, '', 'Service')) {
    const name = asString(svc.metadata?.name);
    if (!name) continue;
    const ns = namespaceOf(svc) ?? 'default';
    const ports = items(specOf(svc), 'ports').map((p) => Number((p.value as Record<string, unknown> | null)?.port)).filter(Number.isFinite);
    const annotation = asString((svc.metadata?.annotations as Record<string, unknown> | undefined)?.[EXPORT_TO_ANNOTATION]);
    const scopes = annotation === undefined ? ['*'] : annotation.split(',').map((s) => s.trim()).map((s) => (s === '.' ? ns : s));
    for (const scope of scopes) map.set(`${scope}/${qualify(name, ns)}`, { obj: svc, ports });
  }
  return map;
}

/**
 * The service `host` (as written in an object of `namespace` with that object's `exportTo`) resolves to, as Istio
 * 1.30.3's util.GetDestinationHost finds it: the host exported to all namespaces, then to the object's own namespace
 * (or each of its `exportTo` namespaces), then a wildcard host visible to `namespace` whose suffix the host ends with.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
 */
export function lookUpService(map: ServiceHostMap, namespace: string, exportTo: readonly string[], host: string): LookedUpService | undefined {
  const fqdn = qualify(host, namespace);
  const scopes = ['*', ...(exportTo.length === 0 ? [namespace] : exportTo.map((e) => (e === '.' ? namespace : e)))];
  for (const scope of scopes) {
    const found = map.get(`${scope}/${fqdn}`);
    if (found) return found;
  }
  const bare = host.startsWith('*') ? host.slice(1) : host;
  for (const [key, service] of map) {
    const [scope, entry] = splitKey(key);
    if (entry.startsWith('*') && (scope === '*' || scope === namespace) && bare.endsWith(entry.slice(1))) return service;
  }
  return undefined;
}

/**
 * True when the wildcard `host` (`*.local`) covers a service host visible from `namespace` (not looked up by
 * istioctl, which only matches wildcard ServiceEntry hosts).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#DestinationRule
 */
export function wildcardCoversService(map: ServiceHostMap, namespace: string, host: string): boolean {
  if (!host.startsWith('*')) return false;
  return [...map.keys()].map(splitKey).some(([scope, fqdn]) => (scope === '*' || scope === namespace) && hostCovers(host, fqdn));
}

/** `[scope, fqdn]` of a {@link ServiceHostMap} key. */
function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/**
 * The strings of a list field (`exportTo`); `[]` when absent.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-export_to
 */
export function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
