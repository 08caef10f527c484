// The CRD bundles (Istio's, Gateway API's) and the JSON extracts of their schemas. Used by `npm run import`
// (scripts/extract-crd-schemas.ts, which also precompiles the validators) and the bundle tests.
import * as path from 'node:path';
import type { AnySchemaObject } from 'ajv';
import { parseAllDocuments } from 'yaml';

/** A committed CRD bundle, relative to the repository root, and the JSON extract of its served schemas. */
export interface CrdBundle {
  readonly yaml: string;
  /**
   * The bundle's served `openAPIV3Schema`s as JSON (written by `extractSchemas`): parsing the YAML takes about
   * 0.5 s, the JSON a few milliseconds. Read by the benchmark; the library loads the precompiled validators only.
   */
  readonly schemas: string;
}

/** Istio 1.30.3: istio/api, tag 1.30.3, kubernetes/customresourcedefinitions.gen.yaml. */
export const ISTIO_BUNDLE: CrdBundle = { yaml: path.join('crds', 'istio-1.30.3.gen.yaml'), schemas: path.join('crds', 'istio-1.30.3.schemas.json') };
/** Gateway API v1.5.1, standard channel: kubernetes-sigs/gateway-api, tag v1.5.1, the release's standard-install.yaml. */
export const GATEWAY_API_BUNDLE: CrdBundle = {
  yaml: path.join('crds', 'gateway-api-1.5.1.standard-install.yaml'),
  schemas: path.join('crds', 'gateway-api-1.5.1.schemas.json'),
};
/**
 * Every object of the Gateway API bundle (its CRDs and the safe-upgrades ValidatingAdmissionPolicy) as JSON, which
 * `GatewayApiCrds` requires: a relative require, so the build copies it to build/crds/ and bundlers inline it.
 */
export const GATEWAY_API_INSTALL = path.join('crds', 'gateway-api-1.5.1.standard-install.json');

/** The objects of a YAML bundle, in order, without empty documents. */
export function bundleObjects(bundleYaml: string): object[] {
  return parseAllDocuments(bundleYaml).map(d => d.toJS() as object | null).filter((o): o is object => o !== null);
}

/** Every bundle whose kinds are validated (crds/validators/ holds the validators of all of them). */
export const CRD_BUNDLES: readonly CrdBundle[] = [ISTIO_BUNDLE, GATEWAY_API_BUNDLE];

interface CustomResourceDefinition {
  readonly kind: string;
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: ReadonlyArray<{ readonly name: string; readonly served?: boolean; readonly schema?: { readonly openAPIV3Schema: AnySchemaObject } }>;
  };
}

/** The `openAPIV3Schema` of every served version of every CRD in a bundle's YAML, keyed `group/version/Kind`, in bundle order; other documents are skipped. */
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
