import type { ErrorObject } from 'ajv';
import { describeValue, formatPath, resolvePointer } from './path';

/** One schema problem: where it is and what is wrong. */
export interface SchemaIssue {
  /** Field path, e.g. `spec.http[0].route[1].weight`. */
  readonly path: string;
  /** What is wrong, the value received and what is expected. */
  readonly message: string;
}

/** Keywords whose failure is explained by errors from their sub-schemas (branches). */
const COMBINATORS = new Set(['oneOf', 'anyOf', 'not']);

/**
 * Turns ajv errors for `data` into one issue per root cause.
 * Errors from `oneOf`/`anyOf`/`not` branches are folded into the combinator's own message.
 */
export function issuesFromAjvErrors(errors: readonly ErrorObject[], data: unknown): SchemaIssue[] {
  const combinators = errors.filter((e) => COMBINATORS.has(e.keyword));
  const branchesOf = new Map<ErrorObject, ErrorObject[]>(combinators.map((c) => [c, []]));
  const kept: ErrorObject[] = [];
  for (const error of errors) {
    const parent = combinators.find((c) => c !== error && isBranchError(error, c));
    if (parent) branchesOf.get(parent)!.push(error);
    else kept.push(error);
  }

  // `sni_hosts` given where `sniHosts` is required is one mistake: keep the unknown-field message, which names both.
  const misspelt = new Set(
    kept.flatMap((e) => {
      const near = e.keyword === 'additionalProperties' ? nearestField(e) : undefined;
      return near === undefined ? [] : [`${e.instancePath}/${near}`];
    }),
  );
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const error of kept) {
    if (error.keyword === 'required' && misspelt.has(`${error.instancePath}/${String(error.params.missingProperty)}`)) continue;
    const issue = describe(error, branchesOf.get(error) ?? [], data);
    const key = `${issue.path}\0${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/**
 * Whether `error` comes from a branch of `combinator`. Inline schemas (the Istio CRDs) share one
 * schemaPath tree; precompiled validators (the built-in kinds) restart schemaPath in each referenced
 * schema, so there a `type` error at the same place stands for a failed branch.
 */
function isBranchError(error: ErrorObject, combinator: ErrorObject): boolean {
  if (!error.instancePath.startsWith(combinator.instancePath)) return false;
  if (error.schemaPath.startsWith(`${combinator.schemaPath}/`)) return true;
  return error.keyword === 'type' && error.instancePath === combinator.instancePath;
}

function describe(error: ErrorObject, branches: readonly ErrorObject[], data: unknown): SchemaIssue {
  const { segments, value } = resolvePointer(data, error.instancePath);
  const got = describeValue(value);
  const p = error.params as Record<string, unknown>;
  const at = (extra?: string): string => formatPath(extra === undefined ? segments : [...segments, extra]);
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(p.additionalProperty);
      return { path: at(field), message: unknownFieldMessage(field, allowedFields(error)) };
    }
    case 'required':
      return { path: at(String(p.missingProperty)), message: `missing required field "${String(p.missingProperty)}"` };
    case 'type':
      return { path: at(), message: `must be ${typeNames(p.type)}; got ${got}` };
    case 'enum':
      // null (a nullable field) and "" (a Kubernetes field left to its default) go without saying.
      return { path: at(), message: `must be one of ${(p.allowedValues as unknown[]).filter((v) => v !== null && v !== '').map(String).join(', ')}; got ${got}` };
    case 'const':
      return { path: at(), message: `must be ${describeValue(p.allowedValue)}; got ${got}` };
    case 'format':
      return { path: at(), message: `must be a valid ${String(p.format)}; got ${got}` };
    case 'pattern':
      return { path: at(), message: `must match ${String(p.pattern)}; got ${got}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path: at(), message: `must be ${String(p.comparison)} ${String(p.limit)}; got ${got}` };
    case 'maxLength':
      return { path: at(), message: `must be at most ${String(p.limit)} characters long; got ${lengthOf(value)}` };
    case 'minLength':
      return { path: at(), message: `must be at least ${String(p.limit)} characters long; got ${lengthOf(value)}` };
    case 'maxItems':
      return { path: at(), message: `must have at most ${String(p.limit)} items; got ${lengthOf(value)}` };
    case 'minItems':
      return { path: at(), message: `must have at least ${String(p.limit)} items; got ${lengthOf(value)}` };
    case 'maxProperties':
      return { path: at(), message: `must have at most ${String(p.limit)} entries; got ${lengthOf(value)}` };
    case 'minProperties':
      return { path: at(), message: `must have at least ${String(p.limit)} entries; got ${lengthOf(value)}` };
    case 'oneOf':
    case 'anyOf':
      return { path: at(), message: alternativesMessage(error, branches, value) };
    default:
      // Custom keywords (CEL rules, list-map keys) carry a finished message.
      return { path: at(), message: error.message ?? `fails ${error.keyword}; got ${got}` };
  }
}

/** `unknown field "sni_hosts", did you mean "sniHosts"? (allowed: ...)` */
export function unknownFieldMessage(field: string, allowed: readonly string[]): string {
  const near = nearest(field, allowed);
  const hint = near ? `, did you mean "${near}"?` : '';
  return `unknown field "${field}"${hint} (allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none'})`;
}

/**
 * One message for a failed `oneOf`/`anyOf`: either the alternative types (int-or-string, quantity),
 * or Istio's "at most one of these fields" pattern: `oneOf: [{not: {anyOf: [{required: [a]}, ...]}}, {required: [a]}, ...]`.
 */
function alternativesMessage(error: ErrorObject, branches: readonly ErrorObject[], value: unknown): string {
  const typeBranches = branches.filter((b) => b.keyword === 'type' && b.instancePath === error.instancePath);
  if (typeBranches.length > 0 && typeBranches.length === branches.length) {
    return `must be ${typeNames(typeBranches.flatMap((b) => [(b.params as { type: unknown }).type].flat()))}; got ${describeValue(value)}`;
  }
  const alternatives = (error.parentSchema?.[error.keyword] as Array<{ required?: string[] }> | undefined) ?? [];
  const fields = alternatives.flatMap((a) => a.required ?? []);
  if (fields.length > 0 && value !== null && typeof value === 'object') {
    const present = fields.filter((f) => f in (value as object));
    return error.keyword === 'oneOf'
      ? `only one of ${fields.join(', ')} may be set; got ${present.join(', ') || 'none'}`
      : `one of ${fields.join(', ')} must be set; got ${present.join(', ') || 'none'}`;
  }
  return `must match ${error.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of the allowed forms; got ${describeValue(value)}`;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function allowedFields(error: ErrorObject): string[] {
  return Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
}

function nearestField(error: ErrorObject): string | undefined {
  return nearest(String(error.params.additionalProperty), allowedFields(error));
}

/** The allowed name that differs from `field` only in case, `-` or `_`. */
function nearest(field: string, allowed: readonly string[]): string | undefined {
  const squash = (s: string): string => s.replace(/[-_]/g, '').toLowerCase();
  return allowed.find((a) => squash(a) === squash(field));
}

/** `"integer"` → `an integer`; `["string", "integer", "null"]` → `a string or an integer` (null, where allowed, goes without saying). */
function typeNames(type: unknown): string {
  const types = [...new Set([type].flat().map(String))];
  const named = types.length > 1 ? types.filter((t) => t !== 'null') : types;
  return named.map((t) => TYPE_NAMES[t] ?? t).join(' or ');
}

function lengthOf(value: unknown): string {
  if (typeof value === 'string') return String([...value].length);
  if (Array.isArray(value)) return String(value.length);
  if (value !== null && typeof value === 'object') return String(Object.keys(value).length);
  return describeValue(value);
}
