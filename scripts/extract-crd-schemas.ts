// Writes the schemas JSON of each CRD bundle (crds/istio-1.30.3.schemas.json, crds/gateway-api-1.5.1.schemas.json), the
// Gateway API install objects as JSON (crds/gateway-api-1.5.1.standard-install.json), and
// the precompiled validators of all of them in crds/validators/, and
// those of the built-in kinds in crds/kubernetes-validators/ from crds/kubernetes-1.35.schemas.json (run by
// `npm run import`). Given a folder of the Kubernetes OpenAPI v3 spec (`npm run import -- <folder>`, see
// scripts/kubernetes-schemas.ts), it first writes that extract anew from the spec.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleObjects, CRD_BUNDLES, extractSchemas, GATEWAY_API_BUNDLE, GATEWAY_API_INSTALL } from './crd-bundle';
import { CRD_VALIDATORS, validatorFiles } from './crd-validators';
import { extractKubernetesSchemas, KUBERNETES_SCHEMAS, KubernetesSchemas, readSpecFolder } from './kubernetes-schemas';
import { KUBERNETES_VALIDATORS, kubernetesValidatorFiles } from './kubernetes-validators';

const schemas = CRD_BUNDLES.map((bundle) => {
  const extract = extractSchemas(fs.readFileSync(bundle.yaml, 'utf8'));
  fs.writeFileSync(bundle.schemas, `${JSON.stringify(extract)}\n`);
  console.log(`wrote ${bundle.schemas}`);
  return extract;
});
writeFolder(CRD_VALIDATORS, validatorFiles(Object.assign({}, ...schemas)));
fs.writeFileSync(GATEWAY_API_INSTALL, `${JSON.stringify(bundleObjects(fs.readFileSync(GATEWAY_API_BUNDLE.yaml, 'utf8')))}\n`);
console.log(`wrote ${GATEWAY_API_INSTALL}`);

const specFolder = process.argv[2];
if (specFolder !== undefined) {
  fs.writeFileSync(KUBERNETES_SCHEMAS, `${JSON.stringify(extractKubernetesSchemas(readSpecFolder(specFolder)))}\n`);
  console.log(`wrote ${KUBERNETES_SCHEMAS} from ${specFolder}`);
}
writeFolder(KUBERNETES_VALIDATORS, kubernetesValidatorFiles(JSON.parse(fs.readFileSync(KUBERNETES_SCHEMAS, 'utf8')) as KubernetesSchemas));

function writeFolder(dir: string, files: ReadonlyMap<string, string>): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
  console.log(`wrote ${files.size} files to ${dir}`);
}
