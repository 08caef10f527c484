// Usage: node scripts/unless-fresh.mjs NAME FILE... -- COMMAND ARG...
// Runs COMMAND unless it last succeeded with the same FILEs (folders: every file in them; a missing one counts as
// missing) and the same node: after a success, their digest goes to build/.fresh/NAME. List the command's outputs too
// (the build's .jsii), so that a deleted or edited output runs it again. A clean clone, as in CI, has no build/: every
// command runs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const args = process.argv.slice(2);
const sep = args.indexOf('--');
const [name, ...inputs] = args.slice(0, sep);
const [command, ...commandArgs] = args.slice(sep + 1);
if (sep < 2 || !command) {
  console.error('usage: node scripts/unless-fresh.mjs NAME FILE... -- COMMAND ARG...');
  process.exit(2);
}
const stamp = path.join('build', '.fresh', name);

function digest() {
  const hash = createHash('sha256').update(process.version);
  const files = inputs.flatMap((p) => {
    if (!fs.existsSync(p)) return [p];
    if (!fs.statSync(p).isDirectory()) return [p];
    return fs.readdirSync(p, { recursive: true }).map((f) => path.join(p, String(f))).filter((f) => fs.statSync(f).isFile());
  }).sort();
  for (const f of files) hash.update(`\0${f}\0`).update(fs.existsSync(f) ? fs.readFileSync(f) : '\0missing');
  return hash.digest('hex');
}

if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === digest()) {
  console.log(`${name}: fresh (it succeeded on these files; delete ${stamp} to run it again)`);
  process.exit(0);
}
fs.rmSync(stamp, { force: true });
const { status } = spawnSync(command, commandArgs, { stdio: 'inherit' });
if (status !== 0) process.exit(status ?? 1);
fs.mkdirSync(path.dirname(stamp), { recursive: true });
fs.writeFileSync(stamp, digest());
