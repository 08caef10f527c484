// The Istio CRD bundle and the JSON extract of its schemas that the library loads at run time. Used by
// `npm run import` (scripts/extract-crd-schemas.ts) and the bundle test; the library itself reads only the JSON.
import * as path from 'node:path';
import type { AnySchemaObject } from 'ajv';
import { parseAllDocuments } from 'yaml';

/** The CRD bundle (Istio 1.30.3), relative to the repository root. */
export const CRD_BUNDLE = path.join('crds', 'istio-1.30.3.gen.yaml');
/**
 * The bundle's served `openAPIV3Schema`s as JSON (written by `extractSchemas`, loaded by
 * lib/private/schema/istio-crds.ts): parsing the 870 KB YAML takes about 0.5 s, the JSON a few milliseconds.
 */
export const CRD_SCHEMAS = path.join('crds', 'istio-1.30.3.schemas.json');

interface CustomResourceDefinition {
  readonly kind: string;
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: ReadonlyArray<{ readonly name: string; readonly served?: boolean; readonly schema?: { readonly openAPIV3Schema: AnySchemaObject } }>;
  };
}

/** The `openAPIV3Schema` of every served version of every CRD in a bundle's YAML, keyed `group/version/Kind`, in bundle order. */
export function extractSchemas(bundleYaml: string): Record<string, AnySchemaObject> {
  const out: Record<string, AnySchemaObject> = {};
  for (const doc of parseAllDocuments(bundleYaml)) {
    const crd = doc.toJS() as CustomResourceDefinition | null;
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const version of crd.spec.versions) {
      if (version.served === false || !version.schema) continue;
      out[`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`] = version.schema.openAPIV3Schema;
    }
  }
  return out;
}
