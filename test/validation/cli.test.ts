import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/cdk8s-istio';

function run(...argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

let dir: string;
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};

const GOOD = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
# an empty document
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  hosts: [web]
  http:
  - route:
    - destination: {host: web}
`;
const BROKEN = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: shop}
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: {host: ratings}
`;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-cli-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cdk8s-istio validate', () => {
  test('exits 0 on clean manifests and prints only the summary', () => {
    const r = run('validate', write('app.yaml', GOOD));
    expect(r).toEqual({ code: 0, out: [], err: ['0 errors, 0 warnings, 0 infos in 2 objects from 1 file'] });
  });

  test('exits 0 with warnings only', () => {
    const file = write('ns.yaml', `${GOOD}---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  selector: {matchLabels: {app: nope}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web, sidecar.istio.io/inject: "true"}}\n    spec: {containers: [{name: web, image: web}]}\n`);
    const r = run('validate', file);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([`${file}: AuthorizationPolicy/shop/p: spec.selector.matchLabels: warning: selector {app: nope} matches no workload in namespace shop, so the AuthorizationPolicy applies to nothing; fix the labels to match the pod template labels of the intended workload [IST0127]`]);
  });

  test('fails with exit 1 and one line per finding, naming the file', () => {
    write('ok/app.yaml', GOOD);
    const broken = write('nested/deeper/routes.yml', BROKEN);
    write('notes.txt', 'not yaml: [');
    const r = run('validate', dir);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      `${broken}: VirtualService/shop/ratings: spec.http[0].route[0].destination.host: error: destination host "ratings" (ratings.shop.svc.cluster.local) matches no Service or ServiceEntry in the manifests; fix the host, add the Service, or declare it external (--external-host, or the validation.cdk8s-istio.io/external-hosts annotation) [IST0101]`,
    ]);
    expect(r.err).toEqual(['1 error, 0 warnings, 0 infos in 3 objects from 2 files']);
  });

  test('--external-host suppresses the missing host (both flag forms)', () => {
    const file = write('routes.yaml', BROKEN);
    expect(run('validate', '--external-host', 'ratings.shop.svc.cluster.local', file).code).toBe(0);
    expect(run('validate', file, '--external-host=ratings.shop.svc.cluster.local').code).toBe(0);
  });

  test('unwraps Lists and ignores documents without kind (kustomization.yaml)', () => {
    write('kustomization.yaml', 'resources: [routes.yaml]\n');
    const list = write('list.yaml', `apiVersion: v1\nkind: List\nitems:\n${BROKEN.replace(/^/gm, '  ').replace(/^  apiVersion/, '- apiVersion')}`);
    const r = run('validate', dir);
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(new RegExp(`^${list.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: VirtualService/shop/ratings: `));
    expect(r.err).toEqual(['1 error, 0 warnings, 0 infos in 1 object from 2 files']);
  });

  test.each([
    [[], 'no command given'],
    [['lint', 'x.yaml'], 'unknown command "lint"'],
    [['validate'], 'no PATH given'],
    [['validate', '--strict', 'x.yaml'], 'unknown option "--strict"'],
    [['validate', 'x.yaml', '--external-host'], 'option --external-host needs a value'],
  ])('fails with exit 2 on usage error %j', (argv, message) => {
    const r = run(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err[0]).toBe(`cdk8s-istio: ${message}`);
    expect(r.err[1]).toMatch(/^Usage: cdk8s-istio validate/);
  });

  test('fails with exit 2 on a missing file', () => {
    const r = run('validate', path.join(dir, 'missing.yaml'));
    expect(r).toEqual({ code: 2, out: [], err: [`cdk8s-istio: ${path.join(dir, 'missing.yaml')}: no such file or directory`] });
  });

  test('fails with exit 2 on bad YAML', () => {
    const file = write('bad.yaml', 'kind: Service\nmetadata: {name: [\n');
    const r = run('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([expect.stringMatching(new RegExp(`^cdk8s-istio: .*bad\\.yaml: invalid YAML: `))]);
  });

  test('names every file that declares the object, and reports identical findings once', () => {
    const a = write('a.yaml', BROKEN);
    const b = write('b.yaml', BROKEN);
    const r = run('validate', dir);
    expect(r.out.map((l) => l.replace(/: error: .*\[/, ': ['))).toEqual([
      `${a}, ${b}: VirtualService/shop/ratings: metadata.name: [CDKI2002]`,
      `${a}, ${b}: VirtualService/shop/ratings: spec.hosts[0]: [IST0109]`,
      `${a}, ${b}: VirtualService/shop/ratings: spec.http[0].route[0].destination.host: [IST0101]`,
    ]);
  });

  test('--help prints usage and exits 0', () => {
    const r = run('validate', '--help');
    expect(r.code).toBe(0);
    expect(r.out[0]).toContain('--external-host HOST');
  });
});
