// Writes crds/istio-1.30.3.schemas.json and the precompiled validators in crds/validators/ from the CRD bundle
// (run by `npm run import`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CRD_BUNDLE, CRD_SCHEMAS, extractSchemas } from './crd-bundle';
import { CRD_VALIDATORS, validatorFiles } from './crd-validators';

const schemas = extractSchemas(fs.readFileSync(CRD_BUNDLE, 'utf8'));
fs.writeFileSync(CRD_SCHEMAS, `${JSON.stringify(schemas)}\n`);
console.log(`wrote ${CRD_SCHEMAS}`);
fs.rmSync(CRD_VALIDATORS, { recursive: true, force: true });
fs.mkdirSync(CRD_VALIDATORS, { recursive: true });
const files = validatorFiles(schemas);
for (const [name, text] of files) fs.writeFileSync(path.join(CRD_VALIDATORS, name), text);
console.log(`wrote ${files.size} files to ${CRD_VALIDATORS}`);
