import { Construct } from 'constructs';
import { VirtualServiceSpecHttp } from '../../imports/networking.istio.io';
import { FaultInjection, HttpMatch, HttpMethod, HttpRouteOptions, PER_TRY_TIMEOUT_RETRY_ON, RetryOn, RetryPolicy, StringMatch, StringMatchType } from '../traffic/http-route';
import { RouteDestination } from '../traffic/route-destination';
import { checkDnsLabel, checkEnum, checkInteger, checkPercentage } from './checks';
import { istioDuration } from './duration';
import { fail, show } from './errors';
import { JWT_CLAIM_KEY } from './http-names';
import { findPort } from './ports';

const HEADER_NAME = /^[a-z0-9!#$%&'*+\-.^_`|~]+$/;
const MAX_REGEX_LENGTH = 1024;
const PER_TRY_TIMEOUT_RETRIED_ON: readonly RetryOn[] = [RetryOn.GATEWAY_ERROR, RetryOn.FIVE_XX, RetryOn.RESET];

/**
 * Checks one HTTP route's options and renders it as the VirtualService `http[]` entry.
 * Everything but subset existence (checked at synth, as workloads may still be added) is checked here.
 */
export function renderHttpRoute(scope: Construct, prop: string, route: HttpRouteOptions): VirtualServiceSpecHttp {
  if (route.name !== undefined) checkDnsLabel(scope, `${prop}.name`, route.name);
  const match = (route.match ?? []).map((m, i) => renderMatch(scope, `${prop}.match[${i}]`, m));
  const destinations = renderDestinations(scope, prop, route.destinations);
  const timeout = route.timeout === undefined ? undefined : istioDuration(scope, `${prop}.timeout`, route.timeout);
  const retries = route.retries === undefined ? undefined : renderRetries(scope, `${prop}.retries`, route.retries, route.timeout?.toMilliseconds({ integral: false }));
  const fault = route.fault === undefined ? undefined : renderFault(scope, `${prop}.fault`, route.fault);
  return {
    ...(route.name !== undefined && { name: route.name }),
    ...(match.length > 0 && { match }),
    route: destinations,
    ...(timeout !== undefined && { timeout }),
    ...(retries !== undefined && { retries }),
    ...(fault !== undefined && { fault }),
  };
}

function renderStringMatch(scope: Construct, prop: string, m: StringMatch): Record<string, string> {
  if (!(m instanceof StringMatch)) {
    fail(scope, prop, `must be StringMatch.exact(...), StringMatch.prefix(...) or StringMatch.regex(...) (exactly one), got ${show(m)}`);
  }
  if (typeof m.value !== 'string') fail(scope, `${prop}.${m.matchType}`, `must be a string, got ${show(m.value)}`);
  if (m.matchType === StringMatchType.REGEX) {
    if (m.value.length > MAX_REGEX_LENGTH) {
      fail(scope, `${prop}.regex`, `must be at most ${MAX_REGEX_LENGTH} characters, got ${m.value.length}`);
    }
    try {
      // re2js loads on the first regex, not with the package.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('re2js') as typeof import('re2js')).RE2JS.compile(m.value);
    } catch (e) {
      fail(scope, `${prop}.regex`, `must be an RE2 regular expression (no lookaround or backreferences), got ${show(m.value)}: ${(e as Error).message}`);
    }
  }
  return { [m.matchType]: m.value };
}

function renderMatch(scope: Construct, prop: string, m: HttpMatch) {
  const headers = Object.entries(m.headers ?? {}).map(([name, value]) => {
    if (!HEADER_NAME.test(name) && !JWT_CLAIM_KEY.test(name)) {
      fail(scope, `${prop}.headers`, `key ${show(name)} must be a lowercase HTTP header name such as "end-user", or "@request.auth.claims.<claim>"`);
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
  };
  if (Object.keys(rendered).length === 0) {
    fail(scope, prop, 'must set at least one of uri, headers, queryParams or method; leave out "match" for a catch-all route');
  }
  return rendered;
}

function renderDestinations(scope: Construct, prop: string, destinations: readonly RouteDestination[]) {
  if (!Array.isArray(destinations) || destinations.length === 0) {
    fail(scope, `${prop}.destinations`, `must list at least one RouteDestination.to(...), got ${show(destinations)}`);
  }
  const rendered = destinations.map((d, i) => {
    const p = `${prop}.destinations[${i}]`;
    if (!(d instanceof RouteDestination)) fail(scope, p, `must be RouteDestination.to(service, { ... }), got ${show(d)}`);
    if (d.subset !== undefined) checkDnsLabel(scope, `${p}.subset`, d.subset);
    const port = findPort(scope, `${p}.port`, d.service, d.port);
    if (d.weight !== undefined) checkInteger(scope, `${p}.weight`, d.weight, 0, 100);
    return {
      destination: { host: d.service.fqdn, ...(d.subset !== undefined && { subset: d.subset }), port: { number: port.port } },
      ...(d.weight !== undefined && { weight: d.weight }),
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
