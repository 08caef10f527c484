import { Ajv, AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import type { DataValidateFunction } from 'ajv/dist/types';
import addFormats from 'ajv-formats';
import { CompiledRule, compileRule, SchemaNode, toCelValue, ValidationRule } from './cel';
import type { ManifestObject } from '../../validation/finding';
import { issuesFromAjvErrors, SchemaIssue } from './messages';
import { describeValue } from './path';

/** `openAPIV3Schema` of every served version, keyed `group/version/Kind`. */
let schemas: Map<string, AnySchemaObject> | undefined;
const validators = new Map<string, ValidateFunction>();
/** Versions of one CRD usually share one schema: compile each distinct schema once. */
const validatorsBySchema = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

/**
 * Validates an Istio object against the CRD schema of its own apiVersion, CEL rules included.
 * Returns undefined when the bundle has no such group/version/kind.
 */
export function validateIstioObject(obj: ManifestObject): SchemaIssue[] | undefined {
  const validate = validatorFor(`${obj.apiVersion}/${obj.kind}`);
  if (!validate) return undefined;
  return validate(obj) ? [] : issuesFromAjvErrors(validate.errors ?? [], obj);
}

function validatorFor(gvk: string): ValidateFunction | undefined {
  let validate = validators.get(gvk);
  if (!validate) {
    const schema = loadSchemas().get(gvk);
    if (!schema) return undefined;
    const text = JSON.stringify(schema);
    validate = validatorsBySchema.get(text) ?? validatorEngine().compile(closeRoot(toAjvSchema(schema)));
    validatorsBySchema.set(text, validate);
    validators.set(gvk, validate);
  }
  return validate;
}

function loadSchemas(): Map<string, AnySchemaObject> {
  if (schemas) return schemas;
  // crds/istio-1.30.3.schemas.json, extracted from the CRD bundle by `npm run import` (scripts/crd-bundle.ts).
  // A relative require of the JSON, not a file read, so that bundlers inline it. The build copies the file to the
  // same place relative to build/lib/private/schema/ (scripts/inline-dependencies.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const json = require('../../../crds/istio-1.30.3.schemas.json') as Record<string, AnySchemaObject>;
  schemas = new Map(Object.entries(json));
  return schemas;
}

/**
 * Rewrites a structural schema into plain JSON Schema with the API server's meaning:
 * objects without `x-kubernetes-preserve-unknown-fields` or `additionalProperties` are closed
 * (unknown fields are pruned, and rejected by `kubectl apply --validate=strict`); `nullable` adds `null`;
 * formats the API server does not know are ignored, as it does.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
 */
function toAjvSchema(node: AnySchemaObject): AnySchemaObject {
  const out: AnySchemaObject = {};
  for (const [key, value] of Object.entries(node)) {
    switch (key) {
      case 'description':
      case 'nullable':
        break;
      case 'properties':
        out.properties = Object.fromEntries(Object.entries(value as Record<string, AnySchemaObject>).map(([k, v]) => [k, toAjvSchema(v)]));
        break;
      case 'items':
      case 'not':
        out[key] = toAjvSchema(value as AnySchemaObject);
        break;
      case 'additionalProperties':
        out[key] = typeof value === 'object' ? toAjvSchema(value as AnySchemaObject) : value;
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = (value as AnySchemaObject[]).map(toAjvSchema);
        break;
      case 'format':
        if (validatorEngine().formats[value as string]) out.format = value;
        break;
      default:
        out[key] = value;
    }
  }
  if (node.nullable === true && typeof node.type === 'string') out.type = [node.type, 'null'];
  const isObject = node.type === 'object' || node.properties !== undefined;
  if (isObject && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

/** CRD schemas leave out `apiVersion`, `kind` and `metadata`, which every object has. */
function closeRoot(schema: AnySchemaObject): AnySchemaObject {
  return {
    ...schema,
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...schema.properties },
    additionalProperties: false,
  };
}

function validatorEngine(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-kubernetes-validations', schemaType: 'array', errors: true, compile: compileCelKeyword });
  ajv.addKeyword({ keyword: 'x-kubernetes-list-map-keys', schemaType: 'array', errors: true, compile: compileListMapKeys });
  return ajv;
}

/**
 * Evaluates every CEL rule at the node that declares it, with `self` bound to the node's value.
 * Rules run only where the value is present, not null and of the declared type (a wrong type is already
 * a schema error); transition rules (`oldSelf`) do not run on creation.
 */
function compileCelKeyword(rules: ValidationRule[], parentSchema: AnySchemaObject): DataValidateFunction {
  const compiled: CompiledRule[] = rules.filter((r) => !/\boldSelf\b/.test(r.rule)).map(compileRule);
  const validate: DataValidateFunction = (data: unknown) => {
    if (data === null || !hasDeclaredType(data, parentSchema.type)) return true;
    const self = toCelValue(data, parentSchema as SchemaNode);
    const failures: Array<Partial<ErrorObject>> = [];
    for (const rule of compiled) {
      const failure = rule(self);
      if (failure !== undefined) {
        const got = data !== null && typeof data === 'object' ? '' : `; got ${describeValue(data)}`;
        const error = failure.error === undefined ? '' : ` (${failure.error})`;
        failures.push({ keyword: 'x-kubernetes-validations', message: failure.message + got + error, params: {} });
      }
    }
    validate.errors = failures;
    return failures.length === 0;
  };
  return validate;
}

/** `x-kubernetes-list-type: map`: no two items may have the same values for the key fields. */
function compileListMapKeys(keys: string[], parentSchema: AnySchemaObject): DataValidateFunction {
  const validate: DataValidateFunction = (data: unknown) => {
    if (parentSchema['x-kubernetes-list-type'] !== 'map' || !Array.isArray(data)) return true;
    const seen = new Set<string>();
    const failures: Array<Partial<ErrorObject>> = [];
    for (const item of data as Array<Record<string, unknown> | null>) {
      const id = keys.map((k) => `${k}=${JSON.stringify(item?.[k])}`).join(', ');
      if (seen.has(id)) failures.push({ keyword: 'x-kubernetes-list-map-keys', message: `duplicate entry with ${id}`, params: {} });
      seen.add(id);
    }
    validate.errors = failures;
    return failures.length === 0;
  };
  return validate;
}

function hasDeclaredType(data: unknown, type: unknown): boolean {
  const types = [type ?? []].flat();
  const actual = Array.isArray(data) ? 'array' : typeof data;
  return types.length === 0 || types.some((t) => t === actual || (t === 'integer' && Number.isInteger(data)));
}
