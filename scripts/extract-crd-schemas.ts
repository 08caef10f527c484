// Writes crds/istio-1.30.3.schemas.json and the precompiled validators in crds/validators/ from the CRD bundle, and
// those of the built-in kinds in crds/kubernetes-validators/ from crds/kubernetes-1.35.schemas.json (run by
// `npm run import`). Given a folder of the Kubernetes OpenAPI v3 spec (`npm run import -- <folder>`, see
// scripts/kubernetes-schemas.ts), it first writes that extract anew from the spec.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CRD_BUNDLE, CRD_SCHEMAS, extractSchemas } from './crd-bundle';
import { CRD_VALIDATORS, validatorFiles } from './crd-validators';
import { extractKubernetesSchemas, KUBERNETES_SCHEMAS, KubernetesSchemas, readSpecFolder } from './kubernetes-schemas';
import { KUBERNETES_VALIDATORS, kubernetesValidatorFiles } from './kubernetes-validators';

const schemas = extractSchemas(fs.readFileSync(CRD_BUNDLE, 'utf8'));
fs.writeFileSync(CRD_SCHEMAS, `${JSON.stringify(schemas)}\n`);
console.log(`wrote ${CRD_SCHEMAS}`);
writeFolder(CRD_VALIDATORS, validatorFiles(schemas));

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
