// The benchmark of issue 12: every target, measured in one run, each measurement a fresh child process, the sizes and
// measurements interleaved over repeated rounds; medians and spread (min–max over the rounds).
//
//   npm run bench                         1,000 and 10,000 services, 3 rounds, writes bench/results.md
//   npm run bench -- --quick              smoke run: 100 and 1,000 services, 1 round (a minute or two)
//   npm run bench -- --npm-test           also times one `npm test` at the end (minutes)
//   options: --sizes 1000,10000  --rounds N  --only synth,app,validation,httproutes,cli  --out FILE  --node-args "--cpu-prof"
//
// What each measurement is:
// - synth ours N: bench/mesh.ts's mesh of N services built with cdk8s-istio's constructs, then `chart.toJson()` with
//   the library's synth-time validation (MeshValidation) on, as users run it; timed inside the child from the first
//   construct to the end of toJson (module loading excluded, no warm-up). raw N: the same objects from imports/ and
//   cdk8s-plus-27 classes. raw+validation N: raw with `MeshValidation.of(chart)` added, to split constructs from
//   validation. Peak RSS: the child's maxRSS.
// - app: the 11 scenarios, `node --import tsx apps/main.ts` with CDK8S_OUTDIR set, which is the command cdk8s.yaml
//   gives `cdk8s synth` and the environment it runs it with, so the app alone without cdk8s-cli's own start; wall
//   clock of the whole process (node, tsx, loading, synth, validation, writing files). plain app: a cdk8s app generated
//   in this run from the app's own output (one ApiObject per synthesized object, the same JSON, checked), run the
//   same way, `app.synth()`. cdk8s synth: `cdk8s synth --check-upgrade=false -o DIR`, cdk8s-cli included (shown only,
//   not in --quick).
// - validation: bench/validation-bench.ts on the mesh of the smaller size; warm obj/s and cold ms against plain ajv.
// - httproutes: `validateSchema` (Gateway API schema and every CEL rule) of 1,000 HTTPRoutes
//   (bench/validation-bench.ts's httpRoutes); cold: loading and the first pass, warm: a second set.
// - cli: `node bin/cdk8s-istio.js validate DIR` (build/, rebuilt first when older than lib/) on the mesh of the
//   smaller size written one object per file; wall clock of the process; obj/s = objects / seconds.
// CPU time is shown beside the wall clock (in the child: process.cpuUsage; whole processes: /proc/self/stat's
// cutime + cstime); the marks are judged on the wall clock.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { MeshValidation } from '../lib';
import { buildOurs, buildRaw, objectsOf } from './mesh';
import { HTTP_ROUTES, measureAjv, measureHttpRoutes, measureOurs, ValidationMeasurement } from './validation-bench';

const ROOT = path.resolve(__dirname, '..');
const NOTES_MARKER = '<!-- Notes below this line are kept when the bench rewrites this file. -->';

// ------------------------------------------------------------------------------------------------ child measurements

export type SynthKind = 'ours' | 'raw' | 'raw+validation';

/** One synth child's figures, times in ms. */
export interface SynthMeasurement {
  readonly ms: number;
  /** CPU time (user + system, every thread) over the same interval as `ms`. */
  readonly cpuMs: number;
  readonly constructMs: number;
  readonly toJsonMs: number;
  readonly objects: number;
  readonly rssMiB: number;
}

const since = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** Builds the mesh of `n` services as `kind` and synthesizes it with `chart.toJson()` (validations included). */
export function measureSynth(kind: SynthKind, n: number): SynthMeasurement {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const chart = kind === 'ours' ? buildOurs(n) : buildRaw(n);
  if (kind === 'raw+validation') MeshValidation.of(chart);
  const constructMs = since(start);
  const objects = chart.toJson().length;
  const ms = since(start);
  const used = process.cpuUsage(cpu);
  // maxRSS is in KiB: the process's high-water mark.
  return { ms, cpuMs: (used.user + used.system) / 1000, constructMs, toJsonMs: ms - constructMs, objects, rssMiB: process.resourceUsage().maxRSS / 1024 };
}

// ------------------------------------------------------------------------------------------------ the plain cdk8s app

/** The objects of every `*.k8s.yaml` under `dir`, each as canonical JSON (keys sorted), sorted. */
export function synthesizedObjects(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.k8s.yaml')) out.push(...parseAllDocuments(fs.readFileSync(p, 'utf8')).map((doc) => canonical(doc.toJS())).filter((s) => s !== 'null'));
    }
  };
  walk(dir);
  return out.sort();
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/** The source of a plain cdk8s app emitting `charts` (chart id → objects): one ApiObject per object, `app.synth()`. */
export function plainAppSource(charts: ReadonlyMap<string, readonly unknown[]>): string {
  return [
    '// Generated by bench/bench.ts from the synthesized scenarios: a plain cdk8s app emitting the same objects.',
    `import { ApiObject, App, Chart } from ${JSON.stringify(path.dirname(require.resolve('cdk8s/package.json')))};`,
    `const CHARTS: Record<string, any[]> = ${JSON.stringify(Object.fromEntries(charts))};`,
    'const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? "dist" });',
    'for (const [id, objects] of Object.entries(CHARTS)) {',
    '  const chart = new Chart(app, id);',
    '  objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o));',
    '}',
    'app.synth();',
    '',
  ].join('\n');
}

/**
 * The app's output folder read back per chart: each chart folder's objects, nested folders (`bookinfo/platform`) too,
 * keyed by their path with `-` for `/` (a construct id cannot hold `/`).
 */
function chartsOf(outdir: string): Map<string, unknown[]> {
  const charts = new Map<string, unknown[]>();
  const walk = (rel: string): void => {
    const dir = path.join(outdir, rel);
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    const objects = entries.filter((e) => e.isFile() && e.name.endsWith('.k8s.yaml'))
      .flatMap((e) => parseAllDocuments(fs.readFileSync(path.join(dir, e.name), 'utf8')).map((d) => d.toJS()));
    if (rel !== '' && objects.length > 0) charts.set(rel.split(path.sep).join('-'), objects);
    for (const e of entries) if (e.isDirectory()) walk(path.join(rel, e.name));
  };
  walk('');
  return charts;
}

// ------------------------------------------------------------------------------------------------ parent: running children

/**
 * CPU time (user + system) in ms of the finished child processes of this one, all of their threads and own children
 * included (Linux: cutime + cstime of /proc/self/stat, in clock ticks of 10 ms); undefined elsewhere.
 */
function childrenCpuMs(): number | undefined {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Wall-clock and CPU ms of one process; throws with its output when it fails. */
function timeProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): { ms: number; cpuMs?: number } {
  const cpu = childrenCpuMs();
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = since(start);
  const after = childrenCpuMs();
  if (r.status !== 0) throw new Error(`bench: ${command} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${`${r.stdout}${r.stderr}`.slice(-3000)}`);
  return { ms, cpuMs: cpu !== undefined && after !== undefined ? after - cpu : undefined };
}

function childJson<T>(nodeArgs: readonly string[], args: readonly string[]): T {
  const out = execFileSync(process.execPath, [...nodeArgs, '--import', 'tsx', __filename, '--child', ...args], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '') as T;
}

/** Builds build/ when it is missing or older than a file of lib/ or crds/validators/. */
function ensureBuild(): void {
  const built = path.join(ROOT, 'build/lib/cli/cdk8s-istio.js');
  const newest = (dir: string): number => fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile()).reduce((m, e) => Math.max(m, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs), 0);
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= Math.max(newest(path.join(ROOT, 'lib')), newest(path.join(ROOT, 'crds/validators')))) return;
  process.stderr.write('build/ is older than lib/: npm run build\n');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

// ------------------------------------------------------------------------------------------------ parent: the run

/** What the options ask for. */
export interface BenchConfig {
  readonly small: number;
  readonly large: number;
  readonly rounds: number;
  readonly sections: ReadonlySet<string>;
  readonly nodeArgs: readonly string[];
  readonly npmTest: boolean;
  readonly quick: boolean;
}

/** Every sample, by measurement name (`synth ours 1000`, `app`, `validation ours cold`, ...): one per round. */
export type Samples = Map<string, number[]>;

/** What one run gives: the samples, the machine and the npm test time when asked. */
export interface BenchRun {
  readonly config: BenchConfig;
  readonly samples: Samples;
  readonly objects: Map<string, number>;
  readonly loadStart: readonly number[];
  readonly loadEnd: readonly number[];
  readonly npmTest?: { readonly ms: number; readonly status: number; readonly load: readonly number[] };
}

const SECTIONS = ['synth', 'app', 'validation', 'httproutes', 'cli'];

export function parseConfig(argv: readonly string[]): BenchConfig {
  const option = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const [small, large] = (option('--sizes') ?? (quick ? '100,1000' : '1000,10000')).split(',').map(Number);
  const sections = new Set((option('--only') ?? SECTIONS.join(',')).split(','));
  for (const s of sections) if (!SECTIONS.includes(s)) throw new Error(`bench: --only takes ${SECTIONS.join(', ')}, got ${s}`);
  if (!(small > 0 && large > small)) throw new Error(`bench: --sizes takes two sizes, smaller first, got ${option('--sizes')}`);
  return {
    small, large, quick, sections,
    rounds: Number(option('--rounds') ?? (quick ? 1 : 3)),
    nodeArgs: (option('--node-args') ?? '').split(' ').filter(Boolean),
    npmTest: argv.includes('--npm-test'),
  };
}

function run(config: BenchConfig): BenchRun {
  const loadStart = os.loadavg();
  const samples: Samples = new Map();
  const objects = new Map<string, number>();
  const add = (name: string, value: number): void => {
    samples.set(name, [...(samples.get(name) ?? []), value]);
  };
  const record = (name: string, m: { readonly ms: number; readonly cpuMs?: number }): void => {
    add(name, m.ms);
    if (m.cpuMs !== undefined) add(`${name}: CPU`, m.cpuMs);
    process.stderr.write(`  ${name}: ${m.ms.toFixed(0)} ms${m.cpuMs !== undefined ? ` (CPU ${m.cpuMs.toFixed(0)} ms)` : ''}\n`);
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-bench-'));
  try {
    // Each group runs its measurements back to back, so its ratios pair runs made under the same load.
    const groups: Array<Array<() => void>> = [];
    if (config.sections.has('synth')) {
      for (const n of [config.small, config.large]) {
        groups.push((['ours', 'raw', 'raw+validation'] as const).map((kind) => () => {
          const m = childJson<SynthMeasurement>(config.nodeArgs, ['synth', kind, String(n)]);
          record(`synth ${kind} ${n}`, m);
          add(`synth ${kind} ${n}: constructing`, m.constructMs);
          add(`synth ${kind} ${n}: peak RSS`, m.rssMiB);
          if (objects.has(`synth ${n}`) && objects.get(`synth ${n}`) !== m.objects) {
            throw new Error(`bench: ${kind} emits ${m.objects} objects at ${n} services, another build ${objects.get(`synth ${n}`)}; they must build the same mesh`);
          }
          objects.set(`synth ${n}`, m.objects);
          process.stderr.write(`    constructing ${m.constructMs.toFixed(0)} ms, maxRSS ${m.rssMiB.toFixed(0)} MiB\n`);
        }));
      }
    }
    if (config.sections.has('app')) groups.push(appGroup(tmp, config, record, objects));
    if (config.sections.has('httproutes')) {
      objects.set('httproutes', HTTP_ROUTES);
      groups.push([() => {
        const m = childJson<ValidationMeasurement>(config.nodeArgs, ['httproutes']);
        record('httproutes cold', { ms: m.coldMs, cpuMs: m.coldCpuMs });
        record('httproutes warm', { ms: m.warmMs, cpuMs: m.warmCpuMs });
        if (m.findings !== 0) throw new Error(`bench: the benchmark HTTPRoutes have ${m.findings} findings, and should have none`);
      }]);
    }
    if (config.sections.has('validation') || config.sections.has('cli')) {
      const mesh = objectsOf(buildOurs(config.small));
      objects.set('mesh', mesh.length);
      const file = path.join(tmp, 'mesh.json');
      fs.writeFileSync(file, JSON.stringify(mesh));
      if (config.sections.has('validation')) {
        groups.push((['ours', 'ajv'] as const).map((kind) => () => {
          const m = childJson<ValidationMeasurement>(config.nodeArgs, ['validation', kind, file]);
          record(`validation ${kind} cold`, { ms: m.coldMs, cpuMs: m.coldCpuMs });
          record(`validation ${kind} warm`, { ms: m.warmMs, cpuMs: m.warmCpuMs });
          if (m.schemaWarmMs !== undefined) add(`validation ${kind} warm: validateSchema alone`, m.schemaWarmMs);
          if (m.findings !== 0) throw new Error(`bench: validation ${kind} finds ${m.findings} problems in the benchmark mesh, which has none`);
        }));
      }
      if (config.sections.has('cli')) {
        ensureBuild();
        const dir = path.join(tmp, 'cli');
        fs.mkdirSync(dir);
        mesh.forEach((o, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(5, '0')}-${o.kind}.${o.metadata.name}.yaml`), Yaml.stringify(o)));
        groups.push([() => {
          record('cli', timeProcess(process.execPath, [...config.nodeArgs, 'bin/cdk8s-istio.js', 'validate', dir]));
        }]);
      }
    }
    for (let r = 0; r < config.rounds; r++) {
      process.stderr.write(`round ${r + 1}/${config.rounds} (load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})\n`);
      // Rotate the groups and alternate the order inside each, so that no measurement always runs first.
      for (let g = 0; g < groups.length; g++) {
        const group = groups[(g + r) % groups.length];
        for (const step of r % 2 === 0 ? group : [...group].reverse()) step();
      }
    }
    const npmTest = config.npmTest ? timeNpmTest(tmp) : undefined;
    return { config, samples, objects, loadStart, loadEnd: os.loadavg(), npmTest };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The app against the plain app generated from its output, and cdk8s synth with its CLI (shown only). */
function appGroup(tmp: string, config: BenchConfig, record: (name: string, m: { ms: number; cpuMs?: number }) => void, objects: Map<string, number>): Array<() => void> {
  const node = (file: string): string[] => [...config.nodeArgs, '--import', 'tsx', file];
  const appOut = path.join(tmp, 'app');
  const plainOut = path.join(tmp, 'plain');
  const plainApp = path.join(tmp, 'plain-app', 'main.ts');
  // One untimed run of each: the output the plain app is generated from, tsx's cache, and the same-objects check.
  timeProcess(process.execPath, node('apps/main.ts'), { CDK8S_OUTDIR: appOut });
  const charts = chartsOf(appOut);
  fs.mkdirSync(path.dirname(plainApp));
  fs.writeFileSync(plainApp, plainAppSource(charts));
  timeProcess(process.execPath, node(plainApp), { CDK8S_OUTDIR: plainOut });
  const ours = synthesizedObjects(appOut);
  const plain = synthesizedObjects(plainOut);
  if (canonical(ours) !== canonical(plain)) throw new Error(`bench: the plain app emits other objects than the app (${plain.length} against ${ours.length})`);
  objects.set('app', ours.length);
  objects.set('app charts', charts.size);
  const steps = [
    () => record('app', timeProcess(process.execPath, node('apps/main.ts'), { CDK8S_OUTDIR: appOut })),
    () => record('plain app', timeProcess(process.execPath, node(plainApp), { CDK8S_OUTDIR: plainOut })),
  ];
  if (!config.quick) {
    steps.push(() => record('cdk8s synth', timeProcess(path.join(ROOT, 'node_modules/.bin/cdk8s'), ['synth', '--check-upgrade=false', '-o', path.join(tmp, 'cli-synth')])));
  }
  return steps;
}

function timeNpmTest(tmp: string): NonNullable<BenchRun['npmTest']> {
  const load = os.loadavg();
  process.stderr.write(`npm test (load ${load.map((l) => l.toFixed(2)).join(' ')})\n`);
  const log = path.join(tmp, 'npm-test.log');
  const start = process.hrtime.bigint();
  const r = spawnSync('npm', ['test'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = since(start);
  fs.writeFileSync(log, `${r.stdout}${r.stderr}`);
  if (r.status !== 0) process.stderr.write(`npm test failed (${r.status}):\n${`${r.stdout}${r.stderr}`.slice(-3000)}\n`);
  return { ms, status: r.status ?? -1, load };
}

// ------------------------------------------------------------------------------------------------ report

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** One target: what was measured, and whether it is met (undefined: not measured). */
export interface TargetRow {
  readonly target: string;
  readonly measured: string;
  readonly met?: boolean;
}

const spread = (values: readonly number[], digits: number, unit = ''): string => (values.length > 1
  ? ` (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}${unit}, ${values.length} runs)`
  : ' (1 run)');

/** The per-round ratios a / b of two measurements. */
function ratios(samples: Samples, a: string, b: string): number[] | undefined {
  const x = samples.get(a);
  const y = samples.get(b);
  return x && y ? x.map((v, i) => v / y[i]) : undefined;
}

/** Every target of issue 12 with what the run measured; ratios are medians of the rounds' paired ratios. */
export function evaluateTargets(r: BenchRun): TargetRow[] {
  const { small, large } = r.config;
  const s = r.samples;
  const k = (n: number): string => n.toLocaleString('en-US');
  const cpuNote = (values: number[] | undefined, f: (v: number) => string): string => (values ? `; CPU time: ${f(median(values))}` : '');
  const rows: TargetRow[] = [];
  const notMeasured = (target: string): void => {
    rows.push({ target, measured: 'not measured' });
  };
  const ratioRow = (target: string, a: string, b: string, limit: number, detail = ''): void => {
    const values = ratios(s, a, b);
    if (!values) return notMeasured(target);
    const cpu = cpuNote(ratios(s, `${a}: CPU`, `${b}: CPU`), (v) => `${v.toFixed(2)}×`);
    rows.push({ target, measured: `${median(values).toFixed(2)}×${spread(values, 2, '×')}${detail}${cpu}`, met: median(values) <= limit });
  };
  const ms = (name: string): string => `${median(s.get(name) ?? [NaN]).toFixed(0)} ms`;
  ratioRow('app ≤ 1.3× a plain cdk8s app emitting the same objects', 'app', 'plain app', 1.3, `: ${ms('app')} against ${ms('plain app')}`);
  for (const n of [small, large]) {
    ratioRow(`constructs ≤ 1.1× raw at ${k(n)} services, synth-time validation on`, `synth ours ${n}`, `synth raw ${n}`, 1.1,
      `: ${ms(`synth ours ${n}`)} against ${ms(`synth raw ${n}`)}`);
  }
  // The two sizes run in different groups, not back to back: growth is the ratio of their medians, not of pairs.
  const growth = (suffix: string): number | undefined => {
    const [a, b] = [s.get(`synth ours ${large}${suffix}`), s.get(`synth ours ${small}${suffix}`)];
    return a && b ? median(a) / median(b) : undefined;
  };
  const g = growth('');
  if (g !== undefined) {
    const cpu = growth(': CPU');
    rows.push({ target: `growth ${k(small)} → ${k(large)} services ≤ 10.5×`, measured: `${g.toFixed(2)}× (ratio of the medians)${cpu !== undefined ? `; CPU time: ${cpu.toFixed(2)}×` : ''}`, met: g <= 10.5 });
  } else notMeasured(`growth ${k(small)} → ${k(large)} services ≤ 10.5×`);
  const rss = s.get(`synth ours ${large}: peak RSS`);
  if (rss) {
    rows.push({ target: `${k(large)} services ≤ 600 MiB peak RSS`, measured: `${Math.max(...rss).toFixed(0)} MiB (max; median ${median(rss).toFixed(0)})`, met: Math.max(...rss) <= 600 });
  } else notMeasured(`${k(large)} services ≤ 600 MiB peak RSS`);
  const mesh = r.objects.get('mesh') ?? 0;
  const rate = (name: string, limit: number, target: string): void => {
    const values = s.get(name);
    if (!values) return notMeasured(target);
    const perSecond = values.map((v) => mesh / v);
    rows.push({
      target,
      measured: `${(mesh / median(values)).toFixed(1)}k obj/s${spread(perSecond, 1, 'k')}${cpuNote(s.get(`${name}: CPU`), (v) => `${(mesh / v).toFixed(1)}k obj/s`)}`,
      met: mesh / median(values) >= limit,
    });
  };
  rate('validation ours warm', 50, `warm validateManifests ≥ 50k obj/s (${k(mesh)} objects)`);
  ratioRow('cold validateManifests ≤ 2× plain ajv', 'validation ours cold', 'validation ajv cold', 2,
    `: ${ms('validation ours cold')} against ${ms('validation ajv cold')}`);
  rate('cli', 10, `CLI ≥ 10k obj/s on the ${k(small)}-service mesh (${k(mesh)} one-object files)`);
  const routes = s.get('httproutes warm');
  const routesTarget = `${k(HTTP_ROUTES)} HTTPRoutes through validateSchema (schema and every CEL rule), warm, ≤ 1 s`;
  if (routes) {
    rows.push({
      target: routesTarget,
      measured: `${ms('httproutes warm')}${spread(routes, 0, ' ms')}; cold ${ms('httproutes cold')}${cpuNote(s.get('httproutes warm: CPU'), (v) => `${v.toFixed(0)} ms warm`)}`,
      met: median(routes) <= 1000,
    });
  } else notMeasured(routesTarget);
  rows.push(r.npmTest
    ? {
      target: '`npm test` ≤ 20 s',
      measured: `${(r.npmTest.ms / 1000).toFixed(1)} s${r.npmTest.status === 0 ? '' : ` (failed, exit ${r.npmTest.status})`}, load ${r.npmTest.load.map((l) => l.toFixed(2)).join(' ')} at its start`,
      met: r.npmTest.status === 0 && r.npmTest.ms <= 20_000,
    }
    : { target: '`npm test` ≤ 20 s', measured: 'not measured (run with --npm-test)' });
  return rows;
}

export function renderReport(r: BenchRun, date = new Date()): string {
  const cpus = os.cpus();
  const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' ');
  const lines = [
    `Node ${process.version}, ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC;`
      + ` load average (1, 5, 15 min) ${load(r.loadStart)} at the start, ${load(r.loadEnd)} at the end.`,
    `${r.config.quick ? 'Quick run' : 'Run'}: ${r.config.rounds} round${r.config.rounds === 1 ? '' : 's'}, sizes ${r.config.small} and ${r.config.large} services`
      + `${r.config.nodeArgs.length ? `, children run with ${r.config.nodeArgs.join(' ')}` : ''}.`,
    '',
    '| target | measured (median, spread over the rounds) | met |',
    '|---|---|:-:|',
    ...evaluateTargets(r).map((t) => `| ${t.target} | ${t.measured} | ${t.met === undefined ? '–' : t.met ? '✓' : '✗'} |`),
    '',
    '| measurement | median | min–max | runs |',
    '|---|---:|---:|---:|',
  ];
  for (const [name, values] of r.samples) {
    const unit = name.endsWith('peak RSS') ? 'MiB' : 'ms';
    lines.push(`| ${name} | ${median(values).toFixed(0)} ${unit} | ${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} | ${values.length} |`);
  }
  const counts = [...r.objects].map(([k, v]) => `${k}: ${v}`).join(', ');
  lines.push('', `Objects: ${counts}.`, '');
  return lines.join('\n');
}

function main(argv: readonly string[]): void {
  if (argv[0] === '--child') {
    const m = argv[1] === 'synth' ? measureSynth(argv[2] as SynthKind, Number(argv[3]))
      : argv[1] === 'httproutes' ? measureHttpRoutes(HTTP_ROUTES)
        : argv[2] === 'ours' ? measureOurs(argv[3]) : measureAjv(argv[3]);
    process.stdout.write(`${JSON.stringify(m)}\n`);
    return;
  }
  const config = parseConfig(argv);
  const report = renderReport(run(config));
  process.stdout.write(report);
  const i = argv.indexOf('--out');
  // A full default run records its report; partial runs only print theirs unless --out says where.
  const full = !config.quick && !argv.includes('--only') && !argv.includes('--sizes') && !argv.includes('--rounds') && config.nodeArgs.length === 0;
  const out = i >= 0 ? argv[i + 1] : full ? path.join(__dirname, 'results.md') : undefined;
  if (out) {
    const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
    const notes = previous.includes(NOTES_MARKER) ? previous.slice(previous.indexOf(NOTES_MARKER)) : `${NOTES_MARKER}\n`;
    fs.writeFileSync(out, `# Benchmark results (\`npm run bench\`)\n\n${report}\n${notes}`);
  }
}

if (require.main === module) main(process.argv.slice(2));
