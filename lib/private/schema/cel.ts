import type { Environment } from '@marcbachmann/cel-js';
import { isIP } from 'node:net';
import type { RE2JS } from 're2js';
import { KubernetesUrl } from './kubernetes-url';

/** One entry of a schema's `x-kubernetes-validations`. */
export interface ValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
}

/** Why a rule failed: its message, and the evaluation error when it could not be evaluated. */
export interface RuleFailure {
  readonly message: string;
  readonly error?: string;
}

/** A compiled rule: returns the failure, or undefined when `self` passes. */
export type CompiledRule = (self: unknown) => RuleFailure | undefined;

let environment: Environment | undefined;

/**
 * The CEL environment of the API server, as far as the CRD rules of the Istio and Gateway API bundles need it:
 * standard CEL (`has`, `size`, `exists_one`, `filter`, `duration()`, ...), `matches` with RE2 semantics, the
 * strings extension (`split`, `substring`), and Kubernetes' URL and IP libraries (`isURL`, `url()`, `isIP`).
 * @see https://kubernetes.io/docs/reference/using-api/cel/
 */
function celEnvironment(): Environment {
  if (environment) return environment;
  // Loaded on first use, not with the package: constructing charts evaluates no CEL.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cel = require('@marcbachmann/cel-js') as typeof import('@marcbachmann/cel-js');
  environment = new cel.Environment({ homogeneousAggregateLiterals: false })
    .registerType('kubernetes.URL', KubernetesUrl)
    .registerVariable('self', 'dyn')
    .registerFunction('isURL(string): bool', (s: string) => typeof KubernetesUrl.parse(s) !== 'string')
    .registerFunction('url(string): kubernetes.URL', (s: string) => {
      const parsed = KubernetesUrl.parse(s);
      if (typeof parsed === 'string') throw new Error(`URL parse error during conversion from string: ${parsed}`);
      return parsed;
    })
    .registerFunction('kubernetes.URL.getScheme(): string', (u: KubernetesUrl) => u.scheme)
    .registerFunction('kubernetes.URL.getHost(): string', (u: KubernetesUrl) => u.host)
    .registerFunction('kubernetes.URL.getHostname(): string', (u: KubernetesUrl) => u.hostname)
    .registerFunction('kubernetes.URL.getPort(): string', (u: KubernetesUrl) => u.port)
    .registerFunction('kubernetes.URL.getEscapedPath(): string', (u: KubernetesUrl) => u.escapedPath)
    .registerFunction('kubernetes.URL.getQuery(): map', (u: KubernetesUrl) => queryMap(u.query))
    .registerFunction('isIP(string): bool', isKubernetesIp)
    .registerFunction(`string.${RE2_MATCHES}(string): bool`, re2Matches)
    .registerFunction(`${RE2_MATCHES}(string, string): bool`, re2Matches);
  return environment;
}

/**
 * The name `matches` is compiled under: CEL's `matches` is an unanchored RE2 search (Go's regexp), which the library's
 * own `matches` (a JavaScript RegExp) is not (`(?i)`, for one, is RE2 only), and the library does not let an overload
 * be replaced.
 * @see https://github.com/google/cel-spec/blob/master/doc/langdef.md#regular-expressions
 */
const RE2_MATCHES = 're2Matches';
const regexes = new Map<string, RE2JS>();

function re2Matches(text: string, pattern: string): boolean {
  let regex = regexes.get(pattern);
  if (!regex) {
    // re2js loads on the first regex, not with the package.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    regex = (require('re2js') as typeof import('re2js')).RE2JS.compile(pattern);
    regexes.set(pattern, regex);
  }
  return regex.matcher(text).find();
}

/** A string literal (raw, triple-quoted or plain, with its escapes), a parenthesis, or a call of `matches` or `has`. */
const TOKEN = /[rR]("""|'''|"|')[\s\S]*?\1|("""|'''|"|')(?:\\[\s\S]|(?!\2)[^\\])*\2|[()]|\b(?:matches|has)(?=\s*\()/g;

/**
 * `expression` as the CEL library evaluates it like cel-go: every call of `matches` (receiver or global form) renamed
 * to the RE2 one, and `has(e.f)` whose `e` is not a chain of field selections (`has(self.matches[0].path)`, which
 * the library rejects) written as `"f" in e`, its meaning for the JSON objects rules see. String literals stay.
 */
function toLibraryCel(expression: string): string {
  let out = '';
  let done = 0;
  const calls: Array<{ start: number; depth: number }> = [];
  let depth = 0;
  for (const match of expression.matchAll(TOKEN)) {
    const token = match[0];
    if (token === 'matches') {
      out += expression.slice(done, match.index) + RE2_MATCHES;
      done = match.index + token.length;
    } else if (token === 'has') {
      calls.push({ start: match.index, depth });
    } else if (token === '(') {
      depth++;
    } else if (token === ')') {
      depth--;
      const call = calls[calls.length - 1];
      if (call?.depth !== depth) continue;
      calls.pop();
      const argument = expression.slice(expression.indexOf('(', call.start) + 1, match.index);
      const selection = /^([\s\S]*)\.\s*([A-Za-z_]\w*)\s*$/.exec(argument);
      if (!selection || /^\s*[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*\s*$/.test(selection[1]) || call.start < done) continue;
      out += `${expression.slice(done, call.start)}(${JSON.stringify(selection[2])} in (${toLibraryCel(selection[1])}))`;
      done = match.index + 1;
    }
  }
  return out + expression.slice(done);
}

/**
 * Kubernetes' `isIP`: Go's `netip.ParseAddr` (IPv4 without leading zeros, IPv6), without a zone and not an
 * IPv4-mapped IPv6 address. Node's `isIP` has the same grammar and accepts both of those, so they are excluded here.
 * @see https://kubernetes.io/docs/reference/using-api/cel/#kubernetes-ip-address-library
 */
function isKubernetesIp(text: string): boolean {
  const family = isIP(text);
  if (family === 4) return true;
  return family === 6 && !text.includes('%') && !isIpv4MappedIpv6(text.toLowerCase());
}

/** `::ffff:a.b.c.d` in any of its spellings: 80 zero bits, then 16 one bits. */
function isIpv4MappedIpv6(ipv6: string): boolean {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ipv6);
  const hex = dotted
    ? `${ipv6.slice(0, dotted.index)}${((+dotted[1] << 8) | +dotted[2]).toString(16)}:${((+dotted[3] << 8) | +dotted[4]).toString(16)}`
    : ipv6;
  const [head, tail] = hex.split('::');
  const groups = (s: string | undefined): number[] => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const words = tail === undefined ? groups(head) : [...groups(head), ...Array(8 - groups(head).length - groups(tail).length).fill(0), ...groups(tail)];
  return words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff;
}

/**
 * Why this environment cannot evaluate `rule` (a function or overload it lacks, such as Kubernetes' `quantity()`),
 * or undefined when it can. scripts/crd-validators.ts files such rules as not checked rather than failing every
 * object (the API server, which has the function, would accept it) or passing them silently.
 */
export function uncheckable(rule: ValidationRule): string | undefined {
  const { valid, error } = celEnvironment().check(toLibraryCel(rule.rule));
  return valid ? undefined : firstLine(error);
}

/**
 * Compiles one rule. The API server reports a rule that evaluates to false with its `message`
 * (or `messageExpression`, else `failed rule: <rule>`), and a rule that fails to evaluate
 * (e.g. `duration("2")`) as invalid too.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation-rules
 */
export function compileRule(rule: ValidationRule): CompiledRule {
  const env = celEnvironment();
  const program = env.parse(toLibraryCel(rule.rule));
  const messageProgram = rule.messageExpression ? env.parse(toLibraryCel(rule.messageExpression)) : undefined;
  const fallback = rule.message ?? `failed rule: ${rule.rule.replace(/\s+/g, ' ')}`;
  return (self) => {
    let result: unknown;
    try {
      result = program({ self });
    } catch (e) {
      return { message: fallback, error: firstLine(e) };
    }
    if (result === true) return undefined;
    if (result !== false) return { message: fallback, error: `rule returned ${String(result)}, not a bool` };
    if (!messageProgram) return { message: fallback };
    try {
      const message = messageProgram({ self });
      return { message: typeof message === 'string' && message !== '' ? message : fallback };
    } catch {
      return { message: fallback };
    }
  };
}

/**
 * `value` as CEL sees it. CEL has distinct int and double; JSON numbers that are integral become ints. (A schema's
 * `number` would keep doubles, but no node with CEL rules in the bundles holds one: scripts/crd-validators.ts checks.)
 * Properties are renamed as `names` says. `seen` holds the conversions already made of the same object's nodes
 * (the rules of nested nodes see the same values; a node has one schema, so one `names`).
 */
export function toCelValue(value: unknown, names?: CelNames, seen?: WeakMap<object, unknown>): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (value === null || typeof value !== 'object') return value;
  const known = seen?.get(value);
  if (known !== undefined) return known;
  let out: unknown;
  if (Array.isArray(value)) {
    // Array.from, not map: an array of another realm (structuredClone under jest) would make one CEL rejects.
    out = Array.from(value, (v) => toCelValue(v, names?.items, seen));
  } else {
    const record: Record<string, unknown> = {};
    for (const k in value) record[names?.rename?.[k] ?? k] = toCelValue((value as Record<string, unknown>)[k], names?.properties?.[k] ?? names?.values, seen);
    out = record;
  }
  seen?.set(value, out);
  return out;
}

/**
 * The properties the API server renames for CEL below one schema node, and the way to them: a CEL reserved word
 * such as `namespace` becomes `__namespace__`, and `__`, `.`, `-`, `/` in a name become `__underscores__`,
 * `__dot__`, `__dash__`, `__slash__` (map keys stay as they are).
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#escaping
 */
export interface CelNames {
  /** Property name → its CEL name, for the properties of this node that are renamed. */
  readonly rename?: Readonly<Record<string, string>>;
  /** The same for the named properties below this node. */
  readonly properties?: Readonly<Record<string, CelNames>>;
  /** The same for the items of this array. */
  readonly items?: CelNames;
  /** The same for the values of this map. */
  readonly values?: CelNames;
}

/**
 * The CEL rules of one schema location, as scripts/crd-validators.ts writes them to crds/validators/cel-rules.json:
 * the node's type, its rules (transition rules left out), the renamed properties below it, and the rules this
 * environment cannot evaluate, with the reason (`uncheckable`). No such node holds a `number` (the generator checks).
 */
export interface CelRules {
  readonly type?: string | string[];
  readonly rules: ValidationRule[];
  readonly names?: CelNames;
  readonly unchecked?: UncheckedRule[];
}

/** A rule that is reported as not checked (an info), never evaluated. */
export interface UncheckedRule extends ValidationRule {
  readonly reason: string;
}

function queryMap(query: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) (out[k] ??= []).push(v);
  return out;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
