import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Packs the library as built by `npm run build` (jsii), installs the tarball into a fresh app and synthesizes a chart with it. */
describe('npm package', () => {
  test('the packed tarball installs into a temporary app and synthesizes a chart', () => {
    if (!fs.existsSync(path.join(root, '.jsii')) || !fs.existsSync(path.join(root, 'build', 'lib', 'index.js'))) {
      throw new Error('no jsii build: run `npm run build` first (`npm test` does)');
    }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-pkg-'));
    // The bundled dependencies come from node_modules; no lifecycle script rebuilds what `npm run build` built.
    const tarball = run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', tmp], root).trim().split('\n').pop()!;

    const app = path.join(tmp, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    // The peers (cdk8s, constructs, cdk8s-plus-27) are this repo's own copies, linked as an app would have them
    // installed; npm installs the tarball and its dependencies.
    run('npm', ['install', '--prefer-offline', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error', path.join(tmp, tarball)], app);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    for (const peer of Object.keys(pkg.peerDependencies)) {
      fs.symlinkSync(path.join(root, 'node_modules', peer), path.join(app, 'node_modules', peer), 'dir');
    }

    fs.writeFileSync(path.join(app, 'main.js'), `
      const { App, Chart } = require('cdk8s');
      const { HelloWorldMesh, CanaryRoute, Workload } = require('cdk8s-istio');
      const app = new App({ outdir: 'out' });
      const chart = new Chart(app, 'mesh');
      const mesh = new HelloWorldMesh(chart, 'HelloWorld', { exposeHello: false });
      new Workload(chart, 'HelloV2', { service: mesh.hello, version: 'v2' });
      new CanaryRoute(chart, 'Canary', { service: mesh.hello, weights: { v1: 80, v2: 20 }, gateway: mesh.gateway, hosts: ['hello.example.com'] });
      app.synth();
    `);
    run('node', ['main.js'], app);
    const yaml = fs.readFileSync(path.join(app, 'out', 'mesh.k8s.yaml'), 'utf8');
    expect(yaml).toContain('apiVersion: networking.istio.io/v1\nkind: VirtualService');
    expect(yaml).toMatch(/subset: v2\n\s+weight: 20/);
    expect(fs.existsSync(path.join(app, 'node_modules', 'cdk8s-istio', 'build', 'lib', 'index.d.ts'))).toBe(true);

    // The installed CLI validates the output clean, and rejects a course-era manifest with exit code 1.
    const cli = path.join(app, 'node_modules', '.bin', 'cdk8s-istio');
    expect(run(cli, ['validate', 'out'], app)).not.toMatch(/error:/);
    expect(run(cli, ['--version'], app)).toBe(`cdk8s-istio ${pkg.version}\n`);
    fs.writeFileSync(path.join(app, 'old.yaml'), 'apiVersion: rbac.istio.io/v1alpha1\nkind: ServiceRole\nmetadata: {name: viewer}\nspec: {}\n');
    const failed = (() => { try { run(cli, ['validate', 'old.yaml'], app); return undefined; } catch (e) { return e as { status: number; stdout: string }; } })();
    expect(failed?.status).toBe(1);
    expect(failed?.stdout).toContain('[CDKI2001]');
  }, 180_000);
});
