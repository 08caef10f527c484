// Checks the jsii artefacts of `npm run build` (the `.jsii` assembly): the committed API.md equals a fresh
// `jsii-docgen`, and `jsii-pacmak --code-only` generates the Python package with our classes in it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
if (!fs.existsSync('.jsii')) {
  console.error('no .jsii assembly: run `npm run build` first');
  process.exit(1);
}
const run = (cmd, args, env = process.env) => execFileSync('npx', [cmd, ...args], { stdio: ['ignore', 'ignore', 'inherit'], env });
const problems = [];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-api-'));
run('jsii-docgen', ['-o', path.join(tmp, 'API.md')]);
const fresh = fs.readFileSync(path.join(tmp, 'API.md'));
fs.rmSync(tmp, { recursive: true, force: true });
if (!fs.existsSync('API.md')) problems.push('API.md is missing');
else if (!fs.readFileSync('API.md').equals(fresh)) problems.push('API.md differs from a fresh jsii-docgen');

// Generated into the jsii outdir (ignored); nothing imports it.
const outdir = path.join(pkg.jsii.outdir, 'python');
fs.rmSync(outdir, { recursive: true, force: true });
// jsii-pacmak packs the package with `npm pack`, whose prepack would build it again: it was just built (.jsii above).
run('jsii-pacmak', ['--code-only', '--targets', 'python'], { ...process.env, npm_config_ignore_scripts: 'true' });
const { module: pyModule } = pkg.jsii.targets.python;
const init = path.join(outdir, 'src', pyModule, '__init__.py');
if (!fs.existsSync(init)) {
  problems.push(`jsii-pacmak wrote no ${init}`);
} else {
  const source = fs.readFileSync(init, 'utf8');
  const expected = ['class VirtualService(', 'class AllowPolicy(', 'class MeshService(', 'class Caller(', 'def from_namespace(', 'class HttpRouteOptions:'];
  for (const text of expected) if (!source.includes(text)) problems.push(`${init} lacks ${JSON.stringify(text)}`);
}

if (problems.length > 0) {
  console.error(`jsii artefacts are not fresh (run \`npm run build && npm run docgen\` and commit API.md):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`API.md matches a fresh jsii-docgen; jsii-pacmak generated the Python module ${pyModule}`);
