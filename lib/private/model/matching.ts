// How Istio matches request attributes: VirtualService StringMatch and AuthorizationPolicy string values.
import { BlockList, isIP } from 'node:net';
import type { RE2JS } from 're2js';
import { asRecord } from '../rules/object';

const regexes = new Map<string, RE2JS | undefined>();

/** True when RE2 `pattern` matches the whole of `value` (a pattern that does not compile matches nothing). */
export function fullMatch(pattern: string, value: string): boolean {
  if (!regexes.has(pattern)) {
    try {
      // re2js loads on the first regex, not with the package.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      regexes.set(pattern, (require('re2js') as typeof import('re2js')).RE2JS.compile(pattern));
    } catch {
      regexes.set(pattern, undefined);
    }
  }
  return regexes.get(pattern)?.matches(value) ?? false;
}

/**
 * A VirtualService StringMatch (`exact`, `prefix`, `regex`, RE2, whole value) against `value`; an empty
 * StringMatch `{}` tests presence. `undefined` value (header absent) matches nothing but presence-less tests.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#StringMatch
 */
export function stringMatch(match: unknown, value: string | undefined, ignoreCase = false): boolean {
  const m = asRecord(match);
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (typeof m.exact === 'string') return v === (ignoreCase ? m.exact.toLowerCase() : m.exact);
  if (typeof m.prefix === 'string') return v.startsWith(ignoreCase ? m.prefix.toLowerCase() : m.prefix);
  if (typeof m.regex === 'string') return fullMatch(ignoreCase ? `(?i)${m.regex}` : m.regex, value);
  return true;
}

/**
 * An AuthorizationPolicy string value: exact, prefix `abc*`, suffix `*abc`, or presence `*` (any non-empty value).
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
export function policyValueMatch(pattern: string, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined || value === '') return false;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (p === '*') return true;
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  return p === v;
}

/**
 * An AuthorizationPolicy path: as {@link policyValueMatch}, plus the templates `{*}` (one segment) and `{**}`
 * (any remaining segments) that Istio 1.30 supports.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
 */
export function policyPathMatch(pattern: string, path: string): boolean {
  if (!pattern.includes('{*')) return policyValueMatch(pattern, path);
  const re = pattern.split('/').map(seg => (seg === '{*}' ? '[^/]+' : seg === '{**}' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return new RegExp(`^${re}$`).test(path);
}

/** True when any pattern of `patterns` matches `value` with `match`. */
export function anyOf(patterns: unknown, value: string | undefined, match: (p: string, v: string | undefined) => boolean = policyValueMatch): boolean {
  return Array.isArray(patterns) && patterns.some(p => typeof p === 'string' && match(p, value));
}

/**
 * Whether `ip` lies in `block`, an address (`10.1.2.3`: that address alone) or CIDR range (`10.1.0.0/16`), as
 * AuthorizationPolicy `ipBlocks`, `remoteIpBlocks` and the `source.ip`/`remote.ip` conditions take them. A block
 * that does not parse, or of the other IP family, matches nothing.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 * @see Istio 1.30.3 pilot/pkg/security/authz/model/generator.go (srcIPGenerator, remoteIPGenerator: util.AddrStrToCidrRange)
 */
export function ipInBlock(block: string, ip: string): boolean {
  const [address, prefix, extra] = block.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined || isIP(ip) !== family) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  if (prefix === undefined) {
    list.addAddress(address, type);
  } else {
    const bits = /^\d+$/.test(prefix) ? Number(prefix) : NaN;
    if (!(bits >= 0 && bits <= (family === 4 ? 32 : 128))) return false;
    list.addSubnet(address, bits, type);
  }
  return list.check(ip, type);
}
