// The objects of a set, indexed the way the mesh model looks them up. Reads plain manifest objects only.
import { CallSpec, parseCalls } from '../calls';
import { annotatedExternalHosts } from '../external-hosts';
import { httpEchoLatency, TracePropagation } from '../http-echo';
import { hostCovers } from '../hosts';
import { qualify } from '../analysis/hosts';
import { sidecarInjected } from '../analysis/injection';
import { asLabels, asString, groupOf, namespaceOf, refOf, ROOT_NAMESPACE } from '../analysis/objects';
import { gatewayKey, MESH_GATEWAY } from '../analysis/virtual-services';
import { selects, workloadsOf } from '../analysis/workloads';
import { asRecord } from '../rules/object';
import { GatewayApiTranslation, translateGatewayApi } from './gateway-api';

/** A manifest object as the analysis helpers take it. */
export type Obj = Parameters<typeof namespaceOf>[0];

/** A group of pods of the set: one Deployment, StatefulSet, ..., or Pod. */
export interface ModelPod {
  /** `namespace/name` of the workload object. */
  readonly ref: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  /** Whether the pods get a sidecar; `undefined` when the set does not say (no Namespace object). */
  readonly sidecar: boolean | undefined;
  /**
   * Whether the pods are in ambient mode: `istio.io/dataplane-mode=ambient` on the pod or its namespace (a pod's
   * `none` opts it out) and no sidecar, as ztunnel skips pods with one (Istio 1.30.3 pkg/config/constants
   * DataplaneModeAmbient, DataplaneModeNone; cni/pkg/util/enablement_selector.go Matches: a pod with a sidecar opts out).
   */
  readonly ambient: boolean;
  /** For a waypoint's own pods as the model makes them: the Service whose traffic it handles on this hop. */
  readonly waypointService?: ModelService;
  /** Container ports by name. */
  readonly containerPorts: ReadonlyMap<string, number>;
  /** False for a workload scaled to `replicas: 0`, which gives its Services no endpoints. */
  readonly running: boolean;
  /** Its pod count as declared: `replicas` (1 when unset, and for kinds without replicas). */
  readonly replicas: number;
  /** The http-echo `LATENCY` of its slowest container, in seconds (the image sleeps that long before answering). */
  readonly latencySeconds?: number;
  /** The calls its annotation declares. */
  readonly calls: readonly CallSpec[];
  /** What is wrong with its calls annotation, if anything. */
  readonly callsError?: string;
  /** The images of its containers, as the pod spec writes them. */
  readonly images: readonly string[];
}

/** One port of a Kubernetes Service. */
export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  /** The port carries TLS the sidecar routes by SNI (`https`/`tls` name prefix or appProtocol). */
  readonly tls: boolean;
  /**
   * The port is declared TCP (`tcp`, `mongo`, `mysql`, `redis` name prefix or appProtocol): the sidecar proxies it as
   * opaque TCP, so HTTP routes and HTTP-only policy fields do not apply. An unnamed port is sniffed, and taken as HTTP.
   * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
   */
  readonly tcp: boolean;
}

/** A Kubernetes Service of the set. */
export interface ModelService {
  readonly ref: string;
  readonly name: string;
  readonly namespace: string;
  readonly fqdn: string;
  readonly obj: Obj;
  /** The selector; `undefined` for a Service without one (no endpoints from pods). */
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePort[];
}

/**
 * A waypoint: a Gateway API Gateway of class `istio-waypoint`. istiod deploys it as `<name>` with ServiceAccount
 * `<name>` in the Gateway's namespace; `istio.io/waypoint-for` (default `service`) says which traffic it handles.
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/
 * @see Istio 1.30.3 pkg/config/constants/constants.go (WaypointGatewayClassName), pilot/pkg/serviceregistry/ambient/waypoints.go
 */
export interface ModelWaypoint {
  readonly ref: string;
  readonly name: string;
  readonly namespace: string;
  /** `service`, `workload`, `all` or `none`. */
  readonly trafficType: string;
}

/** The label that makes a Service or namespace use a waypoint (the value `none` opts out). */
export const USE_WAYPOINT = 'istio.io/use-waypoint';
/** The label naming the namespace of the waypoint {@link USE_WAYPOINT} names (default: the object's own). */
export const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';
/** The label by which traffic from ingress gateways goes through the Service's waypoint (`true`). */
export const INGRESS_USE_WAYPOINT = 'istio.io/ingress-use-waypoint';
/** The label that enrolls a namespace (or pod) in ambient mode (`ambient`; `none` opts a pod out). */
export const DATAPLANE_MODE = 'istio.io/dataplane-mode';
/** The GatewayClass of waypoints. */
export const WAYPOINT_CLASS = 'istio-waypoint';

/** A ServiceEntry of the set. */
export interface ModelEntry {
  readonly obj: Obj;
  readonly ref: string;
  readonly namespace: string;
  readonly hosts: readonly string[];
  readonly ports: readonly number[];
  /** Ports whose protocol is TLS or HTTPS (TLS the sidecar routes by SNI). */
  readonly tlsPorts: readonly number[];
  readonly location: string;
}

/** A VirtualService with its qualified hosts and gateway keys (`mesh` or `namespace/name`). */
export interface ModelVirtualService {
  readonly obj: Obj;
  readonly ref: string;
  readonly namespace: string;
  readonly hosts: readonly string[];
  readonly gateways: readonly string[];
  /** For a VirtualService istiod generates from Gateway API HTTPRoutes: those routes as `namespace/name`. */
  readonly httpRoutes?: readonly string[];
}

/** The mesh-wide settings the model reads from IstioOperator `meshConfig`. */
export interface MeshSettings {
  readonly rootNamespace: string;
  readonly trustDomain: string;
  /** `ALLOW_ANY` (Istio's default) or `REGISTRY_ONLY`. */
  readonly outboundMode: string;
  /** Where `outboundMode` comes from, for the trace. */
  readonly outboundSource: string;
  readonly autoMtls: boolean;
  /** `values.sidecarInjectorWebhook.enableNamespacesByDefault`: namespaces without an injection label are injected. */
  readonly injectByDefault: boolean;
  /**
   * Who fetches `jwksUri` key sets, from istiod's `PILOT_JWT_ENABLE_REMOTE_JWKS`: `istiod` (unset, `false`, `istiod`, or
   * anything else), `hybrid` (`true`, `hybrid`) or `envoy` (pkg/jwt/jwt.go ConvertToJwksFetchMode).
   */
  readonly jwksFetchMode: 'istiod' | 'hybrid' | 'envoy';
  /** `meshConfig.extensionProviders` by name: each one's kind (`opentelemetry`, `zipkin`, ...) and trace propagation. */
  readonly extensionProviders: ReadonlyMap<string, ProviderInfo>;
  /** `meshConfig.defaultProviders.tracing`. */
  readonly defaultTracingProviders: readonly string[];
  /**
   * The namespaces objects without `exportTo` are exported to, by kind: `meshConfig.defaultServiceExportTo` (Services
   * and ServiceEntries), `defaultVirtualServiceExportTo` and `defaultDestinationRuleExportTo`; `['*']` when unset.
   */
  readonly defaultExportTo: Readonly<Record<'Service' | 'VirtualService' | 'DestinationRule', readonly string[]>>;
  /** What the set's IstioOperator installs for ambient mode; `undefined` without one (the set does not say). */
  readonly ambientInstall?: AmbientInstall;
}

/**
 * The parts of ambient mode an IstioOperator installs, as `istioctl install` reads its profile and components:
 * ztunnel and istio-cni (`components.ztunnel`/`cni.enabled`, on in the `ambient` and `openshift-ambient` profiles;
 * istio-cni also in `openshift`) and istiod's ambient support (`values.profile: ambient`, set by those profiles).
 * @see https://istio.io/latest/docs/ambient/install/istioctl/
 * @see Istio 1.30.3 manifests/profiles/ambient.yaml, manifests/helm-profiles/ambient.yaml (PILOT_ENABLE_AMBIENT, cni.ambient.enabled)
 */
export interface AmbientInstall {
  /** The IstioOperator, `namespace/name`. */
  readonly operator: string;
  /** Its profile (`default` when unset). */
  readonly profile: string;
  /** What it leaves out, e.g. `ztunnel (components.ztunnel.enabled)`; `[]` when ambient mode works. */
  readonly missing: readonly string[];
}

/**
 * A `meshConfig.extensionProviders` entry: its kind, and the trace context formats its tracer reads and writes
 * (OpenTelemetry: W3C; Zipkin: B3, and W3C too with `traceContextOption: USE_B3_WITH_W3C_PROPAGATION`; others: not known).
 * @see https://istio.io/latest/about/faq/distributed-tracing/
 * @see Istio 1.30.3 pilot/pkg/networking/core/tracing.go convertTraceContextOption (USE_B3 by default)
 */
export interface ProviderInfo {
  readonly kind: string;
  readonly propagation: readonly TracePropagation[];
}

/** A note about something the model does not model, and the namespace it is about (`undefined`: mesh-wide). */
export interface ScopedNote {
  readonly namespace?: string;
  readonly text: string;
}

/** The Gateway API group (its objects are translated by ./gateway-api.ts, which this module must not need at load time). */
export const GATEWAY_API = 'gateway.networking.k8s.io';
/** The label istiod puts on the pods it deploys for a Gateway (manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml). */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);
/** The kinds the model reads, by API group (a Gateway API `Gateway` is not Istio's). */
const READ: Readonly<Record<string, readonly string[]>> = {
  '': ['Pod', 'Service', 'Namespace'],
  'apps': ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
  'extensions': ['Deployment', 'DaemonSet', 'ReplicaSet'],
  'batch': ['Job', 'CronJob'],
  'networking.istio.io': ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry'],
  'security.istio.io': ['PeerAuthentication', 'RequestAuthentication', 'AuthorizationPolicy'],
  'install.istio.io': ['IstioOperator'],
  'telemetry.istio.io': ['Telemetry'],
  [GATEWAY_API]: ['Gateway', 'HTTPRoute', 'ReferenceGrant'],
};
/** Kinds that do not change what happens to a request. */
const INERT = new Set([
  'ServiceAccount', 'Secret', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'HorizontalPodAutoscaler',
  'PodDisruptionBudget', 'CustomResourceDefinition', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'LimitRange',
  'ResourceQuota', 'PriorityClass', 'Kustomization',
]);

/** The set's objects, indexed for the model's lookups. */
export class MeshIndex {
  public readonly pods: ModelPod[] = [];
  public readonly podsByNamespace = new Map<string, ModelPod[]>();
  public readonly services = new Map<string, ModelService>();
  public readonly entries: ModelEntry[] = [];
  public readonly gateways: Obj[] = [];
  /** VirtualServices by exact qualified host, and those with a wildcard host. */
  public readonly exactVirtualServices = new Map<string, ModelVirtualService[]>();
  public readonly wildcardVirtualServices: ModelVirtualService[] = [];
  private virtualServicesByRef?: Map<string, ModelVirtualService>;
  /** DestinationRules, PeerAuthentications, RequestAuthentications and AuthorizationPolicies by namespace. */
  public readonly byKindAndNamespace = new Map<string, Obj[]>();
  public readonly namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
  public readonly namespaces = new Set<string>();
  /** Telemetry objects: they change no request, but pictures show their providers. */
  public readonly telemetries: Obj[] = [];
  public readonly notes: ScopedNote[] = [];
  public readonly externalHosts: string[];
  public readonly settings: MeshSettings;
  /** The Gateway API objects as istiod translates them (their VirtualServices are indexed with the others). */
  public readonly gatewayApi: GatewayApiTranslation;
  /** The waypoints (Gateway API Gateways of class `istio-waypoint`) by `namespace/name`. */
  public readonly waypoints = new Map<string, ModelWaypoint>();
  private readonly waypointPods = new Map<string, ModelPod>();

  constructor(objects: readonly unknown[], externalHosts: readonly string[]) {
    const flat = flatten(objects);
    const operators: Obj[] = [];
    const workloadObjects: Obj[] = [];
    const virtualServices: Obj[] = [];
    const gatewayApi: Obj[] = [];
    const external = [...externalHosts];
    for (const obj of flat) {
      const kind = obj.kind ?? '';
      const ns = namespaceOf(obj);
      if (ns) this.namespaces.add(ns);
      external.push(...annotatedExternalHosts(obj));
      if (kind === 'Telemetry' && groupOf(obj) === 'telemetry.istio.io') this.telemetries.push(obj);
      if (!READ[groupOf(obj)]?.includes(kind)) {
        if (!INERT.has(kind) && !(kind === 'ConfigMap' && obj.metadata?.name !== 'istio')) {
          const group = groupOf(obj);
          const what = group === '' || group.endsWith('istio.io') ? kind || '<no kind>' : `${kind} (${group})`;
          this.notes.push({ namespace: ns, text: `not modelled: ${what} ${refOf(obj)} may change this` });
        }
        continue;
      }
      if (groupOf(obj) === GATEWAY_API && kind === 'Gateway' && asRecord(obj.spec).gatewayClassName === WAYPOINT_CLASS) this.addWaypoint(obj);
      if (groupOf(obj) === GATEWAY_API) gatewayApi.push(obj);
      else if (WORKLOAD_KINDS.has(kind)) workloadObjects.push(obj);
      else if (kind === 'Service') this.addService(obj);
      else if (kind === 'Namespace') this.namespaceLabels.set(asString(obj.metadata?.name) ?? '', asLabels(obj.metadata?.labels));
      else if (kind === 'IstioOperator') operators.push(obj);
      else if (kind === 'VirtualService') virtualServices.push(obj);
      else if (kind === 'Gateway') this.gateways.push(obj);
      else if (kind === 'ServiceEntry') this.addEntry(obj);
      else this.add(kind, ns ?? 'default', obj);
    }
    for (const name of this.namespaceLabels.keys()) this.namespaces.add(name);
    this.externalHosts = external;
    this.settings = meshSettings(operators, this.notes);
    for (const vs of virtualServices) this.addVirtualService(vs);
    for (const w of workloadsOf(workloadObjects)) {
      const spec = w.obj.kind === 'Pod' ? asRecord(w.obj.spec) : podSpec(w.obj);
      const declared = parseCalls(w.obj.metadata?.annotations);
      const ports = new Map<string, number>();
      const latencies = list(spec.containers).map(c => httpEchoLatency(asRecord(c))).filter((l): l is number => l !== undefined);
      for (const c of list(spec.containers)) {
        for (const p of list(asRecord(c).ports)) {
          const port = asRecord(p);
          if (typeof port.name === 'string' && typeof port.containerPort === 'number') ports.set(port.name, port.containerPort);
        }
      }
      const sidecar = w.namespace === this.settings.rootNamespace && w.labels.istio !== undefined
        ? true
        : sidecarInjected(w.labels, w.annotations, this.namespaceLabels.get(w.namespace), this.settings.injectByDefault);
      const mode = w.labels[DATAPLANE_MODE] ?? this.namespaceLabels.get(w.namespace)?.[DATAPLANE_MODE];
      const pod: ModelPod = {
        ref: `${w.namespace}/${w.obj.metadata?.name ?? '<unnamed>'}`,
        name: w.obj.metadata?.name ?? '<unnamed>',
        namespace: w.namespace,
        labels: w.labels,
        serviceAccount: asString(spec.serviceAccountName) ?? asString(spec.serviceAccount) ?? 'default',
        // Gateway pods (`istio: ...` in the root namespace, as istioctl installs them) are Envoy proxies themselves.
        sidecar,
        ambient: sidecar !== true && mode === 'ambient',
        containerPorts: ports,
        running: asRecord(w.obj.spec).replicas !== 0,
        replicas: typeof asRecord(w.obj.spec).replicas === 'number' ? asRecord(w.obj.spec).replicas as number : 1,
        ...(latencies.length > 0 ? { latencySeconds: Math.max(...latencies) } : {}),
        calls: declared.calls,
        ...(declared.error ? { callsError: declared.error } : {}),
        images: list(spec.containers).map(c => asRecord(c).image).filter((i): i is string => typeof i === 'string'),
      };
      // A call declared external names a host of another repo: the model does not judge it (as the option does).
      for (const call of declared.calls) if (call.external) external.push(qualify(call.host, w.namespace));
      this.pods.push(pod);
      const inNs = this.podsByNamespace.get(pod.namespace);
      if (inNs) inNs.push(pod);
      else this.podsByNamespace.set(pod.namespace, [pod]);
    }
    this.gatewayApi = translateGatewayApi(gatewayApi, this);
    for (const vs of this.gatewayApi.virtualServices) this.addVirtualService(vs.obj, vs.httpRoutes);
    this.notes.push(...this.gatewayApi.notes);
  }

  /** The objects of `kind` (DestinationRule, PeerAuthentication, ...) in `namespace`. */
  public inNamespace(kind: string, namespace: string): readonly Obj[] {
    return this.byKindAndNamespace.get(`${kind}/${namespace}`) ?? [];
  }

  /** The SPIFFE principal of pods of `namespace` running as `serviceAccount`, `<trust domain>/ns/<ns>/sa/<sa>`. */
  public principal(namespace: string, serviceAccount: string): string {
    return `${this.settings.trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
  }

  /** The pods of a Service: those of its namespace its selector selects (none without a selector). */
  public podsOf(service: ModelService): ModelPod[] {
    if (!service.selector) return [];
    return (this.podsByNamespace.get(service.namespace) ?? []).filter(p => p.running && selects(service.selector!, p.labels));
  }

  /** The ServiceEntries visible from `namespace` with a host covering `host`. */
  public entriesFor(host: string, namespace: string): ModelEntry[] {
    return this.entries.filter(e => this.visible(e.obj, namespace) && e.hosts.some(h => hostCovers(h, host)));
  }

  /** The Service of host `fqdn` when it is exported to `namespace`. */
  public serviceFor(fqdn: string, namespace: string): ModelService | undefined {
    const service = this.services.get(fqdn);
    return service && this.visible(service.obj, namespace) ? service : undefined;
  }

  /** Whether `obj` is exported to `namespace` ({@link visible}, with the set's mesh defaults). */
  public visible(obj: Obj, namespace: string): boolean {
    return visible(obj, namespace, this.settings.defaultExportTo);
  }

  /** True when `host` was declared to live outside the set (option or annotation). */
  public isExternal(host: string): boolean {
    return this.externalHosts.some(h => h === host || hostCovers(h, host));
  }

  /** The notes about namespaces `namespaces` and mesh-wide ones. */
  public notesFor(namespaces: ReadonlySet<string>): string[] {
    return this.notes.filter(n => n.namespace === undefined || n.namespace === this.settings.rootNamespace || namespaces.has(n.namespace)).map(n => n.text);
  }

  /**
   * The waypoint traffic to `service` goes through: the one its `istio.io/use-waypoint` label names (`none`: no
   * waypoint), else its namespace's; only one of the set that handles service traffic (waypoint-for `service` or
   * `all`). A label naming no waypoint of the set gives no waypoint (istiod reports it not ready).
   * @see Istio 1.30.3 pilot/pkg/serviceregistry/ambient/waypoints.go fetchWaypointForTarget, fetchWaypointForService
   */
  public waypointOf(service: ModelService): ModelWaypoint | undefined {
    const named = (labels: Readonly<Record<string, string>> | undefined): string | undefined => {
      const name = labels?.[USE_WAYPOINT];
      return name === undefined ? undefined : name === 'none' ? '' : `${labels?.[USE_WAYPOINT_NAMESPACE] ?? service.namespace}/${name}`;
    };
    const ref = named(asLabels(service.obj.metadata?.labels)) ?? named(this.namespaceLabels.get(service.namespace));
    const waypoint = ref ? this.waypoints.get(ref) : undefined;
    return waypoint && (waypoint.trafficType === 'service' || waypoint.trafficType === 'all') ? waypoint : undefined;
  }

  /**
   * Whether ingress gateway traffic to `service` goes through its waypoint: `istio.io/ingress-use-waypoint=true` on
   * the Service, else on its namespace.
   * @see https://istio.io/latest/docs/ambient/usage/l7-features/#ingress-gateway-use-waypoint
   */
  public ingressUsesWaypoint(service: ModelService): boolean {
    const own = asLabels(service.obj.metadata?.labels)[INGRESS_USE_WAYPOINT];
    return (own ?? this.namespaceLabels.get(service.namespace)?.[INGRESS_USE_WAYPOINT]) === 'true';
  }

  /** The waypoint's pods as the policies see them on traffic to `service` (one object per pair: policies are cached by pod). */
  public waypointPod(waypoint: ModelWaypoint, service: ModelService): ModelPod {
    const key = `${waypoint.ref} ${service.ref}`;
    let pod = this.waypointPods.get(key);
    if (!pod) {
      pod = {
        ref: waypoint.ref, name: waypoint.name, namespace: waypoint.namespace, labels: { [GATEWAY_NAME_LABEL]: waypoint.name }, serviceAccount: waypoint.name,
        sidecar: true, ambient: false, waypointService: service, containerPorts: new Map(), running: true, replicas: 1, calls: [], images: [],
      };
      this.waypointPods.set(key, pod);
    }
    return pod;
  }

  private addWaypoint(obj: Obj): void {
    const name = asString(obj.metadata?.name) ?? '<unnamed>';
    const namespace = namespaceOf(obj) ?? 'default';
    const trafficType = asLabels(obj.metadata?.labels)['istio.io/waypoint-for'] ?? 'service';
    this.waypoints.set(`${namespace}/${name}`, { ref: `${namespace}/${name}`, name, namespace, trafficType });
  }

  private add(kind: string, namespace: string, obj: Obj): void {
    const key = `${kind}/${namespace}`;
    const found = this.byKindAndNamespace.get(key);
    if (found) found.push(obj);
    else this.byKindAndNamespace.set(key, [obj]);
  }

  private addService(obj: Obj): void {
    const name = asString(obj.metadata?.name);
    if (!name) return;
    const namespace = namespaceOf(obj) ?? 'default';
    const spec = asRecord(obj.spec);
    const ports: ServicePort[] = [];
    for (const p of list(spec.ports)) {
      const port = asRecord(p);
      if (typeof port.port !== 'number') continue;
      const target = port.targetPort;
      const protocol = (asString(port.appProtocol) ?? asString(port.name) ?? '').toLowerCase();
      ports.push({
        name: asString(port.name), port: port.port, targetPort: typeof target === 'number' || typeof target === 'string' ? target : port.port,
        tls: /^(https|tls)($|-)/.test(protocol),
        tcp: /^(tcp|mongo|mysql|redis)($|-)/.test(protocol),
      });
    }
    const selector = spec.selector === undefined ? undefined : asLabels(spec.selector);
    const fqdn = `${name}.${namespace}.svc.cluster.local`;
    this.services.set(fqdn, { ref: `${namespace}/${name}`, name, namespace, fqdn, obj, selector: selector && Object.keys(selector).length > 0 ? selector : undefined, ports });
  }

  private addEntry(obj: Obj): void {
    const namespace = namespaceOf(obj) ?? 'default';
    const spec = asRecord(obj.spec);
    const hosts = list(spec.hosts).filter((h): h is string => typeof h === 'string').map(h => qualify(h, namespace));
    const ports = list(spec.ports).map(asRecord).filter(p => typeof p.number === 'number');
    const tlsPorts = ports.filter(p => ['TLS', 'HTTPS'].includes(String(p.protocol).toUpperCase())).map(p => p.number as number);
    this.entries.push({ obj, ref: refOf(obj), namespace, hosts, ports: ports.map(p => p.number as number), tlsPorts, location: asString(spec.location) ?? 'MESH_EXTERNAL' });
  }

  /** The VirtualService `ref` names (of one declared twice, the first by exact host, then among the wildcard ones). */
  public virtualServiceOf(ref: string): ModelVirtualService | undefined {
    if (!this.virtualServicesByRef) {
      this.virtualServicesByRef = new Map();
      for (const vs of [...this.exactVirtualServices.values(), this.wildcardVirtualServices].flat()) {
        if (!this.virtualServicesByRef.has(vs.ref)) this.virtualServicesByRef.set(vs.ref, vs);
      }
    }
    return this.virtualServicesByRef.get(ref);
  }

  private addVirtualService(obj: Obj, httpRoutes?: readonly string[]): void {
    const namespace = namespaceOf(obj) ?? 'default';
    const spec = asRecord(obj.spec);
    const hosts = list(spec.hosts).filter((h): h is string => typeof h === 'string').map(h => qualify(h, namespace));
    // As gatewaysOf (`mesh` when empty), keeping only strings: that helper's String() throws on some malformed values.
    const refs = list(spec.gateways).filter((g): g is string => typeof g === 'string');
    const gateways = refs.length === 0 ? [MESH_GATEWAY] : refs.map(g => (g === MESH_GATEWAY ? g : gatewayKey(g, namespace)));
    const vs: ModelVirtualService = { obj, ref: refOf(obj), namespace, hosts, gateways, ...(httpRoutes ? { httpRoutes } : {}) };
    for (const host of hosts) {
      if (host.includes('*')) {
        if (!this.wildcardVirtualServices.includes(vs)) this.wildcardVirtualServices.push(vs);
        continue;
      }
      const found = this.exactVirtualServices.get(host);
      if (found) found.push(vs);
      else this.exactVirtualServices.set(host, [vs]);
    }
    for (const field of ['tcp', 'delegate']) {
      if (spec[field] !== undefined) this.notes.push({ namespace, text: `not modelled: VirtualService ${vs.ref} spec.${field}` });
    }
  }
}

/** The non-empty string list `value`, else `undefined`. */
function strings(value: unknown): string[] | undefined {
  const out = list(value).filter((v): v is string => typeof v === 'string');
  return out.length > 0 ? out : undefined;
}

/**
 * The namespaces `obj` is exported to, as istiod reads them: a VirtualService's, DestinationRule's or ServiceEntry's
 * `spec.exportTo`, a Service's `networking.istio.io/exportTo` annotation (comma-separated), else the mesh default for
 * its kind. Each entry: `*` (every namespace), `.` (its own), `~` (none) or a namespace name.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService (exportTo)
 * @see https://istio.io/latest/docs/reference/config/annotations/#NetworkingExportTo
 * @see Istio 1.30.3 pilot/pkg/model/push_context.go (exportToDefaults)
 */
export function exportToOf(obj: Obj, defaults: MeshSettings['defaultExportTo']): readonly string[] {
  if (obj.kind === 'Service') {
    const annotation = asRecord(obj.metadata?.annotations)['networking.istio.io/exportTo'];
    const fromAnnotation = typeof annotation === 'string' ? annotation.split(',').map(e => e.trim()).filter(e => e !== '') : [];
    return fromAnnotation.length > 0 ? fromAnnotation : defaults.Service;
  }
  const kind = obj.kind === 'VirtualService' || obj.kind === 'DestinationRule' ? obj.kind : 'Service';
  return strings(asRecord(obj.spec).exportTo) ?? defaults[kind];
}

/**
 * Whether `obj` (Service, ServiceEntry, VirtualService, DestinationRule) is visible from `namespace`, by its
 * {@link exportToOf}.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService (exportTo)
 */
export function visible(obj: Obj, namespace: string, defaults: MeshSettings['defaultExportTo']): boolean {
  const own = namespaceOf(obj) ?? 'default';
  return exportToOf(obj, defaults).some(e => e === '*' || e === namespace || (e === '.' && own === namespace));
}

/** `value` when it is an array, else `[]`. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The pod spec of a workload object with a pod template. */
function podSpec(obj: Obj): Readonly<Record<string, unknown>> {
  const spec = asRecord(obj.spec);
  if (obj.kind === 'CronJob') return asRecord(asRecord(asRecord(asRecord(spec.jobTemplate).spec).template).spec);
  return asRecord(asRecord(spec.template).spec);
}

/** The objects of `objects`, `List` items flattened, non-objects dropped. */
function flatten(objects: readonly unknown[]): Obj[] {
  const out: Obj[] = [];
  for (const o of objects) {
    const obj = asRecord(o) as Obj;
    if (obj.kind === 'List') out.push(...flatten(list(obj.items)));
    else if (Object.keys(obj).length > 0) out.push(obj);
  }
  return out;
}

/**
 * Mesh-wide settings from IstioOperator `spec.meshConfig`: `outboundTrafficPolicy.mode` (ALLOW_ANY by default),
 * `rootNamespace` (istio-system), `trustDomain` (cluster.local) and `enableAutoMtls` (true); and from `spec.values`,
 * `sidecarInjectorWebhook.enableNamespacesByDefault` (false).
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
function meshSettings(operators: readonly Obj[], notes: ScopedNote[]): MeshSettings {
  if (operators.length > 1) notes.push({ text: `not modelled: ${operators.length} IstioOperator objects (${operators.map(refOf).join(', ')}); the model reads the first` });
  const op = operators[0];
  const mesh = asRecord(asRecord(op?.spec).meshConfig);
  const mode = asString(asRecord(mesh.outboundTrafficPolicy).mode);
  const jwks = pilotEnv(op, 'PILOT_JWT_ENABLE_REMOTE_JWKS');
  const providers = new Map<string, ProviderInfo>();
  for (const p of list(mesh.extensionProviders).map(asRecord)) {
    const name = asString(p.name);
    const kind = Object.keys(p).find(k => k !== 'name');
    if (!name || !kind) continue;
    const withW3c = asRecord(p[kind]).traceContextOption === 'USE_B3_WITH_W3C_PROPAGATION';
    providers.set(name, { kind, propagation: kind === 'opentelemetry' ? ['w3c'] : kind === 'zipkin' ? (withW3c ? ['b3', 'w3c'] : ['b3']) : [] });
  }
  return {
    rootNamespace: asString(mesh.rootNamespace) ?? ROOT_NAMESPACE,
    trustDomain: asString(mesh.trustDomain) ?? 'cluster.local',
    outboundMode: mode ?? 'ALLOW_ANY',
    outboundSource: mode && op ? `meshConfig.outboundTrafficPolicy of IstioOperator ${refOf(op)}` : 'Istio\'s default (no meshConfig.outboundTrafficPolicy in the set)',
    autoMtls: mesh.enableAutoMtls !== false,
    injectByDefault: asRecord(asRecord(asRecord(op?.spec).values).sidecarInjectorWebhook).enableNamespacesByDefault === true,
    jwksFetchMode: jwks === 'envoy' ? 'envoy' : jwks === 'hybrid' || jwks === 'true' ? 'hybrid' : 'istiod',
    extensionProviders: providers,
    defaultTracingProviders: list(asRecord(mesh.defaultProviders).tracing).filter((n): n is string => typeof n === 'string'),
    defaultExportTo: {
      Service: strings(mesh.defaultServiceExportTo) ?? ['*'],
      VirtualService: strings(mesh.defaultVirtualServiceExportTo) ?? ['*'],
      DestinationRule: strings(mesh.defaultDestinationRuleExportTo) ?? ['*'],
    },
    ...(op && { ambientInstall: ambientInstallOf(op) }),
  };
}

/** What `op` installs of ambient mode (see {@link AmbientInstall}). */
function ambientInstallOf(op: Obj): AmbientInstall {
  const spec = asRecord(op.spec);
  const profile = asString(spec.profile) ?? 'default';
  const ambient = profile === 'ambient' || profile === 'openshift-ambient';
  const enabled = (component: string, byProfile: boolean) => {
    const value = asRecord(asRecord(spec.components)[component]).enabled;
    return typeof value === 'boolean' ? value : byProfile;
  };
  const missing = [
    ...(enabled('ztunnel', ambient) ? [] : ['ztunnel (components.ztunnel.enabled)']),
    ...(enabled('cni', ambient || profile === 'openshift') ? [] : ['istio-cni (components.cni.enabled)']),
    ...(ambient || asRecord(spec.values).profile === 'ambient' ? [] : ["istiod's ambient support (values.profile: ambient)"]),
  ];
  return { operator: refOf(op), profile, missing };
}

/**
 * An environment variable of istiod as an IstioOperator sets it: `components.pilot.k8s.env` (a list of `name`/`value`)
 * over `values.pilot.env` (a map).
 * @see https://istio.io/latest/docs/reference/config/istio.operator.v1alpha1/#KubernetesResourcesSpec
 */
function pilotEnv(op: Obj | undefined, name: string): string | undefined {
  const spec = asRecord(op?.spec);
  const fromK8s = list(asRecord(asRecord(asRecord(spec.components).pilot).k8s).env).map(asRecord).find(e => e.name === name);
  const value = fromK8s ? fromK8s.value : asRecord(asRecord(asRecord(spec.values).pilot).env)[name];
  return typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : undefined;
}
