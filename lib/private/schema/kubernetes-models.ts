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

/** By `apiVersion/kind`: the kind's model (null when kubernetes-models has none) and the root location of its objects. */
const kinds = new Map<string, { readonly model: ModelClass | null; readonly root: Location }>();

/**
 * What a kind's schema reads at one location of its objects, learnt by tracking (see `track`): at an object there,
 * the keys read; at a non-empty list there, whether its items are read. The reads depend on the location's schema and
 * the value's type only, so an object whose every node is at a known location is validated as it is, untracked.
 */
interface Location {
  object?: ObjectReads;
  indexed?: boolean;
  /** By field name, `*` for a map's values, `[]` for a list's items. */
  readonly children: Map<string, Location>;
}

interface ObjectReads {
  /** The keys read, in the order read (the order of the `allowed` list in messages). */
  readonly read: readonly string[];
  readonly known: ReadonlySet<string>;
  /** The schema iterated over all keys (a map such as `labels`): every key is known. */
  readonly enumerated: boolean;
}

/**
 * Validates a built-in Kubernetes object with the schemas of the `kubernetes-models` package
 * (generated from the Kubernetes OpenAPI spec), and reports unknown fields as the API server does
 * under `kubectl apply --validate=strict`. Returns undefined for kinds the package does not have.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 */
export function validateKubernetesObject(obj: ManifestObject): SchemaIssue[] | undefined {
  if (!obj.apiVersion || !obj.kind) return undefined;
  const key = `${obj.apiVersion}/${obj.kind}`;
  let kind = kinds.get(key);
  if (!kind) kinds.set(key, (kind = { model: loadModel(obj.apiVersion, obj.kind), root: { children: new Map() } }));
  const { model, root } = kind;
  if (!model) return undefined;
  let unknown: SchemaIssue[] = [];
  const known = knownFields(obj, [], root, unknown);
  const tracked: TrackedNode[] = [];
  let errors: readonly ErrorObject[] = [];
  try {
    model.prototype.validate.call(known ? obj : track(obj, [], root, tracked));
  } catch (e) {
    if (!Array.isArray((e as { errors?: unknown }).errors)) throw e;
    errors = (e as { errors: ErrorObject[] }).errors;
  }
  if (!known) unknown = learn(tracked);
  return [...issuesFromAjvErrors(errors, obj), ...unknown];
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

/**
 * Adds the unknown fields of `value` to `out`, by the known reads at its nodes' locations; false when a node is at a
 * location not seen yet. `path` is the node's, changed while walking and restored.
 */
function knownFields(value: unknown, path: PathSegment[], at: Location, out: SchemaIssue[]): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    if (value.length === 0) return true;
    if (at.indexed === undefined) return false;
    if (!at.indexed) return true;
    const items = at.children.get('[]');
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const known = items !== undefined && knownFields(value[i], path, items, out);
      path.pop();
      if (!known) return false;
    }
    return true;
  }
  const reads = at.object;
  if (!reads) return false;
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    if (!reads.enumerated && !reads.known.has(k)) {
      if (reads.read.length > 0) out.push(unknownField(path, k, reads.read));
      continue;
    }
    const child = at.children.get(reads.enumerated ? '*' : k);
    path.push(k);
    const known = child !== undefined && knownFields(record[k], path, child, out);
    path.pop();
    if (!known) return false;
  }
  return true;
}

/** A node seen while validating: an object and the keys its schema read, or a list and whether its items were read. */
type TrackedNode = { readonly at: Location; readonly path: readonly PathSegment[]; readonly value: object } & (
  | { readonly list: false; readonly read: Set<string>; enumerated: boolean }
  | { readonly list: true; indexed: boolean }
);

/** Records the reads of tracked nodes at their locations, and returns their unknown fields. */
function learn(tracked: readonly TrackedNode[]): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  for (const node of tracked) {
    if (node.list) {
      // An empty list tells nothing of whether the schema reads items.
      if ((node.value as unknown[]).length > 0) node.at.indexed = node.indexed;
      continue;
    }
    node.at.object = { read: [...node.read], known: node.read, enumerated: node.enumerated };
    unknownFields(node.path, node.value, node.at.object, issues);
  }
  return issues;
}

function childLocation(at: Location, name: string): Location {
  let child = at.children.get(name);
  if (!child) at.children.set(name, (child = { children: new Map() }));
  return child;
}

/**
 * kubernetes-models' validators do not reject unknown fields, but they read every property their
 * schema declares. Handing them a proxy that records the reads tells which keys the schema knows.
 * The proxy wraps a shallow copy, so frozen input is fine.
 */
function track(value: unknown, path: readonly PathSegment[], at: Location, out: TrackedNode[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const children = new Map<string, unknown>();
  const child = (key: string, segment: PathSegment, location: Location): unknown => {
    if (!children.has(key)) children.set(key, track((value as Record<string, unknown>)[key], [...path, segment], location, out));
    return children.get(key);
  };
  if (Array.isArray(value)) {
    const list: TrackedNode = { at, path, value, list: true, indexed: false };
    out.push(list);
    return new Proxy([...value], {
      get: (target, key) => {
        if (typeof key !== 'string' || !/^[0-9]+$/.test(key)) return Reflect.get(target, key);
        list.indexed = true;
        return child(key, Number(key), childLocation(at, '[]'));
      },
    });
  }
  const record: TrackedNode = { at, path, value, list: false, read: new Set(), enumerated: false };
  out.push(record);
  return new Proxy({ ...value }, {
    get: (target, key) => {
      if (typeof key !== 'string' || key in Object.prototype) return Reflect.get(target, key);
      record.read.add(key);
      return Object.prototype.hasOwnProperty.call(target, key) ? child(key, key, childLocation(at, record.enumerated ? '*' : key)) : undefined;
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
function unknownFields(path: readonly PathSegment[], value: object, { read, known, enumerated }: ObjectReads, out: SchemaIssue[]): void {
  if (enumerated || read.length === 0) return;
  for (const key of Object.keys(value)) if (!known.has(key)) out.push(unknownField(path, key, read));
}

function unknownField(path: readonly PathSegment[], key: string, read: readonly string[]): SchemaIssue {
  return { path: formatPath([...path, key]), message: unknownFieldMessage(key, read) };
}
