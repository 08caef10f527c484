import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CRD_BUNDLE, CRD_SCHEMAS, extractSchemas } from '../../../scripts/crd-bundle';
import { CRD_VALIDATORS, validatorFiles } from '../../../scripts/crd-validators';
import { validateSchema } from '../../../lib/validation/schema-validator';

const ROOT = path.join(__dirname, '..', '..', '..');

/** `[apiVersion, kind]` of every served version in the bundle. */
function servedVersions(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const doc of parseAllDocuments(fs.readFileSync(path.join(ROOT, CRD_BUNDLE), 'utf8'))) {
    const crd = doc.toJS() as { spec: { group: string; names: { kind: string }; versions: Array<{ name: string; served: boolean }> } };
    for (const v of crd.spec.versions) if (v.served) out.push([`${crd.spec.group}/${v.name}`, crd.spec.names.kind]);
  }
  return out;
}

describe('Istio CRD bundle', () => {
  test('the committed schemas JSON equals a fresh extraction from the YAML bundle (npm run import)', () => {
    const fresh = extractSchemas(fs.readFileSync(path.join(ROOT, CRD_BUNDLE), 'utf8'));
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, CRD_SCHEMAS), 'utf8'))).toEqual(fresh);
    expect(Object.keys(fresh)).toEqual(servedVersions().map(([apiVersion, kind]) => `${apiVersion}/${kind}`));
  });

  test('the committed precompiled validators equal a fresh generation from the schemas (npm run import)', () => {
    const fresh = validatorFiles(extractSchemas(fs.readFileSync(path.join(ROOT, CRD_BUNDLE), 'utf8')));
    const dir = path.join(ROOT, CRD_VALIDATORS);
    expect(fs.readdirSync(dir).sort()).toEqual([...fresh.keys()].sort());
    for (const [name, text] of fresh) expect({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }).toEqual({ name, text });
  });

  test.each(servedVersions())('fails an unknown spec field on %s %s (every served version compiles, CEL rules included)', (apiVersion, kind) => {
    const findings = validateSchema({ apiVersion, kind, metadata: { name: 'x', namespace: 'default' }, spec: { bogusField: 1 } });
    expect(findings).toContainEqual(expect.objectContaining({ path: 'spec.bogusField', message: expect.stringMatching(/^unknown field "bogusField"/) }));
  });
});
