// VirtualService match conditions in plain words, for people (pictures, explanations).
import { asString } from '../analysis/objects';
import { asRecord } from '../rules/object';

/** A StringMatch in words: `=v` (exact), `=v*` (prefix), `~ re` (regex), `` (presence). */
function valueWords(match: unknown): string {
  const m = asRecord(match);
  if (typeof m.exact === 'string') return `=${m.exact}`;
  if (typeof m.prefix === 'string') return `=${m.prefix}*`;
  if (typeof m.regex === 'string') return ` ~ ${m.regex}`;
  return ' present';
}

/** A header name in words: `@request.auth.claims.groups` is the JWT claim `groups`. */
function headerName(name: string): string {
  return name.startsWith('@request.auth.claims.') ? `JWT ${name.slice('@request.auth.claims.'.length)}` : name;
}

/** The words of a match that every request meets (no condition, or only a path prefix `/`). */
export const ANY_REQUEST = 'any request';

/** Whether a StringMatch is the prefix `/`, which every path has (Gateway API's default match). */
const everyPath = (match: unknown): boolean => asRecord(match).prefix === '/' && Object.keys(asRecord(match)).length === 1;

/**
 * One HTTPMatchRequest in plain words, its conditions joined by ` and `: `end-user=john`, `path /api*`, `GET`,
 * `JWT groups=admin`, `no x-debug`, `from app=sleep`.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
export function matchWords(m: Readonly<Record<string, unknown>>): string {
  const words: string[] = [];
  if (m.uri !== undefined && !everyPath(m.uri)) words.push(`path ${valueWords(m.uri).replace(/^=/, '')}`.replace('path  ~', 'path ~'));
  if (m.method !== undefined) words.push(valueWords(m.method).replace(/^=/, ''));
  if (m.authority !== undefined) words.push(`host${valueWords(m.authority)}`);
  for (const [k, v] of Object.entries(asRecord(m.headers))) words.push(`${headerName(k)}${valueWords(v)}`);
  for (const [k, v] of Object.entries(asRecord(m.withoutHeaders))) {
    const w = valueWords(v);
    words.push(w === ' present' ? `no ${headerName(k)}` : `${headerName(k)} not${w}`);
  }
  for (const [k, v] of Object.entries(asRecord(m.queryParams))) words.push(`?${k}${valueWords(v)}`);
  if (typeof m.port === 'number') words.push(`port ${m.port}`);
  if (asString(m.sourceNamespace)) words.push(`from namespace ${asString(m.sourceNamespace)}`);
  const labels = Object.entries(asRecord(m.sourceLabels)).map(([k, v]) => `${k}=${String(v)}`);
  if (labels.length > 0) words.push(`from ${labels.join(', ')}`);
  if (Array.isArray(m.gateways)) words.push(`via ${m.gateways.join(', ')}`);
  return words.length > 0 ? words.join(' and ') : ANY_REQUEST;
}
