import { hostCovers } from '../hosts';
import { exportToOf, list, MeshIndex, Obj } from '../model/mesh-index';
import { asRecord } from '../rules/object';
import { qualify } from './hosts';
import { namespaceOf } from './objects';

/**
 * The Service or ServiceEntry a destination host resolves to, and the port numbers it declares.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/
 */
export interface LookedUpService {
  readonly obj: Obj;
  readonly ports: readonly number[];
}

/** How {@link lookUpService} reads a wildcard host. */
export interface LookupOptions {
  /**
   * Also resolve a wildcard `host` (`*.local`) to a Service or ServiceEntry visible from the object's namespace whose
   * host it covers, as istiod applies a wildcard DestinationRule (istioctl only matches wildcard ServiceEntry hosts).
   * @default false
   */
  readonly wildcardCovers?: boolean;
}

/**
 * The scopes the hosts of a VirtualService or DestinationRule are looked up in, as Istio 1.30.3's
 * pkg/config/analysis/analyzers/util/service_lookup.go GetDestinationHost takes them: the object's `exportTo` as written
 * (`.` its own namespace, `*` every namespace), else its own namespace. The mesh's default exportTo for the kind is not
 * read there.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-export_to
 */
export function lookupScopes(from: Obj): string[] {
  const ns = namespaceOf(from) ?? 'default';
  const exportTo = list(asRecord(from.spec).exportTo).map(String);
  return exportTo.length === 0 ? [ns] : exportTo.map((e) => (e === '.' ? ns : e));
}

/**
 * The Service or ServiceEntry `host`, as written in the VirtualService or DestinationRule `from`, resolves to, as Istio
 * 1.30.3's pkg/config/analysis/analyzers/util/service_lookup.go GetDestinationHost finds it in the map
 * InitServiceEntryHostMap builds (istioctl analyze's lookup, which IST0101, IST0112 and IST0174 use there):
 *
 * 1. the host (qualified in `from`'s namespace) exported to every namespace, then exported to each of
 *    {@link lookupScopes} in turn; within one scope a Kubernetes Service wins over a ServiceEntry of the same host (the
 *    Services are entered in the map last; istiod too keeps the Kubernetes Service of a host and namespace,
 *    pilot/pkg/model/push_context.go initServiceRegistry), and of two ServiceEntries the later one;
 * 2. else the first wildcard ServiceEntry host (`*.example.com`, `*`) visible from `from`'s own namespace (not its
 *    `exportTo`) that the host as written ends with, a leading `*` of the host set aside;
 * 3. else, with {@link LookupOptions.wildcardCovers}, the first Service or ServiceEntry visible from `from`'s namespace
 *    that the wildcard `host` covers.
 *
 * Which namespaces a Service or ServiceEntry is exported to is the mesh model's {@link exportToOf}: its `exportTo`
 * (a Service's `networking.istio.io/exportTo` annotation), else `meshConfig.defaultServiceExportTo` as istiod reads
 * it (pilot/pkg/model/push_context.go IsServiceVisible). istioctl analyze reads no mesh default there (a missing
 * exportTo is `*`); the two agree unless the set's IstioOperator sets that default, and then istiod's reading is what
 * decides whether the route or rule finds its service at run time.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
 */
export function lookUpService(index: MeshIndex, from: Obj, host: string, options: LookupOptions = {}): LookedUpService | undefined {
  const ns = namespaceOf(from) ?? 'default';
  const fqdn = qualify(host, ns);
  const inScope = (obj: Obj, scope: string): boolean =>
    (scope === '*' ? exportToOf(obj, index.settings.defaultExportTo).includes('*') : index.visible(obj, scope));
  const service = index.services.get(fqdn);
  for (const scope of ['*', ...lookupScopes(from)]) {
    if (service && inScope(service.obj, scope)) return { obj: service.obj, ports: service.ports.map((p) => p.port) };
    const entry = index.entries.filter((e) => e.hosts.includes(fqdn) && inScope(e.obj, scope)).pop();
    if (entry) return entry;
  }
  const bare = host.startsWith('*') ? host.slice(1) : host;
  const wildcard = index.entries.find((e) => index.visible(e.obj, ns) && e.hosts.some((h) => h.startsWith('*') && bare.endsWith(h.slice(1))));
  if (wildcard) return wildcard;
  if (!options.wildcardCovers || !host.startsWith('*')) return undefined;
  const covered = [...index.services.values()].find((s) => hostCovers(host, s.fqdn) && index.visible(s.obj, ns));
  if (covered) return { obj: covered.obj, ports: covered.ports.map((p) => p.port) };
  return index.entries.find((e) => e.hosts.some((h) => hostCovers(host, h)) && index.visible(e.obj, ns));
}
