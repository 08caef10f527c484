// Benchmark: reading a large multi-document YAML file, as `cdk8s-istio validate` does, with the reader the CLI uses
// (lib/private/yaml.ts, js-yaml with kubectl's scalars) against the one it used before (yaml's parseAllDocuments + toJS).
//
//   npm run bench:yaml                          40,000 objects, 3 runs each
//   node --import tsx bench/yaml-parse.ts --objects 10000 --runs 5
//
// The file repeats the benchmark mesh's ServiceAccounts, Services, DestinationRules, VirtualServices and
// AuthorizationPolicies (no Deployments, so objects are about as small as in a typical GitOps repo), renamed per copy.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { buildOurs, objectsOf } from './mesh';
import { parseYamlDocuments } from '../lib/private/yaml';

function option(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

function generate(objects: number): string {
  const templates = objectsOf(buildOurs(100)).filter((o) => o.kind !== 'Deployment').map((o) => JSON.stringify(o));
  const docs: string[] = [];
  for (let copy = 0; docs.length < objects; copy++) {
    for (const t of templates) {
      if (docs.length >= objects) break;
      docs.push(stringify(JSON.parse(t.replace(/team-(\d+)/g, `team-$1-c${copy}`))));
    }
  }
  return docs.join('---\n');
}

/** Median CPU time (user + system) of `f`: other processes on the machine slow the wall clock, not this. */
function medianMs(runs: number, f: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    f();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return Math.round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)]);
}

function main(argv: readonly string[]): void {
  const objects = option(argv, '--objects', 40000);
  const runs = option(argv, '--runs', 3);
  const text = generate(objects);
  const file = path.join(os.tmpdir(), `cdk8s-istio-bench-${objects}.yaml`);
  fs.writeFileSync(file, text);
  const before = medianMs(runs, () => parseAllDocuments(text).map((d) => d.toJS()));
  const after = medianMs(runs, () => parseYamlDocuments(text, file));
  const mib = (Buffer.byteLength(text) / 1024 / 1024).toFixed(1);
  process.stdout.write([
    `${objects} objects, ${mib} MiB (${file}), median CPU time of ${runs} runs, Node ${process.version}`,
    `yaml parseAllDocuments + toJS: ${before} ms`,
    `lib/private/yaml.ts (js-yaml):  ${after} ms (${(before / after).toFixed(1)}x faster)`,
    '',
  ].join('\n'));
}

if (require.main === module) main(process.argv.slice(2));
