import { At, isRecord, items } from '../rules/object';

/**
 * A VirtualService rule or match that earlier rules keep from ever being used.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0130/
 */
export interface ShadowedRule {
  /** `unreachable`: the whole rule (IST0130); `ineffective`: one match of it (IST0131). */
  readonly kind: 'unreachable' | 'ineffective';
  /** Path of the rule (unreachable) or of the match (ineffective). */
  readonly path: string;
  /** The rule as Istio names it: `"name"` or `#index`. */
  readonly rule: string;
  /** Why the rule is unreachable. */
  readonly reason?: string;
  /** The match as Istio names it (`"name"` or `#index`, with `of prefix /x` for overlaps). */
  readonly match?: string;
  /** The earlier rule (and match) that takes the requests. */
  readonly shadowedBy?: string;
}

/** What of an HTTP prefix match decides whether an earlier one covers it. */
interface PrefixMatch {
  readonly rule: string;
  readonly match: string;
  readonly path: string;
  readonly prefix: string;
  readonly port: number;
  readonly method?: StringMatch;
  readonly authority?: StringMatch;
  readonly headers: Readonly<Record<string, StringMatch>>;
  readonly queryParams: Readonly<Record<string, StringMatch>>;
  readonly withoutHeaders: Readonly<Record<string, StringMatch>>;
  /** Every other field (scheme, sourceLabels, gateways, ...), as canonical JSON. */
  readonly rest: string;
}

/** A StringMatch: `exact`, `prefix` or `regex` with its value; `present` for `{}` (header present). */
interface StringMatch {
  readonly type: string;
  readonly value: string;
}

/**
 * The rules and matches of a VirtualService spec that are never used, as Istio 1.30.3's
 * pkg/config/validation/validation.go analyzeUnreachableHTTPRules/TCPRules/TLSRules finds them (istioctl reports them
 * as IST0130/IST0131 through pkg/config/analysis/analyzers/schema/validation.go): a rule after one without matches, a
 * match equal (names aside) to an earlier one, a rule all of whose matches are such, and an HTTP `uri.prefix` match
 * that an earlier prefix match covers. Where istiod's overlap check is wrong, this one is not, so every overlap it
 * reports is real: an absent `method` or `authority` means any (istiod assumes `GET` and ""); a method, authority or
 * header value covers a later one only when it is the same or a `prefix` the later one starts with (istiod compares
 * the texts backwards, so `exact: foo-bar` "covers" `exact: foo`, and any regex covers any other); `withoutHeaders`
 * values are compared the other way round; and the match's other fields (sourceLabels, gateways, scheme, ...) must
 * be equal (istiod ignores them).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export function shadowedRules(spec: At): ShadowedRule[] {
  const out: ShadowedRule[] = [];
  const prefixMatches: PrefixMatch[] = [];
  for (const kind of ['http', 'tcp', 'tls']) {
    const rules = items(spec, kind);
    const seen = new Map<string, number>();
    let catchAll = -1;
    rules.forEach((rule, rulen) => {
      if (!isRecord(rule.value)) return;
      const name = ruleName(rule.value, rulen);
      const matches = items(rule, 'match');
      if (matches.length === 0) {
        if (catchAll >= 0) out.push({ kind: 'unreachable', path: rule.path, rule: name, reason: 'only the last rule can have no matches' });
        catchAll = rulen;
        return;
      }
      if (catchAll >= 0) {
        // istiod reports this once per match of the rule; once says it
        out.push({ kind: 'unreachable', path: rule.path, rule: name, reason: 'route without matches defined before' });
        return;
      }
      let duplicates = 0;
      matches.forEach((match, matchn) => {
        const key = canonical(withoutName(match.value));
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          out.push({ kind: 'ineffective', path: match.path, rule: name, match: ruleName(match.value, matchn), shadowedBy: ruleName(rules[earlier].value, earlier) });
          duplicates++;
          return;
        }
        seen.set(key, rulen);
        const prefix = kind === 'http' ? prefixMatch(match, name, ruleName(match.value, matchn)) : undefined;
        if (prefix) prefixMatches.push(prefix);
      });
      if (duplicates === matches.length) out.push({ kind: 'unreachable', path: rule.path, rule: name, reason: 'all matches used by prior rules' });
    });
  }
  prefixMatches.forEach((a, i) => {
    for (const b of prefixMatches.slice(i + 1)) {
      if (b.prefix === a.prefix || !covers(a, b)) continue;
      out.push({ kind: 'ineffective', path: b.path, rule: b.rule, match: `${b.match} of prefix ${b.prefix}`, shadowedBy: `${a.match} of prefix ${a.prefix} on ${a.rule}` });
    }
  });
  return out;
}

/** Istio's name of a rule or match: its `name` quoted, or `#index`. */
function ruleName(value: unknown, index: number): string {
  const name = isRecord(value) ? value.name : undefined;
  return typeof name === 'string' && name !== '' ? JSON.stringify(name) : `#${index}`;
}

function withoutName(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const { name: _name, ...rest } = value;
  return rest;
}

/** JSON with sorted keys and, as Go's `omitempty` does, no empty strings, zeros, `false`, nulls or empty lists and maps. */
function canonical(value: unknown): string {
  return JSON.stringify(prune(value)) ?? '';
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((v) => prune(v) ?? null);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = prune(value[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === '' || value === 0 || value === false || value === null ? undefined : value;
}

function stringMatch(value: unknown): StringMatch | undefined {
  if (!isRecord(value)) return undefined;
  for (const type of ['exact', 'prefix', 'regex']) {
    if (typeof value[type] === 'string' && value[type] !== '') return { type, value: value[type] as string };
  }
  return { type: 'present', value: '' };
}

function stringMatches(value: unknown): Record<string, StringMatch> {
  const out: Record<string, StringMatch> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) out[k] = stringMatch(v) ?? { type: 'present', value: '' };
  return out;
}

const PREFIX_FIELDS = new Set(['name', 'uri', 'port', 'method', 'authority', 'headers', 'queryParams', 'withoutHeaders']);

/** The HTTP match as an overlap candidate, when it matches a `uri.prefix` (Istio judges only those). */
function prefixMatch(match: At, rule: string, name: string): PrefixMatch | undefined {
  const m = match.value;
  if (!isRecord(m) || !isRecord(m.uri) || typeof m.uri.prefix !== 'string' || m.uri.prefix === '') return undefined;
  const rest = Object.fromEntries(Object.entries(m).filter(([k]) => !PREFIX_FIELDS.has(k)));
  return {
    rule, match: name, path: match.path, prefix: m.uri.prefix, port: typeof m.port === 'number' ? m.port : 0,
    method: stringMatch(m.method), authority: stringMatch(m.authority),
    headers: stringMatches(m.headers), queryParams: stringMatches(m.queryParams), withoutHeaders: stringMatches(m.withoutHeaders),
    rest: canonical(rest),
  };
}

/** True when every request `b` matches is matched by `a` first (`a` absent: any value). */
function matchCovers(a: StringMatch | undefined, b: StringMatch | undefined): boolean {
  if (a === undefined || a.type === 'present') return a === undefined || b !== undefined;
  if (b === undefined) return false;
  if (a.type === b.type && a.value === b.value) return true;
  return a.type === 'prefix' && (b.type === 'exact' || b.type === 'prefix') && b.value.startsWith(a.value);
}

/** Maps with the same keys, each value of `b` covered by `a`'s (`inverted`: `a`'s by `b`'s, for withoutHeaders). */
function mapCovers(a: Readonly<Record<string, StringMatch>>, b: Readonly<Record<string, StringMatch>>, inverted = false): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => b[k] !== undefined && (inverted ? matchCovers(b[k], a[k]) : matchCovers(a[k], b[k])));
}

/** True when the earlier prefix match `a` takes every request the later `b` matches (Istio's coveredValidation, corrected). */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  return b.prefix.startsWith(a.prefix) && a.port === b.port && a.rest === b.rest
    && matchCovers(a.method, b.method) && matchCovers(a.authority, b.authority)
    && mapCovers(a.headers, b.headers) && mapCovers(a.queryParams, b.queryParams) && mapCovers(a.withoutHeaders, b.withoutHeaders, true);
}

