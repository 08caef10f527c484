import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CRD_BUNDLE, CRD_SCHEMAS, extractSchemas, findBundle } from '../../../lib/private/schema/istio-crds';
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
  test('is found from the TypeScript sources, from build/lib and from an installed package', () => {
    expect(findBundle(path.join(ROOT, 'lib', 'private', 'schema'))).toBe(path.join(ROOT, CRD_SCHEMAS));
    expect(findBundle(path.join(ROOT, 'build', 'lib', 'private', 'schema'))).toBe(path.join(ROOT, CRD_SCHEMAS));
    const installed = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-'));
    try {
      const pkg = path.join(installed, 'node_modules', 'cdk8s-istio');
      fs.mkdirSync(path.join(pkg, 'crds'), { recursive: true });
      fs.writeFileSync(path.join(pkg, CRD_SCHEMAS), '{}');
      expect(findBundle(path.join(pkg, 'build', 'lib', 'private', 'schema'))).toBe(path.join(pkg, CRD_SCHEMAS));
    } finally {
      fs.rmSync(installed, { recursive: true, force: true });
    }
  });

  test('fails with a clear error when no folder above has the bundle', () => {
    expect(() => findBundle(os.tmpdir())).toThrow(/cannot find crds[/\\]istio-1\.30\.3\.schemas\.json/);
  });

  test('the committed schemas JSON equals a fresh extraction from the YAML bundle (npm run import)', () => {
    const fresh = extractSchemas(fs.readFileSync(path.join(ROOT, CRD_BUNDLE), 'utf8'));
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, CRD_SCHEMAS), 'utf8'))).toEqual(fresh);
    expect(Object.keys(fresh)).toEqual(servedVersions().map(([apiVersion, kind]) => `${apiVersion}/${kind}`));
  });

  test.each(servedVersions())('fails an unknown spec field on %s %s (every served version compiles, CEL rules included)', (apiVersion, kind) => {
    const findings = validateSchema({ apiVersion, kind, metadata: { name: 'x', namespace: 'default' }, spec: { bogusField: 1 } });
    expect(findings).toContainEqual(expect.objectContaining({ path: 'spec.bogusField', message: expect.stringMatching(/^unknown field "bogusField"/) }));
  });
});
