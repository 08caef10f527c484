import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import {
  CorsPolicy, HeaderOperations, HttpHeaders, HttpMatch, HttpRedirect, HttpRewrite, HttpRouteOptions, StringMatch, StringMatchType,
} from '../traffic/http-route';
import type { IGateway } from '../traffic/ingress-gateway';
import { RouteDestination } from '../traffic/route-destination';
import { TrafficApi } from '../traffic/traffic-api';
import { IMeshService, MeshService } from '../workload/mesh-service';
import { DNS1123_SUBDOMAIN } from './dns';
import { fail, show } from './errors';
import { JWT_CLAIM_KEY } from './http-names';
import { findPort } from './ports';

/**
 * What Gateway API v1.5.1 (standard channel) can say of our props, and the checks its CEL rules make, at construction.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/
 * @see crds/gateway-api-1.5.1.standard-install.yaml (the schema limits and x-kubernetes-validations quoted below)
 */

/**
 * The ServiceAccount (and Deployment) of the pods Istio deploys for Gateway `name` of class `istio`: `<name>-istio`
 * (Istio 1.30.3 pilot/pkg/config/kube/gatewaycommon/gateway_utils.go GetDefaultName, deploymentcontroller.go).
 */
export function deployedGatewayAccount(name: string): string {
  return `${name}-istio`;
}

/** Limits of the HTTPRoute and Gateway schemas (maxItems, and the CEL rule on the total of matches). */
export const GATEWAY_API_LIMITS = { rules: 16, matches: 64, totalMatches: 127, backendRefs: 16, hostnames: 16, parentRefs: 32, listeners: 64 } as const;

/** The fix offered with every "cannot say it" message. */
const ISTIO_API = 'emit Istio\'s API here: build it, with the gateways its routes use, under a scope set by TrafficApiSetting.use(scope, TrafficApi.ISTIO)';

/** Fails because Gateway API cannot say what `prop` asks: `why`, then what to use. */
export function notInGatewayApi(scope: IConstruct, prop: string, value: unknown, why: string, alternative?: string): never {
  const got = JSON.stringify(value, (_, v) => (v instanceof Duration ? v.toHumanString() : v));
  fail(scope, prop, `has no Gateway API v1.5.1 (standard) equivalent: ${why}, got ${got}; ${alternative ? `${alternative}, or ` : ''}${ISTIO_API}`);
}

/** `^([0-9]{1,5}(h|m|s|ms)){1,4}$`, Gateway API's Duration, for a whole number of milliseconds. */
export function gatewayDuration(ms: number): string {
  const parts: [number, string][] = [[Math.floor(ms / 3_600_000), 'h'], [Math.floor(ms / 60_000) % 60, 'm'], [Math.floor(ms / 1000) % 60, 's'], [ms % 1000, 'ms']];
  return parts.filter(([n]) => n > 0).map(([n, u]) => `${n}${u}`).join('') || '0s';
}

/** The path rules of HTTPPathMatch's CEL validations, for types Exact and PathPrefix: the first one `value` breaks. */
const PATH_RULES: readonly [string, (v: string) => boolean][] = [
  ['must be an absolute path starting with "/"', v => v.startsWith('/')],
  ['must not contain "//"', v => !v.includes('//')],
  ['must not contain "/./"', v => !v.includes('/./')],
  ['must not contain "/../"', v => !v.includes('/../')],
  ['must not contain "%2f" or "%2F"', v => !/%2f/i.test(v)],
  ['must not contain "#"', v => !v.includes('#')],
  ['must not end with "/.." or "/."', v => !v.endsWith('/..') && !v.endsWith('/.')],
  ['must only contain the characters of a path (letters, digits, -/._~!$&\'()*+,;=:@ and %XX escapes)', v => /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/.test(v)],
];

function checkPath(scope: IConstruct, prop: string, value: string): void {
  const broken = PATH_RULES.find(([, ok]) => !ok(value));
  if (broken) fail(scope, prop, `${broken[0]} (Gateway API rejects it for exact and prefix matches), got ${show(value)}`);
}

/** Gateway API's PreciseHostname: a lowercase DNS name (an RFC 1123 subdomain) without wildcard or port. */
function checkPreciseHostname(scope: IConstruct, prop: string, value: string): string {
  if (!DNS1123_SUBDOMAIN.test(value)) fail(scope, prop, `must be a lowercase DNS name without port or wildcard for Gateway API, got ${show(value)}`);
  return value;
}

function checkMax(scope: IConstruct, prop: string, count: number, max: number, what: string): void {
  if (count > max) fail(scope, prop, `must have at most ${max} ${what} (Gateway API's limit), got ${count}; split it into several routes`);
}

/** The Gateway API traffic API of our gateways, to refuse an HTTPRoute on an Istio Gateway and the reverse. */
const gatewayApis = new WeakMap<IGateway, TrafficApi>();
/** The namespaces of the routes attached to each of our gateways, for its listeners' `allowedRoutes`. */
const attachedNamespaces = new WeakMap<IGateway, Set<string>>();

/** Records the API a gateway of this app was emitted with. */
export function registerGateway(gateway: IGateway, api: TrafficApi): void {
  gatewayApis.set(gateway, api);
  attachedNamespaces.set(gateway, new Set());
}

/** Records that a route of `api` in `namespace` attaches to `gateway`; fails when the gateway was emitted with the other API. */
export function attachRoute(scope: IConstruct, prop: string, gateway: IGateway, api: TrafficApi, namespace: string): void {
  const own = gatewayApis.get(gateway);
  if (own !== undefined && own !== api) {
    const [mine, theirs] = api === TrafficApi.GATEWAY_API ? ['an HTTPRoute', 'an Istio Gateway (networking.istio.io)'] : ['a VirtualService', 'a Gateway API Gateway'];
    fail(scope, prop, `entry ${gateway.reference} is ${theirs}, which ${mine} cannot bind to; choose the same TrafficApi for the gateway and its routes`);
  }
  attachedNamespaces.get(gateway)?.add(namespace);
}

/**
 * A listener's `allowedRoutes`: routes of the gateway's namespace, or of exactly the namespaces whose routes attach to it;
 * HTTPRoutes only on HTTP and HTTPS listeners (a TLS listener takes the route kinds of its protocol, which our routes are not).
 */
export function allowedRoutes(gateway: IGateway, protocol: string): object {
  const others = [...attachedNamespaces.get(gateway) ?? []].filter(ns => ns !== gateway.namespace).sort();
  const namespaces = others.length === 0 ? { from: 'Same' } : {
    from: 'Selector',
    selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [gateway.namespace, ...others] }] },
  };
  return { namespaces, ...(protocol !== 'TLS' && { kinds: [{ kind: 'HTTPRoute' }] }) };
}

/** One server of an IngressGateway, already checked as Istio's. */
export interface ServerForListeners {
  readonly hosts: readonly string[];
  readonly port: number;
  readonly protocol: string;
  readonly portName: string;
  readonly tlsMode?: string;
  readonly credentialName?: string;
}

/** A listener, as rendered (allowedRoutes is added when the Gateway is written). */
export interface RenderedListener {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname?: string;
  readonly tls?: object;
}

/**
 * The listeners of one Istio-style server: one per host (a listener has one hostname; `*` is none), named after the port
 * name (`-1`, `-2`, ... with several hosts), with the Gateway schema's CEL rules checked against `existing`.
 */
export function renderListeners(scope: IConstruct, prop: string, s: ServerForListeners, existing: readonly RenderedListener[]): RenderedListener[] {
  if (!['HTTP', 'HTTPS', 'TLS'].includes(s.protocol)) {
    const why = s.protocol === 'TCP' ? 'TCPRoute is in the experimental channel only' : 'a listener carries HTTP/2 and gRPC with protocol HTTP or HTTPS';
    notInGatewayApi(scope, `${prop}.protocol`, s.protocol, why, s.protocol === 'TCP' ? undefined : 'use GatewayProtocol.HTTP');
  }
  let tls: object | undefined;
  if (s.tlsMode !== undefined) {
    if (s.tlsMode === 'MUTUAL' || s.tlsMode === 'ISTIO_MUTUAL') {
      notInGatewayApi(scope, `${prop}.tls.mode`, s.tlsMode, 'a listener terminates TLS (Terminate) or passes it through (Passthrough); client certificates are per Gateway, in its tls.frontend');
    }
    if (s.tlsMode === 'PASSTHROUGH' && s.protocol === 'HTTPS') fail(scope, `${prop}.tls.mode`, 'must be SIMPLE for an HTTPS listener (Gateway API requires mode Terminate), got "PASSTHROUGH"; use protocol TLS to pass TLS through');
    tls = s.tlsMode === 'PASSTHROUGH' ? { mode: 'Passthrough' } : { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: s.credentialName }] };
  }
  if (!DNS1123_SUBDOMAIN.test(s.portName)) fail(scope, `${prop}.portName`, `must be a lowercase DNS name to name Gateway API listeners, got ${show(s.portName)}`);
  const listeners = s.hosts.map((host, i) => ({
    name: s.hosts.length === 1 ? s.portName : `${s.portName}-${i + 1}`,
    port: s.port,
    protocol: s.protocol,
    ...(host !== '*' && { hostname: host }),
    ...(tls && { tls }),
  }));
  const all = [...existing];
  for (const l of listeners) {
    if (all.some(o => o.name === l.name)) fail(scope, `${prop}.portName`, `gives the listener name ${show(l.name)} twice (Gateway API requires unique listener names); pick another portName`);
    const same = all.find(o => o.port === l.port && o.protocol === l.protocol && o.hostname === l.hostname);
    if (same) fail(scope, `${prop}.hosts`, `serves ${show(l.hostname ?? '*')} on ${l.protocol} port ${l.port}, as listener ${show(same.name)} already does (Gateway API requires a unique port, protocol and hostname per listener); remove one`);
    all.push(l);
  }
  checkMax(scope, prop, all.length, GATEWAY_API_LIMITS.listeners, 'listeners (one per server host)');
  return listeners;
}

/** A Service of the route's backends or parents, as a Gateway API reference. */
export interface ServiceRef {
  readonly name: string;
  readonly namespace: string;
}

/**
 * The Service of a mesh host, as a GAMMA parent: `<name>.<namespace>.svc.cluster.local`, `<name>.<namespace>` or
 * `<name>` (in `namespace`).
 * @see https://istio.io/latest/docs/tasks/traffic-management/request-routing/ (the Gateway API tab: parentRefs of kind Service)
 */
export function serviceOfHost(scope: IConstruct, prop: string, host: string, namespace: string): ServiceRef {
  const m = /^([a-z]([-a-z0-9]*[a-z0-9])?)(\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.svc\.cluster\.local)?)?$/.exec(host);
  if (!m || (m[3] !== undefined && m[4] === undefined)) {
    notInGatewayApi(scope, prop, host, 'a mesh HTTPRoute (GAMMA) has a Kubernetes Service as parent, and this host is not a Service\'s', 'route a Service host');
  }
  return { name: m[1], namespace: m[4] ?? namespace };
}

/**
 * The Service selecting the pods of one version (`<service>-<version>`, labels `app` and `version`), created once per
 * service and version beside the service: Gateway API has no subsets, so Istio's docs route to such Services.
 * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/ (the Gateway API tab)
 * @see Istio 1.30.3 samples/bookinfo/platform/kube/bookinfo-versions.yaml, samples/bookinfo/gateway-api/route-reviews-90-10.yaml
 */
export function versionService(scope: IConstruct, prop: string, service: IMeshService, version: string): string {
  if (!(service instanceof MeshService)) {
    notInGatewayApi(scope, prop, version, `a subset becomes a Service per version, which needs the workloads of service ${service.name}, and this app does not manage them`, `route to that version's own Service, MeshService.fromName(scope, id, '${service.name}-${version}')`);
  }
  const name = `${service.name}-${version}`;
  if (name.length > 63) fail(scope, prop, `makes the per-version Service name ${show(name)}, longer than 63 characters; shorten the service name or version`);
  const id = `Version-${version}`;
  if (service.node.tryFindChild(id) === undefined) {
    const svc = new kplus.Service(service, id, {
      metadata: { name, namespace: service.namespace, labels: { app: service.name, version } },
      ports: service.ports.map(p => ({ name: p.name, port: p.port, targetPort: p.targetPort })),
    });
    svc.selectLabel('app', service.name);
    svc.selectLabel('version', version);
  }
  return name;
}

/** What rendering a rule needs from its route: its namespace, and where to record the Services its backends name. */
export interface RuleContext {
  readonly namespace: string;
  readonly onBackend: (ref: ServiceRef) => void;
}

/**
 * One HTTPRoute rule for options already checked as Istio's (renderHttpRoute): what Gateway API cannot say fails,
 * naming the prop; what its CEL rules reject fails too.
 */
export function renderRule(scope: Construct, prop: string, route: HttpRouteOptions, ctx: RuleContext): object {
  const unsupported: [keyof HttpRouteOptions, string][] = [
    ['retries', 'HTTPRoute retries are in the experimental channel only'],
    ['fault', 'HTTPRoute has no fault injection'],
    ['directResponse', 'HTTPRoute has no direct response filter'],
  ];
  for (const [field, why] of unsupported) {
    if (route[field] !== undefined) notInGatewayApi(scope, `${prop}.${field}`, route[field], why);
  }
  const matches = (route.match ?? []).map((m, i) => renderMatch(scope, `${prop}.match[${i}]`, m));
  checkMax(scope, `${prop}.match`, matches.length, GATEWAY_API_LIMITS.matches, 'matches');
  const backendRefs = (route.destinations ?? []).map((d, i) => {
    const p = `${prop}.destinations[${i}]`;
    const filters = d.headers === undefined ? [] : headerFilters(scope, `${p}.headers`, d.headers);
    return { ...backendRef(scope, p, d, ctx), ...(d.weight !== undefined && { weight: d.weight }), ...(filters.length > 0 && { filters }) };
  });
  checkMax(scope, `${prop}.destinations`, backendRefs.length, GATEWAY_API_LIMITS.backendRefs, 'destinations');
  const filters = [
    ...(route.headers === undefined ? [] : headerFilters(scope, `${prop}.headers`, route.headers)),
    ...(route.redirect === undefined ? [] : [{ type: 'RequestRedirect', requestRedirect: renderRedirect(scope, `${prop}.redirect`, route.redirect) }]),
    ...(route.rewrite === undefined ? [] : [{ type: 'URLRewrite', urlRewrite: renderRewrite(scope, `${prop}.rewrite`, route.rewrite, route.match ?? []) }]),
    ...(route.mirror === undefined ? [] : [{ type: 'RequestMirror', requestMirror: renderMirror(scope, `${prop}.mirror`, route.mirror, route.mirrorPercentage, ctx) }]),
    ...(route.corsPolicy === undefined ? [] : [{ type: 'CORS', cors: renderCors(scope, `${prop}.corsPolicy`, route.corsPolicy) }]),
  ];
  const timeout = route.timeout?.toMilliseconds({ integral: false });
  return {
    ...(route.name !== undefined && { name: route.name }),
    ...(matches.length > 0 && { matches }),
    ...(filters.length > 0 && { filters }),
    ...(backendRefs.length > 0 && { backendRefs }),
    ...(timeout !== undefined && { timeouts: { request: gatewayDuration(timeout) } }),
  };
}

/** The number of matches of a rendered rule, as the CEL rule on the route total counts them (none for a catch-all rule). */
export function matchCount(rule: object): number {
  return ((rule as { matches?: unknown[] }).matches ?? []).length;
}

function backendRef(scope: IConstruct, prop: string, d: RouteDestination, ctx: RuleContext) {
  const port = findPort(scope, `${prop}.port`, d.service, d.port).port;
  const name = d.subset === undefined ? d.service.name : versionService(scope, `${prop}.subset`, d.service, d.subset);
  ctx.onBackend({ name, namespace: d.service.namespace });
  return { name, ...(d.service.namespace !== ctx.namespace && { namespace: d.service.namespace }), port };
}

function renderMatch(scope: IConstruct, prop: string, m: HttpMatch): object {
  const perMatch: [keyof HttpMatch, string, string?][] = [
    ['name', 'an HTTPRoute match has no name', 'name the route instead (the rule name)'],
    ['port', 'an HTTPRoute match has no port; the parent reference chooses it'],
    ['sourceLabels', 'an HTTPRoute does not match the calling workload'],
    ['sourceNamespace', 'an HTTPRoute does not match the calling namespace'],
    ['gateways', 'an HTTPRoute\'s parents apply to all its rules', 'use one VirtualService per set of gateways'],
    ['mesh', 'an HTTPRoute\'s parents apply to all its rules', 'use one VirtualService for the mesh and one for the gateways'],
  ];
  for (const [field, why, alternative] of perMatch) {
    if (m[field] !== undefined) notInGatewayApi(scope, `${prop}.${field}`, m[field], why, alternative);
  }
  if (m.ignoreUriCase) notInGatewayApi(scope, `${prop}.ignoreUriCase`, true, 'HTTPRoute path matches are case-sensitive', 'match with StringMatch.regex(\'(?i)...\')');
  let path: object | undefined;
  if (m.uri !== undefined) {
    const type = { [StringMatchType.EXACT]: 'Exact', [StringMatchType.PREFIX]: 'PathPrefix', [StringMatchType.REGEX]: 'RegularExpression' }[m.uri.matchType];
    if (m.uri.matchType !== StringMatchType.REGEX) checkPath(scope, `${prop}.uri.${m.uri.matchType}`, m.uri.value);
    path = { type, value: m.uri.value };
  }
  const valueMatches = (field: 'headers' | 'queryParams') => Object.entries(m[field] ?? {}).map(([name, s]) => {
    if (field === 'headers' && JWT_CLAIM_KEY.test(name)) {
      notInGatewayApi(scope, `${prop}.headers`, name, 'HTTPRoute matches request headers, not JWT claims', 'route on a header the authenticator sets (RequestAuthentication outputClaimToHeaders)');
    }
    return { type: stringMatchType(scope, `${prop}.${field}.${name}`, s), name, value: s.value };
  });
  const headers = valueMatches('headers');
  const queryParams = valueMatches('queryParams');
  return {
    ...(path && { path }),
    ...(headers.length > 0 && { headers }),
    ...(queryParams.length > 0 && { queryParams }),
    ...(m.method !== undefined && { method: m.method }),
  };
}

/** Header and query matches: Exact or RegularExpression; a prefix has no Gateway API type. */
function stringMatchType(scope: IConstruct, prop: string, s: StringMatch): string {
  if (s.matchType === StringMatchType.PREFIX) {
    notInGatewayApi(scope, `${prop}.prefix`, s.value, 'header and query parameter matches are Exact or RegularExpression', `match with StringMatch.regex('${s.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*')`);
  }
  return s.matchType === StringMatchType.EXACT ? 'Exact' : 'RegularExpression';
}

function headerFilters(scope: IConstruct, prop: string, headers: HttpHeaders): object[] {
  const modifier = (which: 'request' | 'response', ops: HeaderOperations) => {
    const pairs = (field: 'set' | 'add') => Object.entries(ops[field] ?? {}).map(([name, value]) => {
      if (name.startsWith(':')) notInGatewayApi(scope, `${prop}.${which}.${field}`, name, 'header modifiers take header names, not pseudo-headers', 'use rewrite.authority');
      return { name, value };
    });
    const set = pairs('set');
    const add = pairs('add');
    return { ...(set.length > 0 && { set }), ...(add.length > 0 && { add }), ...(ops.remove !== undefined && { remove: [...ops.remove] }) };
  };
  return [
    ...(headers.request ? [{ type: 'RequestHeaderModifier', requestHeaderModifier: modifier('request', headers.request) }] : []),
    ...(headers.response ? [{ type: 'ResponseHeaderModifier', responseHeaderModifier: modifier('response', headers.response) }] : []),
  ];
}

/** Istio's redirect; its status defaults to 301, Gateway API's to 302, so the status is always written. */
function renderRedirect(scope: IConstruct, prop: string, r: HttpRedirect): object {
  if (r.derivePort !== undefined) notInGatewayApi(scope, `${prop}.derivePort`, r.derivePort, 'a redirect without port takes the scheme\'s port, or the listener\'s when no scheme is set', 'set port, or leave both out');
  if (r.redirectCode !== undefined && r.redirectCode !== 301 && r.redirectCode !== 302) {
    notInGatewayApi(scope, `${prop}.redirectCode`, r.redirectCode, 'RequestRedirect\'s statusCode is 301 or 302 (its schema\'s enum)', 'use 301 or 302');
  }
  return {
    ...(r.scheme !== undefined && { scheme: r.scheme }),
    ...(r.authority !== undefined && { hostname: checkPreciseHostname(scope, `${prop}.authority`, r.authority) }),
    ...(r.port !== undefined && { port: r.port }),
    ...(r.uri !== undefined && { path: { type: 'ReplaceFullPath', replaceFullPath: r.uri } }),
    statusCode: r.redirectCode ?? 301,
  };
}

/**
 * Istio's `uri` rewrite replaces what the `uri` match matched: the prefix of a prefix match (ReplacePrefixMatch, which
 * Gateway API allows with exactly one PathPrefix match), the whole path of exact matches (ReplaceFullPath).
 */
function renderRewrite(scope: IConstruct, prop: string, r: HttpRewrite, matches: readonly HttpMatch[]): object {
  if (r.uriRegexRewrite !== undefined) notInGatewayApi(scope, `${prop}.uriRegexRewrite`, r.uriRegexRewrite, 'URLRewrite replaces a full path or a matched prefix, not a regular expression');
  let path: object | undefined;
  if (r.uri !== undefined) {
    const types = matches.map(m => m.uri?.matchType);
    if (types.length === 1 && types[0] === StringMatchType.PREFIX) path = { type: 'ReplacePrefixMatch', replacePrefixMatch: r.uri };
    else if (types.length > 0 && types.every(t => t === StringMatchType.EXACT)) path = { type: 'ReplaceFullPath', replaceFullPath: r.uri };
    else {
      notInGatewayApi(scope, `${prop}.uri`, r.uri, 'URLRewrite replaces the matched prefix only for a rule with exactly one prefix match, and the full path for exact matches',
        'give the route one StringMatch.prefix uri match, or exact uri matches only');
    }
  }
  return {
    ...(r.authority !== undefined && { hostname: checkPreciseHostname(scope, `${prop}.authority`, r.authority) }),
    ...(path && { path }),
  };
}

function renderMirror(scope: IConstruct, prop: string, d: RouteDestination, percentage: number | undefined, ctx: RuleContext): object {
  const share = percentage === undefined ? {}
    : Number.isInteger(percentage) ? { percent: percentage } : { fraction: { numerator: Math.round(percentage * 10_000), denominator: 1_000_000 } };
  return { backendRef: backendRef(scope, prop, d, ctx), ...share };
}

function renderCors(scope: IConstruct, prop: string, c: CorsPolicy): object {
  const origins = (c.allowOrigins ?? []).map((o, i) => {
    if (o.matchType !== StringMatchType.EXACT) {
      notInGatewayApi(scope, `${prop}.allowOrigins[${i}]`, o.value, 'CORS origins are exact values (scheme://host[:port], with an optional "*." host wildcard) or "*"', 'use StringMatch.exact');
    }
    return o.value;
  });
  const lists: [string, readonly string[] | undefined][] = [['allowOrigins', origins], ['allowMethods', c.allowMethods], ['allowHeaders', c.allowHeaders], ['exposeHeaders', c.exposeHeaders]];
  for (const [field, values] of lists) {
    if (values?.includes('*') && values.length > 1) fail(scope, `${prop}.${field}`, `must not list "*" with other values (Gateway API rejects it), got ${show(values)}; keep "*" alone or drop it`);
  }
  const maxAge = c.maxAge?.toSeconds();
  return {
    ...(origins.length > 0 && { allowOrigins: origins }),
    ...(c.allowMethods !== undefined && { allowMethods: [...c.allowMethods] }),
    ...(c.allowHeaders !== undefined && { allowHeaders: [...c.allowHeaders] }),
    ...(c.exposeHeaders !== undefined && { exposeHeaders: [...c.exposeHeaders] }),
    ...(maxAge !== undefined && { maxAge }),
    ...(c.allowCredentials !== undefined && { allowCredentials: c.allowCredentials }),
  };
}
