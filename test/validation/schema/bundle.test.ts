import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CRD_BUNDLES, extractSchemas } from '../../../scripts/crd-bundle';
import { CRD_VALIDATORS, validatorFiles } from '../../../scripts/crd-validators';
import { extractKubernetesSchemas, KUBERNETES_KINDS, KUBERNETES_SCHEMAS, KubernetesSchemas } from '../../../scripts/kubernetes-schemas';
import { KUBERNETES_VALIDATORS, kubernetesValidatorFiles } from '../../../scripts/kubernetes-validators';
import { validateSchema } from '../../../lib/validation/schema-validator';

const ROOT = path.join(__dirname, '..', '..', '..');

/** `[apiVersion, kind]` of every served version in a bundle. */
function servedVersions(bundleYaml: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const doc of parseAllDocuments(fs.readFileSync(path.join(ROOT, bundleYaml), 'utf8'))) {
    const crd = doc.toJS() as { kind: string; spec: { group: string; names: { kind: string }; versions: Array<{ name: string; served: boolean }> } };
    if (crd.kind !== 'CustomResourceDefinition') continue;
    for (const v of crd.spec.versions) if (v.served) out.push([`${crd.spec.group}/${v.name}`, crd.spec.names.kind]);
  }
  return out;
}

const freshSchemas = (bundleYaml: string) => extractSchemas(fs.readFileSync(path.join(ROOT, bundleYaml), 'utf8'));

describe.each(CRD_BUNDLES.map((bundle) => [bundle.yaml, bundle]))('CRD bundle %s', (_name, bundle) => {
  test('the committed schemas JSON equals a fresh extraction from the YAML bundle (npm run import)', () => {
    const fresh = freshSchemas(bundle.yaml);
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, bundle.schemas), 'utf8'))).toEqual(fresh);
    expect(Object.keys(fresh)).toEqual(servedVersions(bundle.yaml).map(([apiVersion, kind]) => `${apiVersion}/${kind}`));
  });

  test.each(servedVersions(bundle.yaml))('fails an unknown spec field on %s %s (every served version compiles, CEL rules included)', (apiVersion, kind) => {
    const findings = validateSchema({ apiVersion, kind, metadata: { name: 'x', namespace: 'default' }, spec: { bogusField: 1 } });
    expect(findings).toContainEqual(expect.objectContaining({ path: 'spec.bogusField', message: expect.stringMatching(/^unknown field "bogusField"/) }));
  });
});

describe('CRD validators', () => {
  test('the committed precompiled validators equal a fresh generation from the bundles\' schemas (npm run import)', () => {
    const fresh = validatorFiles(Object.assign({}, ...CRD_BUNDLES.map((bundle) => freshSchemas(bundle.yaml))));
    const dir = path.join(ROOT, CRD_VALIDATORS);
    expect(fs.readdirSync(dir).sort()).toEqual([...fresh.keys()].sort());
    for (const [name, text] of fresh) expect({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }).toEqual({ name, text });
  });

  test('the generated classes cover every bundle (cdk8s.yaml imports them all; npm run import)', () => {
    const config = fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8');
    for (const bundle of CRD_BUNDLES) expect(config).toContain(`- ${bundle.yaml}`);
    expect(fs.readdirSync(path.join(ROOT, 'imports')).sort()).toEqual([
      'extensions.istio.io.ts', 'gateway.networking.k8s.io.ts', 'networking.istio.io.ts', 'security.istio.io.ts', 'telemetry.istio.io.ts',
    ]);
  });
});

describe('Kubernetes schemas', () => {
  const extract = (): KubernetesSchemas => JSON.parse(fs.readFileSync(path.join(ROOT, KUBERNETES_SCHEMAS), 'utf8')) as KubernetesSchemas;

  test('the committed extract holds the kinds validated, among every kind Kubernetes 1.35 serves, and names its source', () => {
    const { NOTICE, builtins, kinds } = extract();
    expect(Object.keys(kinds)).toEqual(KUBERNETES_KINDS);
    expect(builtins).toEqual(expect.arrayContaining([...KUBERNETES_KINDS, 'apiextensions.k8s.io/v1/CustomResourceDefinition']));
    expect(NOTICE).toMatch(/Kubernetes 1\.35 OpenAPI v3 spec .*Apache License 2\.0/);
  });

  test('the committed precompiled validators equal a fresh generation from the committed extract (npm run import)', () => {
    const fresh = kubernetesValidatorFiles(extract());
    const dir = path.join(ROOT, KUBERNETES_VALIDATORS);
    expect(fs.readdirSync(dir).sort()).toEqual([...fresh.keys()].sort());
    for (const [name, text] of fresh) expect({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }).toEqual({ name, text });
  });

  test('extracts a kind with the definitions it references, without descriptions, from documents that share definitions', () => {
    const meta = { description: 'ObjectMeta is ...', type: 'object', properties: { name: { description: 'Name', type: 'string', default: '' } } };
    const configMap = {
      description: 'ConfigMap holds ...',
      type: 'object',
      properties: { metadata: { allOf: [{ $ref: '#/components/schemas/meta.ObjectMeta' }], default: {} }, data: { type: 'object', additionalProperties: { type: 'string' } } },
      'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'ConfigMap' }],
    };
    const role = { type: 'object', 'x-kubernetes-group-version-kind': [{ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' }] };
    const doc = (schemas: object): string => JSON.stringify({ components: { schemas } });
    expect(extractKubernetesSchemas([doc({ 'meta.ObjectMeta': meta, 'core.ConfigMap': configMap }), doc({ 'meta.ObjectMeta': meta, 'rbac.Role': role })], ['v1/ConfigMap'])).toEqual({
      NOTICE: expect.any(String),
      builtins: ['rbac.authorization.k8s.io/v1/Role', 'v1/ConfigMap'],
      kinds: { 'v1/ConfigMap': 'core.ConfigMap' },
      definitions: {
        'core.ConfigMap': { type: 'object', properties: { metadata: { allOf: [{ $ref: '#/definitions/meta.ObjectMeta' }] }, data: { type: 'object', additionalProperties: { type: 'string' } } } },
        'meta.ObjectMeta': { type: 'object', properties: { name: { type: 'string' } } },
      },
    });
  });

  test.each(KUBERNETES_KINDS)('fails an unknown top-level field on %s (every kind compiles)', (gvk) => {
    const apiVersion = gvk.slice(0, gvk.lastIndexOf('/'));
    const kind = gvk.slice(gvk.lastIndexOf('/') + 1);
    const findings = validateSchema({ apiVersion, kind, metadata: { name: 'x', namespace: 'default' }, bogusField: 1 });
    expect(findings).toContainEqual(expect.objectContaining({ path: 'bogusField', message: expect.stringMatching(/^unknown field "bogusField" \(allowed: .*\bapiVersion\b.*\bkind\b.*\bmetadata\b/) }));
  });
});
