// Writes crds/istio-1.30.3.schemas.json from the CRD bundle (run by `npm run import`).
import * as fs from 'node:fs';
import { CRD_BUNDLE, CRD_SCHEMAS, extractSchemas } from './crd-bundle';

fs.writeFileSync(CRD_SCHEMAS, `${JSON.stringify(extractSchemas(fs.readFileSync(CRD_BUNDLE, 'utf8')))}\n`);
console.log(`wrote ${CRD_SCHEMAS}`);
