import type { Environment } from '@marcbachmann/cel-js';
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
 * The CEL environment of the API server, as far as Istio's CRD rules need it: standard CEL
 * (`has`, `size`, `matches`, `exists_one`, `duration()`, ...) plus Kubernetes' URL library.
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
    .registerFunction('kubernetes.URL.getQuery(): map', (u: KubernetesUrl) => queryMap(u.query));
  return environment;
}

/**
 * Compiles one rule. The API server reports a rule that evaluates to false with its `message`
 * (or `messageExpression`, else `failed rule: <rule>`), and a rule that fails to evaluate
 * (e.g. `duration("2")`) as invalid too.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation-rules
 */
export function compileRule(rule: ValidationRule): CompiledRule {
  const env = celEnvironment();
  const program = env.parse(rule.rule);
  const messageProgram = rule.messageExpression ? env.parse(rule.messageExpression) : undefined;
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
 * CEL has distinct int and double; JSON numbers that are integral become ints. (A schema's `number` would keep
 * doubles, but no node with CEL rules in the bundle holds one: scripts/crd-validators.ts checks.)
 */
export function toCelValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCelValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCelValue(v);
    return out;
  }
  return value;
}

/**
 * The CEL rules of one schema location, as scripts/crd-validators.ts writes them to crds/validators/cel-rules.json:
 * the node's type and its rules (transition rules left out). No such node holds a `number` (the generator checks).
 */
export interface CelRules {
  readonly type?: string | string[];
  readonly rules: ValidationRule[];
}

function queryMap(query: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) (out[k] ??= []).push(v);
  return out;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
