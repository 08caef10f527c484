// The extract of the Kubernetes OpenAPI v3 spec that the built-in kinds are validated with,
// crds/kubernetes-1.35.schemas.json: written by `npm run import -- <spec folder>` (scripts/extract-crd-schemas.ts),
// read by scripts/kubernetes-validators.ts and the bundle test, never by the library.
//
// The spec is Kubernetes 1.35's `api/openapi-spec/v3/*.json` (kubernetes/kubernetes, branch release-1.35), one
// document per group/version, each with every definition it uses. Either layout is read: kubernetes/kubernetes's
// (`api__v1_openapi.json`, `apis__apps__v1_openapi.json`) or the same files as kubectl-validate embeds them
// (`api/v1.json`, `apis/apps/v1.json`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnySchemaObject } from 'ajv';

/** The Kubernetes release whose spec the extract comes from. */
export const KUBERNETES_VERSION = '1.35';
/** The extract, relative to the repository root. */
export const KUBERNETES_SCHEMAS = path.join('crds', `kubernetes-${KUBERNETES_VERSION}.schemas.json`);

/** The kinds validated: what the library and cdk8s-plus emit and the analyzers read, by `group/version/Kind` (core: `v1/Kind`). */
export const KUBERNETES_KINDS = [
  'v1/ConfigMap', 'v1/Namespace', 'v1/PersistentVolumeClaim', 'v1/Pod', 'v1/Secret', 'v1/Service', 'v1/ServiceAccount',
  'apps/v1/DaemonSet', 'apps/v1/Deployment', 'apps/v1/ReplicaSet', 'apps/v1/StatefulSet',
  'batch/v1/CronJob', 'batch/v1/Job',
  'policy/v1/PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/Ingress', 'networking.k8s.io/v1/NetworkPolicy',
  'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
];

/** crds/kubernetes-<version>.schemas.json. */
export interface KubernetesSchemas {
  readonly NOTICE: string;
  /** Every kind the API server serves (`apiVersion/Kind`): those not in `kinds` are reported as not checked. */
  readonly builtins: string[];
  /** By `apiVersion/Kind`: the name of its definition. */
  readonly kinds: Record<string, string>;
  /** The definitions the kinds use, `$ref`s pointing to `#/definitions/<name>`. */
  readonly definitions: Record<string, AnySchemaObject>;
}

const NOTICE = `Extracted by cdk8s-istio's scripts/kubernetes-schemas.ts from the Kubernetes ${KUBERNETES_VERSION} OpenAPI v3 spec `
  + `(kubernetes/kubernetes, api/openapi-spec/v3/, Copyright The Kubernetes Authors, Apache License 2.0): `
  + 'descriptions, defaults and merge/patch extensions removed; enums added from the API server\'s validation.';

interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** The extract of `kinds` from the spec's JSON documents (their text, in any order). */
export function extractKubernetesSchemas(documents: readonly string[], kinds: readonly string[] = KUBERNETES_KINDS): KubernetesSchemas {
  const all: Record<string, AnySchemaObject> = {};
  for (const text of documents) {
    const schemas = (JSON.parse(text) as { components?: { schemas?: Record<string, AnySchemaObject> } }).components?.schemas ?? {};
    for (const [name, schema] of Object.entries(schemas)) all[name] ??= schema;
  }
  const byKind = new Map<string, string>();
  for (const [name, schema] of Object.entries(all)) {
    for (const gvk of (schema['x-kubernetes-group-version-kind'] ?? []) as GroupVersionKind[]) {
      byKind.set(`${gvk.group === '' ? '' : `${gvk.group}/`}${gvk.version}/${gvk.kind}`, name);
    }
  }
  const names: Record<string, string> = {};
  const definitions: Record<string, AnySchemaObject> = {};
  const add = (name: string): void => {
    if (definitions[name]) return;
    const schema = all[name];
    if (!schema) throw new Error(`kubernetes-schemas: the spec has no definition ${name}`);
    definitions[name] = {};
    definitions[name] = withEnums(name, trim(schema, add));
  };
  for (const gvk of kinds) {
    const name = byKind.get(gvk);
    if (!name) throw new Error(`kubernetes-schemas: the spec has no kind ${gvk}`);
    names[gvk] = name;
    add(name);
  }
  const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
  return { NOTICE, builtins: [...byKind.keys()].sort(), kinds: names, definitions: sorted };
}

/** The folder's spec documents: every `*.json` in it, recursively, sorted by path. */
export function readSpecFolder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json')).sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
}

/** Keywords that validation reads; the rest (descriptions, defaults, merge and patch hints) is left out. */
const KEPT = new Set([
  'type', 'format', 'enum', 'nullable', 'required', 'properties', 'additionalProperties', 'items', 'allOf', 'oneOf', 'anyOf', '$ref',
  'minimum', 'maximum', 'pattern', 'maxLength', 'minLength', 'maxItems', 'minItems',
  'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
]);

/** `node` without what validation does not read, its `$ref`s rewritten to `#/definitions/...` and passed to `use`. */
function trim(node: AnySchemaObject, use: (name: string) => void): AnySchemaObject {
  const out: AnySchemaObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (!KEPT.has(key)) continue;
    if (key === '$ref') {
      const name = String(value).replace(/^#\/components\/schemas\//, '');
      use(name);
      out.$ref = `#/definitions/${name}`;
    } else if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, AnySchemaObject>).map(([k, v]) => [k, trim(v, use)]));
    } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = trim(value as AnySchemaObject, use);
    } else if (key === 'allOf' || key === 'oneOf' || key === 'anyOf') {
      out[key] = (value as AnySchemaObject[]).map((v) => trim(v, use));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * The values the API server's validation accepts for some string fields, which the spec does not list
 * (kubernetes/kubernetes pkg/apis/core/validation/validation.go `supportedServiceType`, `supportedPortProtocols`,
 * `supportedPullPolicies`, `supportedRestartPolicies`, `validateDNSPolicy`, `supportedSessionAffinityType`,
 * `supportedServiceTrafficPolicy`, pkg/apis/apps/validation `ValidateDeploymentStrategy`, pkg/apis/networking/validation
 * `supportedPathTypes`). "" is accepted too: it is defaulted before validation.
 */
const ENUMS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'io.k8s.api.core.v1.ServiceSpec': {
    type: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
    sessionAffinity: ['ClientIP', 'None'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
  },
  'io.k8s.api.core.v1.ServicePort': { protocol: ['SCTP', 'TCP', 'UDP'] },
  'io.k8s.api.core.v1.ContainerPort': { protocol: ['SCTP', 'TCP', 'UDP'] },
  'io.k8s.api.core.v1.Container': { imagePullPolicy: ['Always', 'IfNotPresent', 'Never'] },
  'io.k8s.api.core.v1.PodSpec': {
    restartPolicy: ['Always', 'Never', 'OnFailure'],
    dnsPolicy: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  },
  'io.k8s.api.apps.v1.DeploymentStrategy': { type: ['Recreate', 'RollingUpdate'] },
  'io.k8s.api.networking.v1.HTTPIngressPath': { pathType: ['Exact', 'ImplementationSpecific', 'Prefix'] },
};

function withEnums(name: string, schema: AnySchemaObject): AnySchemaObject {
  for (const [field, values] of Object.entries(ENUMS[name] ?? {})) {
    const property = (schema.properties as Record<string, AnySchemaObject> | undefined)?.[field];
    if (property?.type !== 'string') throw new Error(`kubernetes-schemas: ${name}.${field} is not a string field of the spec`);
    property.enum = [...values, ''];
  }
  return schema;
}
