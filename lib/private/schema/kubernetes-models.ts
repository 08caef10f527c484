import type { ErrorObject } from 'ajv';
import type { ManifestObject } from '../../validation/finding';
import { issuesFromAjvErrors, SchemaIssue, unknownFieldMessage } from './messages';
import { formatPath, PathSegment } from './path';

/** A kubernetes-models class: its prototype's `validate()` runs the kind's precompiled JSON-schema validator. */
interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(this: unknown): void };
}

const models = new Map<string, ModelClass | null>();

/**
 * Validates a built-in Kubernetes object with the schemas of the `kubernetes-models` package
 * (generated from the Kubernetes OpenAPI spec), and reports unknown fields as the API server does
 * under `kubectl apply --validate=strict`. Returns undefined for kinds the package does not have.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 */
export function validateKubernetesObject(obj: ManifestObject): SchemaIssue[] | undefined {
  const model = modelFor(obj.apiVersion, obj.kind);
  if (!model) return undefined;
  const objects: TrackedObject[] = [];
  let errors: readonly ErrorObject[] = [];
  try {
    model.prototype.validate.call(track(obj, [], objects));
  } catch (e) {
    if (!Array.isArray((e as { errors?: unknown }).errors)) throw e;
    errors = (e as { errors: ErrorObject[] }).errors;
  }
  return [...issuesFromAjvErrors(errors, obj), ...unknownFields(objects)];
}

function modelFor(apiVersion: string | undefined, kind: string | undefined): ModelClass | undefined {
  if (!apiVersion || !kind) return undefined;
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) models.set(key, loadModel(apiVersion, kind));
  return models.get(key) ?? undefined;
}

function loadModel(apiVersion: string, kind: string): ModelClass | null {
  // The package lays out one module per kind: `kubernetes-models/apps/v1/Deployment`, `kubernetes-models/v1/Service`.
  if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const model = (require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, ModelClass | undefined>)[kind];
    return model?.apiVersion === apiVersion && model.kind === kind ? model : null;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return null;
    throw e;
  }
}

/** An object node seen while validating, and which of its keys the schema looked at. */
interface TrackedObject {
  readonly path: readonly PathSegment[];
  readonly value: object;
  readonly read: Set<string>;
  /** The schema iterated over all keys (a map such as `labels`): every key is known. */
  enumerated: boolean;
}

/**
 * kubernetes-models' validators do not reject unknown fields, but they read every property their
 * schema declares. Handing them a proxy that records the reads tells which keys the schema knows.
 * The proxy wraps a shallow copy, so frozen input is fine.
 */
function track(value: unknown, path: readonly PathSegment[], out: TrackedObject[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const children = new Map<string, unknown>();
  const child = (key: string, segment: PathSegment): unknown => {
    if (!children.has(key)) children.set(key, track((value as Record<string, unknown>)[key], [...path, segment], out));
    return children.get(key);
  };
  if (Array.isArray(value)) {
    return new Proxy([...value], {
      get: (target, key) => (typeof key === 'string' && /^[0-9]+$/.test(key) ? child(key, Number(key)) : Reflect.get(target, key)),
    });
  }
  const record: TrackedObject = { path, value, read: new Set(), enumerated: false };
  out.push(record);
  return new Proxy({ ...value }, {
    get: (target, key) => {
      if (typeof key !== 'string' || key in Object.prototype) return Reflect.get(target, key);
      record.read.add(key);
      return Object.prototype.hasOwnProperty.call(target, key) ? child(key, key) : undefined;
    },
    has: (target, key) => {
      if (typeof key === 'string') record.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys: (target) => {
      record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

/**
 * Keys the schema never looked at. An object whose schema read nothing is free-form
 * (e.g. `managedFields[].fieldsV1`) or of the wrong type (already reported).
 */
function unknownFields(objects: readonly TrackedObject[]): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  for (const { path, value, read, enumerated } of objects) {
    if (enumerated || read.size === 0) continue;
    for (const key of Object.keys(value)) {
      if (!read.has(key)) issues.push({ path: formatPath([...path, key]), message: unknownFieldMessage(key, [...read]) });
    }
  }
  return issues;
}
