import { MeshModel } from '../../model/mesh-model';
import { RequestSource } from '../../model/request';
import { Outcome, RequestTrace } from '../../model/trace';
import { qualify } from '../../private/analysis/hosts';
import { asLabels, asString, findingFor, namespaceOf, ofKind, refOf, ROOT_NAMESPACE, specOf } from '../../private/analysis/objects';
import { gatewayKey, gatewaysOf, MESH_GATEWAY } from '../../private/analysis/virtual-services';
import { hostCoveredBy, hostCovers } from '../../private/hosts';
import { GATEWAY_API, GATEWAY_NAME_LABEL, list } from '../../private/model/mesh-index';
import { asRecord, NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3002';

/**
 * The UIs of Istio's samples/addons (Istio 1.30.3 samples/addons/*.yaml; zipkin also samples/addons/extras/zipkin.yaml),
 * by Service name in the root namespace and the Service ports that serve them (Jaeger's `tracing` sends port 80 to
 * the query UI on 16686).
 * @see https://istio.io/latest/docs/ops/integrations/
 */
const ADDONS: readonly { readonly service: string; readonly ports: readonly number[]; readonly addon: string }[] = [
  { service: 'grafana', ports: [3000], addon: 'Grafana' },
  { service: 'kiali', ports: [20001], addon: 'Kiali' },
  { service: 'tracing', ports: [80, 16686], addon: 'Jaeger' },
  { service: 'prometheus', ports: [9090], addon: 'Prometheus' },
  { service: 'zipkin', ports: [9411], addon: 'Zipkin' },
];


/** A path the route's first match takes (`exact` or `prefix` uri), else `/`. */
function pathFor(route: Readonly<Record<string, unknown>>): string {
  const uri = asRecord(asRecord(list(route.match)[0]).uri);
  return asString(uri.exact) ?? asString(uri.prefix) ?? '/';
}

/** The addon UI a destination is (its host in `namespace`, its port if given), if any. */
function addonOf(host: string, namespace: string, port: unknown): { readonly fqdn: string; readonly addon: string } | undefined {
  const fqdn = qualify(host, namespace);
  const found = ADDONS.find(a => fqdn === `${a.service}.${ROOT_NAMESPACE}.svc.cluster.local` && (typeof port !== 'number' || a.ports.includes(port)));
  return found && { fqdn, addon: found.addon };
}

/**
 * The model's trace of an anonymous request from outside entering at `source` for `host`, when it gets through the
 * gateway to `fqdn` (not denied, not unauthenticated, not unknown at a pod of the set); `undefined` otherwise.
 */
function reachedThrough(model: MeshModel, source: RequestSource, host: string, port: unknown, path: string, fqdn: string): RequestTrace | undefined {
  const trace = model.request({ source, host, port: typeof port === 'number' ? port : undefined, path });
  const reached = trace.hops[0]?.outcome === Outcome.OK && (trace.hops[1]?.distribution ?? []).some(a => a.destination.host === fqdn && a.weight > 0
    && a.outcome !== Outcome.DENIED && a.outcome !== Outcome.UNAUTHENTICATED && !(a.outcome === Outcome.UNKNOWN && a.pods.length > 0));
  return reached ? trace : undefined;
}

/** The finding's message: the route, host, addon, what let the request through, and the fix. */
function messageFor(host: string, gateway: string, target: { readonly fqdn: string; readonly addon: string }, trace: RequestTrace, kind: string): string {
  return `routes host ${host} on Gateway ${gateway} to the ${target.addon} UI (${target.fqdn}), and an anonymous request from outside gets through the gateway to it `
    + `(${trace.hops[0].authorization ?? 'no AuthorizationPolicy on the gateway pods'}); close it with an AuthorizationPolicy on the ingress gateway pods for that host: `
    + `AddonDashboard's 'access' (DashboardAccess.denyAll(), the default; .fromIpBlocks([...]); .jwt({...})), or acknowledge public access with DashboardAccess.publicAccess() `
    + `(the annotation galley.istio.io/analyze-suppress: ${CODE} on the ${kind})`;
}

/**
 * CDKI3002 (error): a VirtualService bound to a gateway, or an HTTPRoute attached to a Gateway API Gateway, routes to
 * the UI of one of Istio's addons (Grafana, Kiali, Jaeger, Prometheus, Zipkin, as samples/addons installs them in
 * `istio-system`), and the mesh model lets an anonymous request from outside, without a token and from an address it
 * does not know, through the gateway to it. The samples' Grafana logs everyone in as admin, and the ingress gateway
 * is a public load balancer. A policy that depends on the client's address, or a route whose attachment the model
 * cannot tell, makes the outcome unknown: that is not reported. Suppressible (the annotation
 * `galley.istio.io/analyze-suppress: CDKI3002` on the VirtualService or HTTPRoute is how
 * `DashboardAccess.publicAccess()` acknowledges it).
 * @see https://istio.io/latest/docs/tasks/observability/gateways/
 * @see https://istio.io/latest/docs/tasks/security/authorization/authz-ingress/
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
 */
export const dashboardWithoutAccessControl: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const gateways = new Map(ofKind(objects, NETWORKING, 'Gateway').map(g => [`${namespaceOf(g) ?? 'default'}/${g.metadata?.name}`, g]));
    let cached: MeshModel | undefined;
    const model = () => (cached ??= modelOf(objects, external.hosts));
    const findings: Finding[] = [];
    for (const vs of ofKind(objects, NETWORKING, 'VirtualService')) {
      const ns = namespaceOf(vs) ?? 'default';
      const spec = specOf(vs).value;
      const bound = gatewaysOf(vs).filter(g => g.ref !== MESH_GATEWAY).map(g => gateways.get(gatewayKey(g.ref, ns))).filter((g): g is ManifestObject => g !== undefined);
      const hosts = list(spec.hosts).filter((h): h is string => typeof h === 'string');
      list(spec.http).forEach((r, i) => {
        const route = asRecord(r);
        for (const d of list(route.route)) {
          const destination = asRecord(asRecord(d).destination);
          const target = addonOf(asString(destination.host) ?? '', ns, asRecord(destination.port).number);
          if (!target) continue;
          for (const gw of bound) {
            const source = RequestSource.ingressGateway({ labels: { ...asLabels(asRecord(specOf(gw).value).selector) } });
            for (const vsHost of hosts) {
              const host = hostCoveredBy(vsHost);
              const servers = list(asRecord(specOf(gw).value).servers).map(asRecord)
                .filter(s => list(s.hosts).some(h => typeof h === 'string' && hostCovers(h.includes('/') ? h.split('/')[1] : h, host)));
              const trace = servers.map(server => reachedThrough(model(), source, host, asRecord(server.port).number, pathFor(route), target.fqdn)).find(t => t !== undefined);
              if (trace) findings.push(findingFor(vs, CODE, Severity.ERROR, `spec.http[${i}].route`, messageFor(vsHost, refOf(gw), target, trace, 'VirtualService')));
            }
          }
        }
      });
    }
    const k8sGateways = new Map(ofKind(objects, GATEWAY_API, 'Gateway').map(g => [refOf(g), g]));
    for (const hr of ofKind(objects, GATEWAY_API, 'HTTPRoute')) findings.push(...httpRouteFindings(hr, k8sGateways, model));
    return findings;
  },
};

/**
 * The findings for an HTTPRoute: each backendRef to an addon UI, asked of the model through each Gateway API Gateway
 * of the set the route names, on each listener port (the parentRef's sectionName and port, if given) and route
 * hostname (the listener's when the route has none).
 */
function httpRouteFindings(hr: ManifestObject, k8sGateways: ReadonlyMap<string, ManifestObject>, model: () => MeshModel): Finding[] {
  const ns = namespaceOf(hr) ?? 'default';
  const spec = specOf(hr).value;
  const parents = list(spec.parentRefs).map(asRecord).filter(p => (typeof p.group === 'string' ? p.group : GATEWAY_API) === GATEWAY_API && (asString(p.kind) ?? 'Gateway') === 'Gateway');
  const hostnames = list(spec.hostnames).filter((h): h is string => typeof h === 'string');
  const findings: Finding[] = [];
  list(spec.rules).map(asRecord).forEach((rule, i) => list(rule.backendRefs).map(asRecord).forEach((b, j) => {
    if ((asString(b.group) ?? '') !== '' || (asString(b.kind) ?? 'Service') !== 'Service') return;
    const target = addonOf(asString(b.name) ?? '', asString(b.namespace) ?? ns, b.port);
    if (!target) return;
    // The first match's path (Exact or PathPrefix; a regex is no path to send), else `/`.
    const first = asRecord(asRecord(list(rule.matches)[0]).path);
    const path = (first.type !== 'RegularExpression' && asString(first.value)) || '/';
    for (const p of parents) {
      const gwRef = `${asString(p.namespace) ?? ns}/${asString(p.name) ?? ''}`;
      const gw = k8sGateways.get(gwRef);
      if (!gw) continue;
      const source = RequestSource.ingressGateway({ namespace: namespaceOf(gw) ?? 'default', labels: { [GATEWAY_NAME_LABEL]: gw.metadata?.name ?? '' } });
      const listeners = list(asRecord(specOf(gw).value).listeners).map(asRecord)
        .filter(l => (p.port === undefined || l.port === p.port) && (p.sectionName === undefined || l.name === p.sectionName));
      const asked = listeners.flatMap(l => (hostnames.length > 0 ? hostnames : [asString(l.hostname) ?? '*']).map(h => ({ host: h, port: l.port })));
      const reached = asked.map(a => ({ ...a, trace: reachedThrough(model(), source, hostCoveredBy(a.host), a.port, path, target.fqdn) })).find(a => a.trace !== undefined);
      if (reached?.trace) findings.push(findingFor(hr, CODE, Severity.ERROR, `spec.rules[${i}].backendRefs[${j}]`, messageFor(reached.host, gwRef, target, reached.trace, 'HTTPRoute')));
    }
  }));
  return findings;
}
