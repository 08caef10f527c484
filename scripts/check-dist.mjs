// Fails when the committed dist/ differs from a fresh `cdk8s synth`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-dist-')), 'dist');
execFileSync('npx', ['cdk8s', 'synth', '--check-upgrade=false', '-o', fresh], { stdio: ['ignore', 'ignore', 'inherit'] });

function list(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).filter(f => fs.statSync(path.join(dir, f)).isFile()).sort();
}

const committed = list('dist');
const synthesized = list(fresh);
const problems = [];
for (const f of new Set([...committed, ...synthesized])) {
  if (!committed.includes(f)) problems.push(`missing from dist/: ${f}`);
  else if (!synthesized.includes(f)) problems.push(`stale in dist/: ${f}`);
  else if (!fs.readFileSync(path.join('dist', f)).equals(fs.readFileSync(path.join(fresh, f)))) problems.push(`differs: dist/${f}`);
}
fs.rmSync(path.dirname(fresh), { recursive: true, force: true });
if (problems.length > 0) {
  console.error(`dist/ is not a fresh synth (run \`npx cdk8s synth\` and commit dist/):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`dist/ matches a fresh synth (${committed.length} files)`);
