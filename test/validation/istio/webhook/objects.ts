// How each Istio table case becomes a full object. Istio's tables often test a sub-function (validateHTTPRoute on one
// route, validateTLS on one ClientTLSSettings); here each fragment is put where that function finds it in a minimal
// object that is valid on its own, so the object's outcome is the fragment's.
import { ManifestObject } from '../../../../lib/validation/finding';

/** One case of a table, as transcribed: Istio's case name and outcome, the object (or fragment) under `field`. */
export interface IstioCase {
  readonly name: string;
  readonly valid: boolean;
  /** The error Istio's table expects, where it names one. */
  readonly istioError?: string;
  readonly [field: string]: unknown;
}

/** One table: its source file and test function, and the table field that holds the object. */
export interface IstioTable {
  readonly source: string;
  readonly test: string;
  readonly field: string;
  readonly cases: IstioCase[];
}

type Json = Record<string, unknown>;

/**
 * A case with its long strings written out: the tables write Go's `strings.Repeat("a", 2*mb)` (and the base64 of
 * such bytes) as `{"$repeat": "a", "times": 2097152, "then": "..."}`.
 */
export function expand<T>(value: T): T {
  if (Array.isArray(value)) return value.map(expand) as T;
  if (typeof value !== 'object' || value === null) return value;
  const r = value as { $repeat?: string; times?: number; then?: string };
  if (typeof r.$repeat === 'string') return (r.$repeat.repeat(r.times ?? 0) + (r.then ?? '')) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)])) as T;
}

const object = (apiVersion: string, kind: string, spec: unknown, metadata: Json = {}): ManifestObject =>
  ({ apiVersion, kind, metadata: { name: 'foo', namespace: 'bar', ...metadata }, spec: spec ?? {} });
const vs = (spec: unknown) => object('networking.istio.io/v1', 'VirtualService', spec);
const dr = (spec: unknown) => object('networking.istio.io/v1', 'DestinationRule', spec);
const gateway = (spec: unknown) => object('networking.istio.io/v1', 'Gateway', spec);
/** A VirtualService for `foo.bar` with one http route: `extra` plus, unless it answers itself, a destination. */
const httpRoute = (extra: Json) => vs({ hosts: ['foo.bar'], http: [{ route: [{ destination: { host: 'foo.baz' } }], ...extra }] });
/** A DestinationRule for `reviews` with the traffic policy `policy`. */
const trafficPolicy = (policy: unknown) => dr({ host: 'reviews', trafficPolicy: policy });
/** Only the fields Istio's case sets (a Go nil is absent). */
const present = (fields: Json): Json => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));

/** For each test function: the full object of a case. */
export const WRAP: Readonly<Record<string, (c: IstioCase) => ManifestObject>> = {
  // Whole specs, in a namespace-scoped object `foo` in namespace `bar` (Istio's someName, someNamespace).
  TestValidateVirtualService: (c) => vs(c.in),
  TestValidateGateway: (c) => gateway(c.in),
  TestValidateDestinationRule: (c) => dr(c.in),
  TestValidateServiceEntries: (c) => object('networking.istio.io/v1', 'ServiceEntry', c.in, present({ labels: c.labels })),
  TestValidateSidecar: (c) => object('networking.istio.io/v1', 'Sidecar', c.in),
  TestValidateAuthorizationPolicy: (c) => object('security.istio.io/v1', 'AuthorizationPolicy', c.in, present({ annotations: c.annotations })),
  TestValidateRequestAuthentication: (c) =>
    object('security.istio.io/v1', 'RequestAuthentication', c.in, present({ name: c.configName, annotations: c.annotations })),
  TestValidatePeerAuthentication: (c) => object('security.istio.io/v1', 'PeerAuthentication', c.in, present({ name: c.configName })),
  TestValidateTelemetry: (c) => object('telemetry.istio.io/v1', 'Telemetry', c.in),
  TestValidateWasmPlugin: (c) => object('extensions.istio.io/v1alpha1', 'WasmPlugin', c.in),
  // validateExportTo(namespace, exportTo, isServiceEntry, isDestinationRuleWithSelector): the exportTo of a
  // ServiceEntry, of a DestinationRule with a workloadSelector, or else of a VirtualService, in the case's namespace.
  Test_validateExportTo: (c) => {
    const metadata = { namespace: c.namespace };
    const exportTo = c.exportTo ?? undefined;
    if (c.isServiceEntry) {
      return object('networking.istio.io/v1', 'ServiceEntry', present({ hosts: ['api.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], exportTo }), metadata);
    }
    if (c.isDestinationRuleWithSelector) {
      return object('networking.istio.io/v1', 'DestinationRule', present({ host: 'reviews', workloadSelector: { matchLabels: { app: 'reviews' } }, exportTo }), metadata);
    }
    return object('networking.istio.io/v1', 'VirtualService', present({ hosts: ['foo.bar'], http: [{ route: [{ destination: { host: 'foo.baz' } }] }], exportTo }), metadata);
  },
  // validateHTTPRoute: the route is the VirtualService's only http route.
  TestValidateHTTPRoute: (c) => vs({ hosts: ['foo.bar'], http: [c.route] }),
  // Parts of an http route, set on a route to foo.baz (a redirect or direct response replaces the destination).
  TestValidateCORSPolicy: (c) => httpRoute(present({ corsPolicy: c.in })),
  TestValidateHTTPFaultInjectionAbort: (c) => httpRoute(present({ fault: c.in === null ? undefined : { abort: c.in } })),
  TestValidateHTTPFaultInjectionDelay: (c) => httpRoute(present({ fault: c.in === null ? undefined : { delay: c.in } })),
  TestValidateHTTPRetry: (c) => httpRoute(present({ retries: c.in })),
  TestValidateHTTPRewrite: (c) => httpRoute(present({ rewrite: c.in })),
  TestValidateUriRegexRewrite: (c) => httpRoute(present({ rewrite: c.in === null ? undefined : { uriRegexRewrite: c.in } })),
  TestValidateHTTPRedirect: (c) => (c.redirect === null ? httpRoute({}) : vs({ hosts: ['foo.bar'], http: [{ redirect: c.redirect }] })),
  TestValidateHTTPDirectResponse: (c) =>
    (c.directResponse === null ? httpRoute({}) : vs({ hosts: ['foo.bar'], http: [{ directResponse: c.directResponse }] })),
  // ValidateHTTPHeaderValue: the value of a request header set on the route.
  TestValidateHTTPHeaderValue: (c) => httpRoute({ headers: { request: { set: { 'x-value': c.input } } } }),
  // validateDestination: the destination of the route.
  TestValidateDestination: (c) => vs({ hosts: ['foo.bar'], http: [{ route: [{ destination: c.destination }] }] }),
  // validateRouteDestinations (tcp and tls routes): the destinations of a tcp route.
  TestValidateRouteDestination: (c) => vs({ hosts: ['foo.bar'], tcp: [{ route: c.routes }] }),
  // validateServer: the Gateway's only server.
  TestValidateServer: (c) => gateway({ servers: [c.in] }),
  // validateServerPort(port, bind): the port (and bind) of the Gateway's only server, for foo.bar.com.
  TestValidateServerPort: (c) => gateway({ servers: [{ hosts: ['foo.bar.com'], port: c.in, ...present({ bind: c.bind === '' ? undefined : c.bind }) }] }),
  // validateTLSOptions: the tls of an HTTPS server for foo.bar on 443.
  TestValidateTlsOptions: (c) => gateway({ servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['foo.bar'], tls: c.in }] }),
  // Traffic-policy parts: the rule-level trafficPolicy of a DestinationRule for reviews.
  TestValidateTrafficPolicy: (c) => trafficPolicy(c.in),
  TestValidateConnectionPool: (c) => trafficPolicy({ connectionPool: c.in }),
  TestValidateLoadBalancer: (c) => trafficPolicy({ loadBalancer: c.in }),
  TestValidateOutlierDetection: (c) => trafficPolicy({ outlierDetection: c.in }),
  // agent.ValidateTLS: the client TLS settings of the traffic policy.
  TestValidateTLS: (c) => trafficPolicy({ tls: c.tls }),
  // agent.ValidateLocalityLbSetting(in, outlier): the load balancer's localityLbSetting, with the case's outlier detection.
  TestValidateLocalityLbSetting: (c) =>
    (c.in === null && c.outlier === null ? dr({ host: 'reviews' }) : trafficPolicy(present({ loadBalancer: c.in === null ? undefined : { localityLbSetting: c.in }, outlierDetection: c.outlier }))),
};
