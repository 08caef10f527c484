// Summarizes a V8 CPU profile (`node --cpu-prof`, e.g. `npm run bench -- --only synth --node-args "--cpu-prof
// --cpu-prof-dir=/tmp/prof"`): the functions and the modules (an npm package, or a file of this repository) with the
// most self time.
//
//   node --import tsx bench/cpu-profile.ts FILE.cpuprofile [--top 15] [--inclusive validateManifests,toJson]
//
// --inclusive: the time spent in (under) each named function, counted once per sample however deep it recurses;
// `a>b` is the time under b called, directly or not, from a.
import * as fs from 'fs';
import * as path from 'path';

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const ROOT = path.resolve(__dirname, '..');

/** An npm package by name, a file of the repository by path, node's own code as `node`. */
export function moduleOf(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1];
  if (file.startsWith('node:')) return 'node';
  return path.relative(ROOT, file);
}

/** Self time in ms per function and per module, largest first. */
export function selfTimes(profile: Profile): { functions: Array<[string, number]>; modules: Array<[string, number]>; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const functions = new Map<string, number>();
  const modules = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const { functionName, url } = byId.get(id)!.callFrame;
    // V8's own entries ('(garbage collector)', '(program)', ...) and built-ins (JSON.stringify, ...) have no url.
    const module = url ? moduleOf(url) : functionName.startsWith('(') ? functionName : '(V8 built-ins)';
    const fn = `${functionName || '(anonymous)'} ${url ? module : ''}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    modules.set(module, (modules.get(module) ?? 0) + ms);
    total += ms;
  });
  const sorted = (m: Map<string, number>): Array<[string, number]> => [...m].sort((a, b) => b[1] - a[1]);
  return { functions: sorted(functions), modules: sorted(modules), totalMs: total };
}

/** Time in ms under each of `names`: a function anywhere on the sampled stack, or a chain `a>b` (b called from a). */
export function inclusiveTimes(profile: Profile, names: readonly string[]): Map<string, number> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const times = new Map(names.map((n) => [n, 0]));
  profile.samples.forEach((id, i) => {
    const stack: string[] = []; // root first
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.unshift(byId.get(at)!.callFrame.functionName);
    for (const name of names) {
      let from = 0;
      const onStack = name.split('>').every((f) => {
        const at = stack.indexOf(f, from);
        from = at + 1;
        return at >= 0;
      });
      if (onStack) times.set(name, times.get(name)! + (profile.timeDeltas[i] ?? 0) / 1000);
    }
  });
  return times;
}

function main(argv: readonly string[]): void {
  const file = argv[0];
  if (!file) throw new Error('usage: node --import tsx bench/cpu-profile.ts FILE.cpuprofile [--top N] [--inclusive f,a>b]');
  const i = argv.indexOf('--top');
  const top = i >= 0 ? Number(argv[i + 1]) : 15;
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const { functions, modules, totalMs } = selfTimes(profile);
  const pct = (ms: number): string => `${((100 * ms) / totalMs).toFixed(1)}%`;
  const lines = [`${file}: ${totalMs.toFixed(0)} ms sampled`, '', '| module | self ms | share |', '|---|---:|---:|'];
  for (const [m, ms] of modules.slice(0, top)) lines.push(`| ${m} | ${ms.toFixed(0)} | ${pct(ms)} |`);
  lines.push('', '| function | self ms | share |', '|---|---:|---:|');
  for (const [f, ms] of functions.slice(0, top)) lines.push(`| ${f} | ${ms.toFixed(0)} | ${pct(ms)} |`);
  const j = argv.indexOf('--inclusive');
  if (j >= 0) {
    lines.push('', '| under function | ms | share |', '|---|---:|---:|');
    for (const [f, ms] of inclusiveTimes(profile, argv[j + 1].split(','))) lines.push(`| ${f} | ${ms.toFixed(0)} | ${pct(ms)} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (require.main === module) main(process.argv.slice(2));
