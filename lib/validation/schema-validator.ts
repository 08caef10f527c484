import { validateCrdObject } from '../private/schema/istio-crds';
import { validateKubernetesObject } from '../private/schema/kubernetes';
import { SchemaIssue } from '../private/schema/messages';
import { Finding, ManifestObject, Severity } from './finding';
import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN } from '../private/dns';

/** Istio's code for a config object that does not match its schema. */
export const SCHEMA_VALIDATION_ERROR = 'IST0106';
/** Kubernetes Gateway API's group, validated like Istio's against its CRD bundle. */
const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** The info for a built-in kind whose schema is not checked, and for a CEL rule cdk8s-istio cannot evaluate. */
export const SCHEMA_NOT_CHECKED = 'CDKI2003';


interface NameFormat {
  readonly pattern: RegExp;
  readonly maxLength: number;
  readonly description: string;
}

const LABEL: NameFormat = { pattern: DNS1123_LABEL, maxLength: 63, description: 'a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)' };
const SUBDOMAIN: NameFormat = {
  pattern: DNS1123_SUBDOMAIN,
  maxLength: 253,
  description: 'a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)',
};
const DNS1035: NameFormat = { pattern: DNS1035_LABEL, maxLength: 63, description: 'a DNS-1035 label (starting with a letter, at most 63 characters)' };

/** Name rules of the built-in kinds this library emits; other built-in kinds only need a name. */
const KUBERNETES_NAME_FORMATS: Readonly<Record<string, NameFormat>> = {
  Namespace: LABEL,
  Service: DNS1035,
  Deployment: SUBDOMAIN,
  ServiceAccount: SUBDOMAIN,
};

/**
 * Schema and CEL findings for one object; [] for kinds it does not know (other code handles removed/unknown APIs).
 *
 * Istio and Gateway API objects are checked against the CRD schema of their own apiVersion in
 * `crds/istio-1.30.3.gen.yaml` and `crds/gateway-api-1.5.1.standard-install.yaml` (the standard channel), with the
 * schema's defaults applied first, unknown fields rejected at every level and every `x-kubernetes-validations` rule
 * evaluated (transition rules, which compare with the old object, run only on update and are skipped);
 * built-in Kubernetes objects of the kinds in `crds/kubernetes-1.35.schemas.json` against Kubernetes 1.35's OpenAPI
 * schema, unknown fields rejected too. Every such finding has code `IST0106` and severity error. An object of another
 * kind the API server serves (a CustomResourceDefinition, say), or of a Gateway API kind or version outside the
 * standard channel, gets one info, `CDKI2003`, saying it is not checked; so does each CEL rule cdk8s-istio cannot
 * evaluate (none in the bundles it ships: scripts/crd-validators.ts files them apart).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0106/
 */
export function validateSchema(obj: ManifestObject): Finding[] {
  const group = obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0] : '';
  const crd = group === 'istio.io' || group.endsWith('.istio.io') || group === GATEWAY_API_GROUP;
  const checked = crd ? validateCrdObject(obj) : validateKubernetesObject(obj);
  const { kind } = obj;
  const { name, namespace } = obj.metadata ?? {};
  const notChecked = (message: string): Finding => ({
    code: SCHEMA_NOT_CHECKED,
    severity: Severity.INFO,
    message,
    ...(kind !== undefined && { kind }),
    ...(name !== undefined && { name }),
    ...(namespace !== undefined && { namespace }),
  });
  if (checked === undefined) {
    // Istio's other versions are handled elsewhere (removed or unknown APIs); Gateway API's experimental kinds are not.
    return group === GATEWAY_API_GROUP ? [notChecked(`${obj.apiVersion} ${kind} is not checked against its schema: it is not in Gateway API v1.5.1's standard channel`)] : [];
  }
  if (checked === 'unchecked') {
    return [notChecked(`${obj.apiVersion} ${kind} is not checked against its schema: cdk8s-istio checks only the built-in kinds it emits or reads (Namespace, Service, Deployment, ...; see README)`)];
  }
  const issues = [...metadataIssues(obj, crd), ...(Array.isArray(checked) ? checked : checked.issues)].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return [
    ...issues.map((issue) => ({
      code: SCHEMA_VALIDATION_ERROR,
      severity: Severity.ERROR,
      message: issue.message,
      ...(kind !== undefined && { kind }),
      ...(name !== undefined && { name }),
      ...(namespace !== undefined && { namespace }),
      path: issue.path,
    })),
    ...(Array.isArray(checked) ? [] : checked.notChecked).map((rule) => notChecked(`CEL rule not checked: ${rule}; the API server checks it`)),
  ];
}

/**
 * `metadata.name` (required unless `generateName` is set, and of the kind's name format) and `metadata.namespace` (a DNS-1123 label).
 * For custom resources the rest of `metadata` is checked against Kubernetes' ObjectMeta schema, which CRDs leave out.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */
function metadataIssues(obj: ManifestObject, crd: boolean): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const metadata = obj.metadata;
  if (crd && metadata !== undefined) {
    // ObjectMeta is the same for every kind: borrow it from a kind with no other required fields.
    const meta = validateKubernetesObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata });
    if (Array.isArray(meta)) issues.push(...meta);
  }
  const { name, namespace, generateName } = (metadata ?? {}) as { name?: unknown; namespace?: unknown; generateName?: unknown };
  if (name === undefined || name === '') {
    if (generateName === undefined) issues.push({ path: 'metadata.name', message: 'missing required field "name"' });
  } else if (typeof name === 'string') {
    const format = crd ? SUBDOMAIN : obj.kind !== undefined ? KUBERNETES_NAME_FORMATS[obj.kind] : undefined;
    if (format && !matches(name, format)) issues.push({ path: 'metadata.name', message: `must be ${format.description}; got ${JSON.stringify(name)}` });
  }
  if (typeof namespace === 'string' && !matches(namespace, LABEL)) {
    issues.push({ path: 'metadata.namespace', message: `must be ${LABEL.description}; got ${JSON.stringify(namespace)}` });
  }
  return issues;
}

function matches(value: string, format: NameFormat): boolean {
  return value.length <= format.maxLength && format.pattern.test(value);
}
