import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { addScenarios } from '../../apps/scenarios';
import { MeshService, RouteDestination, VirtualService, Workload, WorkloadImage } from '../../lib';
import { validateManifests } from '../../lib/validation/validate';
import { renderApp, writeTree } from '../../apps/synth';

// Counts the validations MeshValidation runs; they still run.
jest.mock('../../lib/validation/validate', () => {
  const actual = jest.requireActual('../../lib/validation/validate');
  return { ...actual, validateManifests: jest.fn(actual.validateManifests) };
});

const tempDirs: string[] = [];
function tempDir(): string {
  tempDirs.push(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-synth-')));
  return tempDirs[tempDirs.length - 1];
}
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('synth output', () => {
  test('writes one folder per chart and one file per object', () => {
    const app = new App({ outdir: tempDir() });
    const c = new Chart(app, 'demo');
    const svc = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'V1', { service: svc, version: 'v1', image: WorkloadImage.httpEcho() });
    const out = path.join(tempDir(), 'dist');
    writeTree(out, renderApp(app));
    expect(fs.readdirSync(path.join(out, 'demo')).sort()).toEqual([
      'Deployment.default.hello-v1.k8s.yaml', 'Service.default.hello.k8s.yaml', 'ServiceAccount.default.hello.k8s.yaml', 'kustomization.yaml', 'topology.md',
    ]);
    expect(fs.readFileSync(path.join(out, 'demo', 'topology.md'), 'utf8')).toMatch(/^# demo\n\n[^\n]+\n\n```mermaid\nflowchart (LR|TB)\n/);
    expect(Yaml.load(path.join(out, 'demo', 'kustomization.yaml'))).toEqual([{
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['Deployment.default.hello-v1.k8s.yaml', 'Service.default.hello.k8s.yaml', 'ServiceAccount.default.hello.k8s.yaml'],
    }]);
  });

  const renderScenarios = () => {
    const app = new App({ outdir: tempDir() });
    addScenarios(app);
    return renderApp(app);
  };
  let first: ReturnType<typeof renderApp>;
  /** The number of objects of each chart MeshValidation validates, in the app's order. */
  const validatedSets = (app: App) => app.node.findAll()
    .filter((c) => Chart.isChart(c) && c.node.tryFindChild('MeshValidation') !== undefined)
    .map((c) => c.node.findAll().filter(ApiObject.isApiObject).length);

  test('validates each chart\'s objects once per synthesis, resolving each object once for it and once for its file', () => {
    const app = new App({ outdir: tempDir() });
    addScenarios(app);
    const validate = jest.mocked(validateManifests);
    validate.mockClear();
    const resolved = new Map<string, number>();
    const resolve = ApiObject.prototype.toJson;
    const toJson = jest.spyOn(ApiObject.prototype, 'toJson').mockImplementation(function (this: ApiObject) {
      resolved.set(this.node.path, (resolved.get(this.node.path) ?? 0) + 1);
      return resolve.call(this);
    });
    try {
      first = renderApp(app);
    } finally {
      toJson.mockRestore();
    }
    expect(validatedSets(app).length).toBeGreaterThanOrEqual(10);
    expect(validate.mock.calls.map(([objects]) => objects.length)).toEqual(validatedSets(app));
    expect(new Set(resolved.values())).toEqual(new Set([2]));
  });

  test('two synths of the scenarios are byte-identical', () => {
    expect(renderScenarios()).toEqual(first);
    // The Gateway API CRDs name .metadata.creationTimestamp (a printer column) and a 1970 default in their schemas.
    expect(first.filter(f => !f.path.startsWith('gateway-api/crds/')).map(f => f.content).join('')).not.toMatch(/creationTimestamp|\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  test('cdk8s\'s own synth validates the whole app once per chart it renders: MeshValidation validates each chart\'s objects once', () => {
    const app = new App({ outdir: tempDir() });
    addScenarios(app);
    const validate = jest.mocked(validateManifests);
    validate.mockClear();
    app.synth();
    expect(validate.mock.calls.map(([objects]) => objects.length)).toEqual(validatedSets(app));
  });

  test('an istioctl-only folder gets a README saying how to apply it, and no kustomization', () => {
    const install = first.filter(f => f.path.startsWith('install/')).map(f => f.path);
    expect(install).toEqual(['install/IstioOperator.istio-system.istioctl-install.k8s.yaml', 'install/README.md']);
    const readme = first.find(f => f.path === 'install/README.md')!.content;
    expect(readme).toContain('istioctl install -f IstioOperator.istio-system.istioctl-install.k8s.yaml');
    expect(readme).toContain('never with `kubectl apply`');
  });

  test('kubectl kustomize builds every dist/ folder that has a kustomization, with every object listed', () => {
    const dist = path.join(__dirname, '..', '..', 'dist');
    const folders = [...fs.readdirSync(dist), ...fs.readdirSync(path.join(dist, 'bookinfo')).map(d => `bookinfo/${d}`)]
      .filter(d => fs.existsSync(path.join(dist, d, 'kustomization.yaml')));
    expect(folders.length).toBeGreaterThanOrEqual(7 + 15);
    for (const folder of folders) {
      const built = execFileSync('kubectl', ['kustomize', path.join(dist, folder)], { encoding: 'utf8' });
      expect(fs.readFileSync(path.join(dist, folder, 'topology.md'), 'utf8')).toMatch(new RegExp(`^# ${folder}\n\n[^\n]+\n\n[\\s\\S]*\`\`\`mermaid\nflowchart (LR|TB)\n`));
      const files = fs.readdirSync(path.join(dist, folder)).filter(f => f.endsWith('.k8s.yaml'));
      const kinds = built.split('\n---\n').map(doc => /^kind: (\S+)$/m.exec(doc)?.[1]);
      expect(kinds.filter(Boolean)).toHaveLength(files.filter(f => !f.startsWith('IstioOperator.')).length);
    }
  });

  test('fails on a dangling subset and leaves the previous output untouched', () => {
    const out = path.join(tempDir(), 'dist');
    fs.mkdirSync(path.join(out, 'old'), { recursive: true });
    fs.writeFileSync(path.join(out, 'old', 'kept.yaml'), 'kept: true\n');
    const app = new App({ outdir: out });
    const c = new Chart(app, 'demo');
    const svc = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'V1', { service: svc, version: 'v1', image: WorkloadImage.httpEcho() });
    new VirtualService(c, 'Vs', { hosts: [svc.fqdn], http: [{ destinations: [RouteDestination.to(svc, { subset: 'v2' })] }] });
    expect(() => writeTree(out, renderApp(app))).toThrow("demo/Vs: 'http[0].destinations[0].subset' \"v2\" needs a DestinationRule for service hello");
    expect(fs.readdirSync(out)).toEqual(['old']);
    expect(fs.readFileSync(path.join(out, 'old', 'kept.yaml'), 'utf8')).toBe('kept: true\n');
  });
});
