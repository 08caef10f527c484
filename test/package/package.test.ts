import { execFile, execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/**
 * The package as a user gets it: packed once, installed with a plain `npm install` into the project that
 * `cdk8s init typescript-app` lays out (cdk8s-cli's own template: TypeScript 5.9, ts-node, jest 29 with ts-jest,
 * CommonJS), whose `npm run build` (compile, test, synth) runs green. The project's own files are in consumer/.
 * The template's own dependencies do not depend on this package: they are installed once per set of versions, into a
 * project folder in ~/.cache/cdk8s-istio (a new machine, or CI=true, installs them), and a green build is reused while
 * the tarball and the project's files are the same (see beforeAll). npm's cache makes the first install quick on a
 * machine that ran it before.
 */
const root = path.resolve(__dirname, '..', '..');
const template = path.join(root, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|JEST_|NODE_ENV$)/.test(k)));
const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const npmInstall = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

let tmp: string;
let project: string;
let packed: { filename: string; shasum: string; files: Array<{ path: string }> };
let build: { status: number | null; output: string };

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-pkg-'));
  const templated = templateFiles();
  const files = { ...templated, ...Object.fromEntries(['main.ts', 'main.test.ts'].map((f) => [f, fs.readFileSync(path.join(__dirname, 'consumer', f), 'utf8')])) };
  // One folder per checkout and set of dependencies (the template's files and npm's version), in the user's cache
  // (not in the checkout, whose build/ the build walks; not under node_modules, which the project's jest skips). Under
  // CI, a fresh one in tmp.
  const cache = process.env.CI ? tmp : path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdk8s-istio', 'package-test');
  const cached = path.join(cache, hash([root, templated, run('npm', ['--version'], root)]));
  project = path.join(cached, 'project');
  /** Written once the template's own dependencies are installed. */
  const lock = path.join(cached, 'package-lock.json');
  /** The key and output of the project's last green `npm run build`. */
  const green = path.join(cached, 'green.json');
  /** The project's files afresh: everything but the installed dependencies goes (last run's build, synth output, tarball entry). */
  const layOut = () => {
    fs.rmSync(green, { force: true });
    fs.mkdirSync(project, { recursive: true });
    for (const f of fs.readdirSync(project)) if (f !== 'node_modules') fs.rmSync(path.join(project, f), { recursive: true, force: true });
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(project, file), text);
  };
  const install = (args: string[]) => new Promise<void>((resolve, reject) => {
    execFile('npm', args, { cwd: project, env }, (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()));
  });
  let installing: Promise<void> | undefined;
  if (!fs.existsSync(lock)) {
    fs.rmSync(cached, { recursive: true, force: true });
    layOut();
    // The template's own dependencies install while the library builds and packs; then the tarball joins them.
    // --prefer-offline trusts cached package metadata; when a dependency asks for a version published since, npm says
    // ETARGET: ask the registry again.
    installing = install(npmInstall).catch((e: Error) => {
      if (!/ETARGET/.test(e.message)) throw e;
      return install(npmInstall.map(a => (a === '--prefer-offline' ? '--prefer-online' : a)));
    }).then(() => fs.copyFileSync(path.join(project, 'package-lock.json'), lock));
  }
  try {
    packed = pack(tmp);
  } finally {
    await installing;
  }
  // The same tarball (npm pack's checksum), project files, dependencies and node built green last time: that build
  // stands, and its project is as it left it. Anything else builds again (always so on a clean clone, as in CI).
  const key = hash([packed.shasum, files, fs.readFileSync(lock, 'utf8'), process.version]);
  const last = fs.existsSync(green) ? JSON.parse(fs.readFileSync(green, 'utf8')) : undefined;
  if (last?.key === key) {
    build = { status: 0, output: last.output };
    return;
  }
  if (installing === undefined) {
    layOut();
    fs.copyFileSync(lock, path.join(project, 'package-lock.json'));
  }
  run('npm', [...npmInstall, path.join(tmp, packed.filename)], project);
  const result = spawnSync('npm', ['run', 'build'], { cwd: project, env: { ...env, CDK8S_CHECK_UPGRADE: 'false' }, encoding: 'utf8' });
  build = { status: result.status, output: `${result.stdout}${result.stderr}` };
  if (build.status === 0) fs.writeFileSync(green, JSON.stringify({ key, output: build.output }));
}, 600_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Packs build/, building it first unless it is newer than everything it is built from (as after `npm run build`). */
function pack(dest: string): typeof packed {
  const vendor = path.join(root, 'build', 'lib', 'private', 'vendor.js');
  const inputs = ['lib', 'imports', 'crds', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json'];
  const newest = Math.max(...inputs.flatMap((f) => files(path.join(root, f))).map((f) => fs.statSync(f).mtimeMs));
  if (!fs.existsSync(vendor) || fs.statSync(vendor).mtimeMs < newest) run('npm', ['run', 'build', '--silent'], root);
  // `prepack` would build again.
  return JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], root))[0];
}

/** The objects of a synthesized multi-document YAML file. */
function manifests(file: string): Array<{ kind?: string; spec?: { http?: Array<{ route?: Array<{ destination: { subset?: string }; weight?: number }> }> } }> {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS());
}

/** The weight of each subset in the VirtualServices' HTTP routes. */
function routeWeights(objects: ReturnType<typeof manifests>): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const o of objects.filter((x) => x.kind === 'VirtualService')) {
    for (const r of (o.spec?.http ?? []).flatMap((h) => h.route ?? [])) if (r.destination.subset) out[r.destination.subset] = r.weight;
  }
  return out;
}

function files(p: string): string[] {
  return fs.statSync(p).isDirectory() ? fs.readdirSync(p, { recursive: true }).map((f) => path.join(p, String(f))) : [p];
}

/** The files `cdk8s init typescript-app` writes (name → text), from the installed cdk8s-cli's template and versions. */
function templateFiles(): Record<string, string> {
  const version = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
  const cli = version('cdk8s-cli');
  const values: Record<string, string> = {
    $base: 'consumer',
    cdk8s_core_version: version('cdk8s').version,
    cdk8s_plus_version: version('cdk8s-plus-33').version,
    constructs_version: cli.dependencies.constructs.replace('^', ''),
    cdk8s_cli_spec: `^${cli.version}`,
  };
  const out: Record<string, string> = {};
  for (const file of ['package.json', 'tsconfig.json', 'jest.config.js', 'cdk8s.yaml', '{{}}.gitignore']) {
    out[file === '{{}}.gitignore' ? '.gitignore' : file] = fs.readFileSync(path.join(template, file), 'utf8').replace(/\{\{ *(\S+?) *\}\}/g, (_, key: string) => {
      if (!(key in values)) throw new Error(`template ${file}: no value for {{ ${key} }}`);
      return values[key];
    });
  }
  return out;
}

describe('npm package', () => {
  test('holds the build with its .d.ts files, the precompiled CRD validators, LICENSE and CHANGELOG, and no sources or CRD YAML', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining([
      'build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/private/vendor.js', 'build/lib/private/vendor.LICENSES.txt',
      'build/imports/networking.istio.io.js', 'build/imports/networking.istio.io.d.ts',
      'build/crds/validators/index.js', 'build/crds/validators/virtualservice.networking.istio.io.js', 'build/crds/validators/cel-rules.json',
      'build/crds/gateway-api-1.5.1.standard-install.json',
      'bin/cdk8s-istio.js', 'LICENSE', 'CHANGELOG.md', 'README.md', 'package.json',
    ]));
    expect(paths.filter((p) => /(?<!\.d)\.ts$|\.ya?ml$|^(lib|test|apps|crds)\//.test(p))).toEqual([]);
    expect(fs.readFileSync(path.join(project, 'node_modules', 'cdk8s-istio', 'LICENSE'), 'utf8')).toMatch(/^\s+Apache License\s+Version 2\.0, January 2004/);
  });

  test('has no runtime dependencies besides its peers: the third-party code it runs is in the build', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'cdk8s-istio', 'package.json'), 'utf8'));
    expect([manifest.dependencies, manifest.bundledDependencies]).toEqual([undefined, undefined]);
    // With nothing but the package and its peers installed, it synthesizes and validates (CEL rules included).
    const alone = path.join(tmp, 'alone');
    for (const name of ['cdk8s-istio', ...Object.keys(manifest.peerDependencies)]) {
      fs.cpSync(path.join(project, 'node_modules', name), path.join(alone, 'node_modules', name), { recursive: true });
    }
    const script = `
      const { Testing } = require('cdk8s');
      const { CanaryRoute, HelloWorldMesh, Workload, WorkloadImage, validateManifests } = require('cdk8s-istio');
      const chart = Testing.chart();
      const mesh = new HelloWorldMesh(chart, 'HelloWorld', { exposeHello: false });
      new Workload(chart, 'HelloV2', { service: mesh.hello, version: 'v2', image: WorkloadImage.httpEcho() });
      new CanaryRoute(chart, 'Canary', { service: mesh.hello, weights: { v1: 80, v2: 20 }, gateway: mesh.gateway, hosts: ['hello.example.com'] });
      const policy = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'p', namespace: 'default' }, spec: { selector: {}, targetRefs: [] } };
      console.log(validateManifests([...Testing.synth(chart), policy]).map((f) => f.message).join('\\n'));`;
    expect(run('node', ['-e', script], alone).trim()).toBe('only one of targetRefs or selector can be set');
    // The Gateway API CRDs come from the JSON the package ships (build/crds/), however the package is installed.
    const crds = `
      const { Testing } = require('cdk8s');
      const { GatewayApiCrds } = require('cdk8s-istio');
      const chart = Testing.chart();
      new GatewayApiCrds(chart, 'GatewayApi');
      console.log(Testing.synth(chart).filter((o) => o.kind === 'CustomResourceDefinition').length);`;
    expect(run('node', ['-e', crds], alone).trim()).toBe('8');
  }, 60_000);

  test('the project cdk8s init typescript-app lays out runs its npm run build (compile, jest with ts-jest, synth) green with it', () => {
    expect({ status: build.status, output: build.status === 0 ? '' : build.output }).toEqual({ status: 0, output: '' });
    // The project's own jest tests ran: the canary weights, the same through cdk8s-istio/testing, and one generated
    // class of each imports/ subpath.
    expect(build.output).toMatch(/Tests:\s+3 passed, 3 total/);
    const synthesized = manifests(path.join(project, 'dist', 'consumer.k8s.yaml'));
    expect(synthesized.map((o) => o.kind)).toContain('Sidecar');
    expect(routeWeights(synthesized)).toEqual({ v1: 80, v2: 20 });
  });

  test('each generated module is a subpath of the installed package', () => {
    const script = "for (const g of ['networking', 'security', 'telemetry', 'extensions']) console.log(Object.keys(require(`cdk8s-istio/imports/${g}.istio.io`)).filter((k) => /^[A-Z][a-zA-Z]+$/.test(k) && !/(Spec|Props)/.test(k)).join(' '))";
    const [networking, security, telemetry, extensions] = run('node', ['-e', script], project).trim().split('\n').map((l) => l.split(' '));
    expect(networking).toEqual(expect.arrayContaining(['Sidecar', 'EnvoyFilter', 'WorkloadEntry', 'Gateway', 'ServiceEntry', 'VirtualService']));
    expect(security).toEqual(expect.arrayContaining(['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication']));
    expect(telemetry).toEqual(expect.arrayContaining(['Telemetry']));
    expect(extensions).toEqual(expect.arrayContaining(['WasmPlugin']));
  }, 60_000);

  test('the testing helpers are the subpath cdk8s-istio/testing, and their failures show the trace', () => {
    const script = `
      const { Testing } = require('cdk8s');
      const { HelloWorldMesh } = require('cdk8s-istio');
      const { expectRequest, RequestExpectation } = require('cdk8s-istio/testing');
      const chart = Testing.chart();
      const mesh = new HelloWorldMesh(chart, 'HelloWorld');
      expectRequest(chart, { from: mesh.hello, host: 'world' }).toBeAllowed().toReach(mesh.world).toUseMtls();
      try {
        new RequestExpectation(chart, { from: 'outside', host: 'world' }).toBeAllowed();
      } catch (e) {
        console.log(e.message.split('\\n').slice(0, 2).join('\\n'));
      }`;
    expect(run('node', ['-e', script], project).trim().split('\n')).toEqual([
      'expected outside → GET world/ to be allowed; the mesh model says:',
      expect.stringMatching(/^outcome refused: outside → default\/world-v1: connection reset: default\/world-v1 requires mTLS \(STRICT/),
    ]);
  }, 60_000);

  test('its installed CLI validates the synthesized output clean, and fails a course-era manifest with exit code 1', () => {
    const cli = path.join(project, 'node_modules', '.bin', 'cdk8s-istio');
    const clean = spawnSync(cli, ['validate', 'dist'], { cwd: project, env, encoding: 'utf8' });
    expect({ status: clean.status, errors: `${clean.stdout}${clean.stderr}`.match(/.*error:.*/g) }).toEqual({ status: 0, errors: null });
    fs.writeFileSync(path.join(project, 'old.yaml'), 'apiVersion: rbac.istio.io/v1alpha1\nkind: ServiceRole\nmetadata: {name: viewer}\nspec: {}\n');
    const failed = spawnSync(cli, ['validate', 'old.yaml'], { cwd: project, env, encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('[CDKI2001]');
  }, 60_000);

  test('an esbuild bundle of an app synthesizes without node_modules, and fails synth on what only the bundled schemas and CEL rules catch', async () => {
    fs.copyFileSync(path.join(__dirname, 'consumer', 'invalid.ts'), path.join(project, 'invalid.ts'));
    const out = path.join(tmp, 'bundled');
    await esbuild.build({ entryPoints: [path.join(project, 'main.ts'), path.join(project, 'invalid.ts')], outdir: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
    run('node', ['main.js'], out);
    expect(routeWeights(manifests(path.join(out, 'dist', 'consumer.k8s.yaml')))).toEqual({ v1: 80, v2: 20 });
    const invalid = spawnSync('node', ['invalid.js'], { cwd: out, env, encoding: 'utf8' });
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain('AuthorizationPolicy/shop/both: spec: error: only one of targetRefs or selector can be set [IST0106]');
    expect(invalid.stderr).toContain('Deployment/shop/web: spec.replicas: error: must be an integer; got "three" [IST0106]');
  }, 60_000);
});
