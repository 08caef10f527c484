import { Construct } from 'constructs';
import { VirtualServiceSpecHttp } from '../../imports/networking.istio.io';
import {
  CorsPolicy, FaultInjection, HeaderOperations, HttpDirectResponse, HttpHeaders, HttpMatch, HttpMethod, HttpRedirect, HttpRewrite, HttpRouteOptions,
  PER_TRY_TIMEOUT_RETRY_ON, RedirectPortSelection, RedirectScheme, RetryOn, RetryPolicy, StringMatch, StringMatchType,
} from '../traffic/http-route';
import { IGateway } from '../traffic/ingress-gateway';
import { RouteDestination } from '../traffic/route-destination';
import { TcpMatch, TcpRouteOptions } from '../traffic/tcp-route';
import { checkDnsLabel, checkEnum, checkInteger, checkPercentage, checkPortNumber } from './checks';
import { istioDuration } from './duration';
import { fail, show } from './errors';
import { HEADER_TOKEN, headerValueProblem, JWT_CLAIM_KEY } from './http-names';
import { findPort } from './ports';

const HEADER_NAME = /^[a-z0-9!#$%&'*+\-.^_`|~]+$/;
/** The redirect codes Istio translates to Envoy's (others are dropped with a warning). */
const REDIRECT_CODES = [301, 302, 303, 307, 308];
/** The largest direct-response body istiod accepts (1 MiB). */
export const MAX_DIRECT_RESPONSE_BYTES = 1024 * 1024;
/** Kubernetes label keys (optional DNS-subdomain prefix and a name of at most 63 characters) and values. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Where a VirtualService's routes apply: its gateways and whether the mesh. */
export interface RouteBinding {
  readonly gateways: readonly IGateway[];
  readonly mesh: boolean;
}
/** Envoy's RE2 program-size limit, approximated by length as istiod does (validateStringRegexp). */
export const MAX_REGEX_LENGTH = 1024;
const PER_TRY_TIMEOUT_RETRIED_ON: readonly RetryOn[] = [RetryOn.GATEWAY_ERROR, RetryOn.FIVE_XX, RetryOn.RESET];

/**
 * Checks one HTTP route's options and renders it as the VirtualService `http[]` entry.
 * Everything but subset existence (checked at synth, as workloads may still be added) is checked here.
 * @see Istio 1.30.3 pkg/config/validation/virtualservice.go validateHTTPRoute, validateHTTPRouteConflict
 */
export function renderHttpRoute(scope: Construct, prop: string, route: HttpRouteOptions, binding: RouteBinding): VirtualServiceSpecHttp {
  if (route.name !== undefined) checkDnsLabel(scope, `${prop}.name`, route.name);
  const match = (route.match ?? []).map((m, i) => renderMatch(scope, `${prop}.match[${i}]`, m, binding));
  const answers = (['redirect', 'directResponse'] as const).filter(f => route[f] !== undefined);
  if (answers.length === 2) fail(scope, `${prop}.redirect`, 'cannot be combined with directResponse (istiod rejects it); keep one');
  const answer = answers[0];
  if (answer !== undefined) {
    if (route.destinations !== undefined) {
      fail(scope, `${prop}.destinations`, `cannot be combined with ${answer}, which answers the request itself (istiod rejects it), got ${route.destinations.length} destination(s); remove one of them`);
    }
    for (const field of ['rewrite', 'fault'] as const) {
      if (route[field] !== undefined) fail(scope, `${prop}.${field}`, `cannot be combined with ${answer}, which answers before any ${field} applies (istiod rejects it); remove it`);
    }
  }
  const destinations = answer === undefined ? renderDestinations(scope, prop, route.destinations, true) : undefined;
  const timeout = route.timeout === undefined ? undefined : istioDuration(scope, `${prop}.timeout`, route.timeout);
  const retries = route.retries === undefined ? undefined : renderRetries(scope, `${prop}.retries`, route.retries, route.timeout?.toMilliseconds({ integral: false }));
  const fault = route.fault === undefined ? undefined : renderFault(scope, `${prop}.fault`, route.fault);
  const headers = route.headers === undefined ? undefined : renderHeaders(scope, `${prop}.headers`, route.headers);
  if (route.mirrorPercentage !== undefined) {
    if (route.mirror === undefined) fail(scope, `${prop}.mirrorPercentage`, `needs 'mirror' (the destination of the copies), got ${show(route.mirrorPercentage)}`);
    checkPercentage(scope, `${prop}.mirrorPercentage`, route.mirrorPercentage);
  }
  if (route.rewrite?.authority !== undefined) {
    const other = Object.keys({ ...route.headers?.request?.set, ...route.headers?.request?.add }).find(isAuthorityHeader);
    if (other !== undefined) fail(scope, `${prop}.headers.request`, `sets ${other}, and rewrite.authority sets it too (istiod rejects it); keep one`);
  }
  return {
    ...(route.name !== undefined && { name: route.name }),
    ...(match.length > 0 && { match }),
    ...(destinations !== undefined && { route: destinations }),
    ...(route.redirect !== undefined && { redirect: renderRedirect(scope, `${prop}.redirect`, route.redirect) }),
    ...(route.directResponse !== undefined && { directResponse: renderDirectResponse(scope, `${prop}.directResponse`, route.directResponse) }),
    ...(route.rewrite !== undefined && { rewrite: renderRewrite(scope, `${prop}.rewrite`, route.rewrite) }),
    ...(timeout !== undefined && { timeout }),
    ...(retries !== undefined && { retries }),
    ...(fault !== undefined && { fault }),
    ...(route.mirror !== undefined && { mirror: renderMirror(scope, `${prop}.mirror`, route.mirror) }),
    ...(route.mirrorPercentage !== undefined && { mirrorPercentage: { value: route.mirrorPercentage } }),
    ...(headers !== undefined && { headers }),
    ...(route.corsPolicy !== undefined && { corsPolicy: renderCors(scope, `${prop}.corsPolicy`, route.corsPolicy) }),
  } as VirtualServiceSpecHttp;
}

/**
 * Checks one TCP route's options and renders it as the VirtualService `tcp[]` entry.
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateTCPRoute, validateTCPMatch
 */
export function renderTcpRoute(scope: Construct, prop: string, route: TcpRouteOptions, binding: RouteBinding) {
  const match = (route.match ?? []).map((m, i) => {
    const rendered = renderSourceMatch(scope, `${prop}.match[${i}]`, m, binding);
    if (Object.keys(rendered).length === 0) fail(scope, `${prop}.match[${i}]`, 'must set at least one of port, sourceLabels, sourceNamespace, gateways or mesh; leave out "match" for a catch-all route');
    return rendered;
  });
  return { ...(match.length > 0 && { match }), route: renderDestinations(scope, prop, route.destinations, false) };
}

/** The match fields HTTP and TCP routes share: port, sourceLabels, sourceNamespace, gateways. */
function renderSourceMatch(scope: Construct, prop: string, m: TcpMatch, binding: RouteBinding) {
  if (m.port !== undefined) checkPortNumber(scope, `${prop}.port`, m.port);
  Object.entries(m.sourceLabels ?? {}).forEach(([key, value]) => checkLabel(scope, `${prop}.sourceLabels`, key, value));
  if (m.sourceNamespace !== undefined) checkDnsLabel(scope, `${prop}.sourceNamespace`, m.sourceNamespace?.name);
  const refs = binding.gateways.map(g => g.reference);
  (m.gateways ?? []).forEach((g, i) => {
    if (!refs.includes(g?.reference)) {
      fail(scope, `${prop}.gateways[${i}]`, `must be one of the VirtualService's gateways (${refs.join(', ') || 'none'}), as it is bound to no other, got ${show(g?.reference ?? g)}`);
    }
  });
  if (m.mesh === true && !binding.mesh) fail(scope, `${prop}.mesh`, 'is true, but the VirtualService does not route mesh traffic; set its mesh: true');
  const gateways = m.gateways === undefined && m.mesh === undefined ? undefined
    : [...(m.gateways ?? []).map(g => g.reference), ...(m.mesh ?? m.gateways === undefined ? ['mesh'] : [])];
  if (gateways?.length === 0) fail(scope, `${prop}.mesh`, 'is false and no gateways are given, so the match applies nowhere; add gateways or leave mesh unset');
  const meshApplies = gateways === undefined ? binding.mesh : gateways.includes('mesh');
  const bySource = (['sourceLabels', 'sourceNamespace'] as const).find(f => m[f] !== undefined);
  if (bySource && !meshApplies) {
    fail(scope, `${prop}.${bySource}`, 'matches the calling workload, which only mesh traffic has, and this match applies to gateways only; set mesh: true or remove it');
  }
  return {
    ...(m.port !== undefined && { port: m.port }),
    ...(m.sourceLabels !== undefined && Object.keys(m.sourceLabels).length > 0 && { sourceLabels: { ...m.sourceLabels } }),
    ...(m.sourceNamespace !== undefined && { sourceNamespace: m.sourceNamespace.name }),
    ...(gateways !== undefined && { gateways }),
  };
}

/** Kubernetes label syntax, which istiod checks for `sourceLabels` (labels.Instance.Validate). */
function checkLabel(scope: Construct, prop: string, key: string, value: string): void {
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (!LABEL_NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix)))) {
    fail(scope, prop, `key ${show(key)} must be a label key such as "app" or "example.com/tier" (at most 63 characters after an optional DNS prefix)`);
  }
  if (typeof value !== 'string' || !LABEL_VALUE.test(value)) {
    fail(scope, `${prop}.${key}`, `must be a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit), got ${show(value)}`);
  }
}

function isAuthorityHeader(name: string): boolean {
  return name.toLowerCase() === ':authority' || name.toLowerCase() === 'host';
}

/**
 * Header operations as istiod checks them: request set/add may name `:authority` or `host` but no other
 * `:` pseudo-header; request remove and all response operations neither; values without control characters, each
 * `%` a `%VARIABLE%` or escaped `%%`.
 * @see Istio 1.30.3 pkg/config/validation/validation.go ValidateHTTPHeaderWithAuthorityOperationName, ValidateHTTPHeaderOperationName, ValidateHTTPHeaderValue
 * @see Istio 1.30.3 pkg/config/validation/header_value_validator.go validateHeaderValue
 */
function renderHeaders(scope: Construct, prop: string, headers: HttpHeaders) {
  const side = (which: 'request' | 'response', ops: HeaderOperations | undefined) => {
    if (ops === undefined) return undefined;
    const p = `${prop}.${which}`;
    const name = (field: string, n: string, authorityAllowed: boolean) => {
      if (typeof n !== 'string' || !HEADER_TOKEN.test(n.startsWith(':') ? n.slice(1) : n)) {
        fail(scope, `${p}.${field}`, `has ${show(n)}, which is not an HTTP header name (letters, digits and !#$%&'*+-.^_\`|~)`);
      }
      if ((n.startsWith(':') || n.toLowerCase() === 'host') && !(authorityAllowed && isAuthorityHeader(n))) {
        fail(scope, `${p}.${field}`, `has ${show(n)}: ${authorityAllowed ? 'pseudo-headers other than :authority' : 'pseudo-headers and host'} cannot be changed here (istiod rejects it)${n.toLowerCase() === 'host' || n === ':authority' ? '; use rewrite.authority' : ''}`);
      }
    };
    const values = (field: 'set' | 'add', entries: Record<string, string> | undefined) => {
      if (entries === undefined) return undefined;
      for (const [n, v] of Object.entries(entries)) {
        name(field, n, which === 'request');
        const problem = typeof v === 'string' ? headerValueProblem(v) : 'must be a string';
        if (problem !== undefined) fail(scope, `${p}.${field}.${n}`, `${problem}, got ${show(v)}`);
      }
      return { ...entries };
    };
    const set = values('set', ops.set);
    const add = values('add', ops.add);
    (ops.remove ?? []).forEach(n => name('remove', n, false));
    const rendered = { ...(set && { set }), ...(add && { add }), ...(ops.remove !== undefined && { remove: [...ops.remove] }) };
    if (Object.keys(rendered).length === 0) fail(scope, p, 'must set at least one of set, add or remove');
    return rendered;
  };
  const request = side('request', headers.request);
  const response = side('response', headers.response);
  if (!request && !response) fail(scope, prop, 'must set request, response or both');
  return { ...(request && { request }), ...(response && { response }) };
}

/** @see Istio 1.30.3 pkg/config/validation/validation.go validateHTTPRedirect; pilot/pkg/networking/core/route/route.go (codes) */
function renderRedirect(scope: Construct, prop: string, r: HttpRedirect) {
  if (r.uri === undefined && r.authority === undefined && r.port === undefined && r.derivePort === undefined && r.scheme === undefined) {
    fail(scope, prop, 'must set at least one of uri, authority, port, derivePort or scheme (istiod rejects an empty redirect)');
  }
  if (r.uri !== undefined && (typeof r.uri !== 'string' || !r.uri.startsWith('/'))) fail(scope, `${prop}.uri`, `must be a path starting with "/", got ${show(r.uri)}`);
  if (r.authority !== undefined && (typeof r.authority !== 'string' || r.authority === '')) fail(scope, `${prop}.authority`, `must be a host name, got ${show(r.authority)}`);
  if (r.port !== undefined) checkPortNumber(scope, `${prop}.port`, r.port);
  if (r.derivePort !== undefined) {
    checkEnum(scope, `${prop}.derivePort`, r.derivePort, RedirectPortSelection);
    if (r.port !== undefined) fail(scope, `${prop}.derivePort`, `cannot be combined with port (${r.port}); keep one`);
  }
  if (r.scheme !== undefined) checkEnum(scope, `${prop}.scheme`, r.scheme, RedirectScheme);
  if (r.redirectCode !== undefined && !REDIRECT_CODES.includes(r.redirectCode)) {
    fail(scope, `${prop}.redirectCode`, `must be one of ${REDIRECT_CODES.join(', ')} (the codes Envoy supports), got ${show(r.redirectCode)}`);
  }
  return {
    ...(r.uri !== undefined && { uri: r.uri }),
    ...(r.authority !== undefined && { authority: r.authority }),
    ...(r.port !== undefined && { port: r.port }),
    ...(r.derivePort !== undefined && { derivePort: r.derivePort }),
    ...(r.scheme !== undefined && { scheme: r.scheme }),
    ...(r.redirectCode !== undefined && { redirectCode: r.redirectCode }),
  };
}

/** @see Istio 1.30.3 pkg/config/validation/validation.go validateHTTPDirectResponse, validateHTTPStatus */
function renderDirectResponse(scope: Construct, prop: string, d: HttpDirectResponse) {
  checkInteger(scope, `${prop}.status`, d.status, 200, 599);
  if (d.body !== undefined) {
    if (typeof d.body !== 'string') fail(scope, `${prop}.body`, `must be a string, got ${show(d.body)}`);
    const bytes = Buffer.byteLength(d.body, 'utf8');
    if (bytes > MAX_DIRECT_RESPONSE_BYTES) fail(scope, `${prop}.body`, `must be at most 1 MiB (istiod rejects larger ones), got ${bytes} bytes`);
  }
  return { status: d.status, ...(d.body !== undefined && { body: { string: d.body } }) };
}

/** @see Istio 1.30.3 pkg/config/validation/validation.go validateHTTPRewrite, validateURIRegexRewrite */
function renderRewrite(scope: Construct, prop: string, r: HttpRewrite) {
  if (r.uri !== undefined && r.uriRegexRewrite !== undefined) {
    fail(scope, `${prop}.uriRegexRewrite`, `cannot be combined with uri (${show(r.uri)}): istiod accepts one of them; keep one`);
  }
  if (r.uri === undefined && r.uriRegexRewrite === undefined && r.authority === undefined) fail(scope, prop, 'must set uri, uriRegexRewrite or authority');
  if (r.uri !== undefined && (typeof r.uri !== 'string' || r.uri === '')) fail(scope, `${prop}.uri`, `must be a non-empty path, got ${show(r.uri)}`);
  if (r.authority !== undefined && (typeof r.authority !== 'string' || r.authority === '')) fail(scope, `${prop}.authority`, `must be a host name, got ${show(r.authority)}`);
  const regex = r.uriRegexRewrite;
  if (regex !== undefined) {
    if (typeof regex.rewrite !== 'string' || regex.rewrite === '') fail(scope, `${prop}.uriRegexRewrite.rewrite`, `must be a non-empty replacement, got ${show(regex.rewrite)}`);
    checkRegex(scope, `${prop}.uriRegexRewrite.match`, regex.match);
  }
  return {
    ...(r.uri !== undefined && { uri: r.uri }),
    ...(regex !== undefined && { uriRegexRewrite: { match: regex.match, rewrite: regex.rewrite } }),
    ...(r.authority !== undefined && { authority: r.authority }),
  };
}

function renderMirror(scope: Construct, prop: string, d: RouteDestination) {
  if (!(d instanceof RouteDestination)) fail(scope, prop, `must be RouteDestination.to(service, { ... }), got ${show(d)}`);
  if (d.weight !== undefined) fail(scope, `${prop}.weight`, `does not apply to a mirror (use mirrorPercentage), got ${d.weight}`);
  if (d.headers !== undefined) fail(scope, `${prop}.headers`, 'does not apply to a mirror (the copy carries the route\'s request headers); remove it');
  return renderDestination(scope, prop, d);
}

/**
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateCORSPolicy, validateAllowOrigins, ValidateCORSHTTPHeaderName
 */
function renderCors(scope: Construct, prop: string, cors: CorsPolicy) {
  const origins = (cors.allowOrigins ?? []).map((o, i) => {
    const rendered = renderStringMatch(scope, `${prop}.allowOrigins[${i}]`, o);
    if (o.value === '') fail(scope, `${prop}.allowOrigins[${i}]`, `must not be empty (istiod rejects it), got ${show(o.value)}`);
    return rendered;
  });
  (cors.allowMethods ?? []).forEach((m, i) => checkEnum(scope, `${prop}.allowMethods[${i}]`, m, HttpMethod));
  for (const field of ['allowHeaders', 'exposeHeaders'] as const) {
    (cors[field] ?? []).forEach((n, i) => {
      if (n !== '*' && (typeof n !== 'string' || !HEADER_TOKEN.test(n))) fail(scope, `${prop}.${field}[${i}]`, `must be an HTTP header name or "*", got ${show(n)}`);
    });
  }
  let maxAge: string | undefined;
  if (cors.maxAge !== undefined) {
    maxAge = istioDuration(scope, `${prop}.maxAge`, cors.maxAge);
    if (cors.maxAge.toMilliseconds({ integral: false }) % 1000 !== 0) fail(scope, `${prop}.maxAge`, `must be whole seconds (istiod rejects finer), got ${maxAge}`);
  }
  return {
    ...(origins.length > 0 && { allowOrigins: origins }),
    ...(cors.allowMethods !== undefined && { allowMethods: [...cors.allowMethods] }),
    ...(cors.allowHeaders !== undefined && { allowHeaders: [...cors.allowHeaders] }),
    ...(cors.exposeHeaders !== undefined && { exposeHeaders: [...cors.exposeHeaders] }),
    ...(maxAge !== undefined && { maxAge }),
    ...(cors.allowCredentials !== undefined && { allowCredentials: cors.allowCredentials }),
  };
}

function renderStringMatch(scope: Construct, prop: string, m: StringMatch): Record<string, string> {
  if (!(m instanceof StringMatch)) {
    fail(scope, prop, `must be StringMatch.exact(...), StringMatch.prefix(...) or StringMatch.regex(...) (exactly one), got ${show(m)}`);
  }
  if (typeof m.value !== 'string') fail(scope, `${prop}.${m.matchType}`, `must be a string, got ${show(m.value)}`);
  if (m.matchType === StringMatchType.REGEX) checkRegex(scope, `${prop}.regex`, m.value);
  return { [m.matchType]: m.value };
}

/** An RE2 regular expression of at most 1024 characters, as istiod requires (validateStringRegexp). */
function checkRegex(scope: Construct, prop: string, value: string): void {
  if (typeof value !== 'string' || value === '') fail(scope, prop, `must be a non-empty RE2 regular expression, got ${show(value)}`);
  if (value.length > MAX_REGEX_LENGTH) {
    fail(scope, prop, `must be at most ${MAX_REGEX_LENGTH} characters, got ${value.length}`);
  }
  try {
    // re2js loads on the first regex, not with the package.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('re2js') as typeof import('re2js')).RE2JS.compile(value);
  } catch (e) {
    fail(scope, prop, `must be an RE2 regular expression (no lookaround or backreferences), got ${show(value)}: ${(e as Error).message}`);
  }
}

function renderMatch(scope: Construct, prop: string, m: HttpMatch, binding: RouteBinding) {
  const headers = Object.entries(m.headers ?? {}).map(([name, value]) => {
    if (!HEADER_NAME.test(name) && !JWT_CLAIM_KEY.test(name)) {
      fail(scope, `${prop}.headers`, `key ${show(name)} must be a lowercase HTTP header name such as "end-user", or "@request.auth.claims.<claim>"`);
    }
    if (JWT_CLAIM_KEY.test(name) && binding.mesh) {
      // Istio 1.30.3 validation.go ValidateVirtualService (validateJWTClaimRoute).
      fail(scope, `${prop}.headers`, `key ${show(name)} matches a JWT claim, which works only at gateways (istiod rejects it for mesh traffic); route it through gateways only, without mesh: true`);
    }
    return [name, renderStringMatch(scope, `${prop}.headers.${name}`, value)] as const;
  });
  const queryParams = Object.entries(m.queryParams ?? {}).map(([name, value]) => {
    if (name === '') fail(scope, `${prop}.queryParams`, 'keys must not be empty');
    return [name, renderStringMatch(scope, `${prop}.queryParams.${name}`, value)] as const;
  });
  if (m.method !== undefined) checkEnum(scope, `${prop}.method`, m.method, HttpMethod);
  if (m.name !== undefined) checkDnsLabel(scope, `${prop}.name`, m.name);
  if (m.ignoreUriCase && m.uri?.matchType === StringMatchType.REGEX) {
    fail(scope, `${prop}.ignoreUriCase`, 'applies to exact and prefix matches only; put (?i) in the regex instead');
  }
  const rendered = {
    ...(m.name !== undefined && { name: m.name }),
    ...(m.uri !== undefined && { uri: renderStringMatch(scope, `${prop}.uri`, m.uri) }),
    ...(headers.length > 0 && { headers: Object.fromEntries(headers) }),
    ...(queryParams.length > 0 && { queryParams: Object.fromEntries(queryParams) }),
    ...(m.method !== undefined && { method: { exact: m.method } }),
    ...(m.ignoreUriCase !== undefined && { ignoreUriCase: m.ignoreUriCase }),
    ...renderSourceMatch(scope, prop, m, binding),
  };
  if (Object.keys(rendered).length === 0) {
    fail(scope, prop, 'must set at least one of uri, headers, queryParams, method, port, sourceLabels, sourceNamespace, gateways or mesh; leave out "match" for a catch-all route');
  }
  return rendered;
}

/** Istio's `Destination`: host, subset and port. */
function renderDestination(scope: Construct, prop: string, d: RouteDestination) {
  if (d.subset !== undefined) checkDnsLabel(scope, `${prop}.subset`, d.subset);
  const port = findPort(scope, `${prop}.port`, d.service, d.port);
  return { host: d.service.fqdn, ...(d.subset !== undefined && { subset: d.subset }), port: { number: port.port } };
}

function renderDestinations(scope: Construct, prop: string, destinations: readonly RouteDestination[] | undefined, http: boolean) {
  if (!Array.isArray(destinations) || destinations.length === 0) {
    const or = http ? ', or set redirect or directResponse' : '';
    fail(scope, `${prop}.destinations`, `must list at least one RouteDestination.to(...)${or}, got ${show(destinations)}`);
  }
  const rendered = destinations.map((d, i) => {
    const p = `${prop}.destinations[${i}]`;
    if (!(d instanceof RouteDestination)) fail(scope, p, `must be RouteDestination.to(service, { ... }), got ${show(d)}`);
    const destination = renderDestination(scope, p, d);
    if (d.weight !== undefined) checkInteger(scope, `${p}.weight`, d.weight, 0, 100);
    if (d.headers !== undefined && !http) fail(scope, `${p}.headers`, 'applies to HTTP routes only, and this is a TCP route; remove it');
    const headers = d.headers === undefined ? undefined : renderHeaders(scope, `${p}.headers`, d.headers);
    return {
      destination,
      ...(d.weight !== undefined && { weight: d.weight }),
      ...(headers !== undefined && { headers }),
    };
  });
  if (destinations.length > 1) {
    const missing = destinations.findIndex(d => d.weight === undefined);
    if (missing >= 0) {
      fail(scope, `${prop}.destinations[${missing}].weight`, `must be set when a route has ${destinations.length} destinations (weights must sum to 100)`);
    }
    const sum = destinations.reduce((t, d) => t + (d.weight ?? 0), 0);
    if (sum !== 100) {
      const parts = destinations.map(d => `${d.subset ?? d.service.name}=${d.weight}`).join(', ');
      fail(scope, `${prop}.destinations[*].weight`, `must sum to 100, got ${sum} (${parts})`);
    }
  }
  return rendered;
}

function renderRetries(scope: Construct, prop: string, retries: RetryPolicy, routeTimeoutMs?: number) {
  const attempts = checkInteger(scope, `${prop}.attempts`, retries.attempts, 0);
  const retryOn = retries.retryOn ?? (retries.perTryTimeout !== undefined ? PER_TRY_TIMEOUT_RETRY_ON : undefined);
  const statusCodes = retries.retryOnStatusCodes ?? [];
  if (attempts === 0 && (retries.perTryTimeout !== undefined || retries.retryOn !== undefined || statusCodes.length > 0)) {
    fail(scope, `${prop}.attempts`, 'is 0, which disables retries, so perTryTimeout, retryOn and retryOnStatusCodes must not be set (istiod rejects it); set attempts >= 1 or remove them');
  }
  (retryOn ?? []).forEach((r, i) => {
    checkEnum(scope, `${prop}.retryOn[${i}]`, r, RetryOn);
  });
  statusCodes.forEach((c, i) => checkInteger(scope, `${prop}.retryOnStatusCodes[${i}]`, c, 100, 599));
  let perTryTimeout: string | undefined;
  if (retries.perTryTimeout !== undefined) {
    perTryTimeout = istioDuration(scope, `${prop}.perTryTimeout`, retries.perTryTimeout);
    const perTryMs = retries.perTryTimeout.toMilliseconds({ integral: false });
    if (routeTimeoutMs !== undefined && perTryMs >= routeTimeoutMs) {
      fail(scope, `${prop}.perTryTimeout`, `(${perTryTimeout}) must be shorter than the route 'timeout' (${routeTimeoutMs}ms), or no retry fits in it`);
    }
    // Envoy retries a per-try timeout on 5xx, gateway-error and reset; retriable status codes match real answers only.
    if (!PER_TRY_TIMEOUT_RETRIED_ON.some(r => retryOn!.includes(r))) {
      fail(scope, `${prop}.retryOn`, `(${[...retryOn!, ...statusCodes].join(',') || 'none'}) never retries a per-try timeout; add RetryOn.GATEWAY_ERROR (or FIVE_XX or RESET)`);
    }
  }
  const on = [...(retryOn ?? []), ...statusCodes.map(String)];
  return {
    attempts,
    ...(perTryTimeout !== undefined && { perTryTimeout }),
    ...(on.length > 0 && { retryOn: on.join(',') }),
  };
}

function renderFault(scope: Construct, prop: string, fault: FaultInjection) {
  if (!fault.delay && !fault.abort) fail(scope, prop, 'must set delay, abort or both');
  const delay = fault.delay && {
    fixedDelay: istioDuration(scope, `${prop}.delay.fixedDelay`, fault.delay.fixedDelay),
    percentage: { value: checkFaultPercentage(scope, `${prop}.delay.percentage`, fault.delay.percentage) },
  };
  const abort = fault.abort && {
    httpStatus: checkInteger(scope, `${prop}.abort.httpStatus`, fault.abort.httpStatus, 200, 599),
    percentage: { value: checkFaultPercentage(scope, `${prop}.abort.percentage`, fault.abort.percentage) },
  };
  return { ...(delay && { delay }), ...(abort && { abort }) };
}

/** A fault percentage: 0, or from 0.0001 (Envoy's resolution, which istiod enforces) to 100. */
function checkFaultPercentage(scope: Construct, prop: string, value: number): number {
  checkPercentage(scope, prop, value);
  if (value > 0 && value < 0.0001) fail(scope, prop, `must be 0 or at least 0.0001 (the finest share Envoy applies), got ${value}`);
  return value;
}
