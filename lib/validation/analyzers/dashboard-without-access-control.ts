import { MeshModel } from '../../model/mesh-model';
import { RequestSource } from '../../model/request';
import { Outcome } from '../../model/trace';
import { qualify } from '../../private/analysis/hosts';
import { asLabels, asString, findingFor, namespaceOf, ofKind, refOf, ROOT_NAMESPACE, specOf } from '../../private/analysis/objects';
import { gatewayKey, gatewaysOf, MESH_GATEWAY } from '../../private/analysis/virtual-services';
import { hostCoveredBy, hostCovers } from '../../private/hosts';
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
  const uri = asRecord(asRecord((Array.isArray(route.match) ? route.match : [])[0]).uri);
  return asString(uri.exact) ?? asString(uri.prefix) ?? '/';
}

/**
 * CDKI3002 (error): a VirtualService bound to a gateway routes to the UI of one of Istio's addons (Grafana, Kiali,
 * Jaeger, Prometheus, Zipkin, as samples/addons installs them in `istio-system`), and the mesh model lets an anonymous
 * request from outside, without a token and from an address it does not know, through the gateway to it. The samples'
 * Grafana logs everyone in as admin, and the ingress gateway is a public load balancer. A policy that depends on the
 * client's address makes the outcome unknown: that is not reported. Suppressible (the annotation
 * `galley.istio.io/analyze-suppress: CDKI3002` on the VirtualService is how `DashboardAccess.publicAccess()`
 * acknowledges it).
 * @see https://istio.io/latest/docs/tasks/observability/gateways/
 * @see https://istio.io/latest/docs/tasks/security/authorization/authz-ingress/
 */
export const dashboardWithoutAccessControl: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const gateways = new Map(ofKind(objects, NETWORKING, 'Gateway').map(g => [`${namespaceOf(g) ?? 'default'}/${g.metadata?.name}`, g]));
    let model: MeshModel | undefined;
    const findings: Finding[] = [];
    for (const vs of ofKind(objects, NETWORKING, 'VirtualService')) {
      const ns = namespaceOf(vs) ?? 'default';
      const spec = specOf(vs).value;
      const bound = gatewaysOf(vs).filter(g => g.ref !== MESH_GATEWAY).map(g => gateways.get(gatewayKey(g.ref, ns))).filter((g): g is ManifestObject => g !== undefined);
      const hosts = (Array.isArray(spec.hosts) ? spec.hosts : []).filter((h): h is string => typeof h === 'string');
      const routes = Array.isArray(spec.http) ? spec.http : [];
      routes.forEach((r, i) => {
        const route = asRecord(r);
        for (const d of Array.isArray(route.route) ? route.route : []) {
          const destination = asRecord(asRecord(d).destination);
          const fqdn = qualify(asString(destination.host) ?? '', ns);
          const port = asRecord(destination.port).number;
          const addon = ADDONS.find(a => fqdn === `${a.service}.${ROOT_NAMESPACE}.svc.cluster.local` && (typeof port !== 'number' || a.ports.includes(port)));
          if (!addon) continue;
          for (const gw of bound) {
            const selector = asLabels(asRecord(specOf(gw).value).selector);
            for (const vsHost of hosts) {
              const host = hostCoveredBy(vsHost);
              const servers = (Array.isArray(asRecord(specOf(gw).value).servers) ? asRecord(specOf(gw).value).servers as unknown[] : []).map(asRecord)
                .filter(s => (Array.isArray(s.hosts) ? s.hosts : []).some(h => typeof h === 'string' && hostCovers(h.includes('/') ? h.split('/')[1] : h, host)));
              for (const server of servers) {
                model ??= modelOf(objects, external.hosts);
                const serverPort = asRecord(server.port).number;
                const trace = model.request({
                  source: RequestSource.ingressGateway({ labels: { ...selector } }), host, port: typeof serverPort === 'number' ? serverPort : undefined, path: pathFor(route),
                });
                const reached = trace.hops[0]?.outcome === Outcome.OK && (trace.hops[1]?.distribution ?? []).some(a => a.destination.host === fqdn && a.weight > 0
                  && a.outcome !== Outcome.DENIED && a.outcome !== Outcome.UNAUTHENTICATED && !(a.outcome === Outcome.UNKNOWN && a.pods.length > 0));
                if (!reached) continue;
                findings.push(findingFor(vs, CODE, Severity.ERROR, `spec.http[${i}].route`,
                  `routes host ${vsHost} on Gateway ${refOf(gw)} to the ${addon.addon} UI (${fqdn}), and an anonymous request from outside gets through the gateway to it `
                  + `(${trace.hops[0].authorization ?? 'no AuthorizationPolicy on the gateway pods'}); close it with an AuthorizationPolicy on the ingress gateway pods for that host: `
                  + `AddonDashboard's 'access' (DashboardAccess.denyAll(), the default; .fromIpBlocks([...]); .jwt({...})), or acknowledge public access with DashboardAccess.publicAccess() `
                  + `(the annotation galley.istio.io/analyze-suppress: ${CODE} on the VirtualService)`));
                break;
              }
            }
          }
        }
      });
    }
    return findings;
  },
};
