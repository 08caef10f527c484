// Benchmark of the mesh model on the bench mesh (bench/mesh.ts): build the model from the synthesized objects, then trace every
// declared call (`model.calls()`): svc-(i-1) v1 calls svc-i (the cdk8s-istio/calls annotation added to the
// synthesized Deployments; GET, allowed by svc-i's AllowPolicy, 90/10 canary, mesh-wide STRICT).
//
//   node --import tsx bench/model-bench.ts [--sizes 1000] [--runs 5]
import { MeshModel } from '../lib';
import { buildOurs, objectsOf } from './mesh';

function arg(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

function run(n: number): { objects: number; buildMs: number; requestsMs: number } {
  const objects = objectsOf(buildOurs(n));
  for (const o of objects) {
    const m = /^svc-(\d+)-v1$/.exec(o.kind === 'Deployment' ? o.metadata.name : '');
    if (!m) continue;
    const callee = (Number(m[1]) + 1) % n;
    o.metadata.annotations = { 'cdk8s-istio/calls': JSON.stringify([{ host: `svc-${callee}.team-${Math.floor(callee / 50)}` }]) };
  }
  const t0 = process.hrtime.bigint();
  const model = MeshModel.fromObjects(objects);
  const buildMs = ms(t0);
  const t1 = process.hrtime.bigint();
  const calls = model.calls();
  const requestsMs = ms(t1);
  if (calls.length !== n) throw new Error(`${calls.length} declared calls, expected ${n}`);
  for (const call of calls) {
    if (!call.asExpected || call.trace?.hops[0].distribution.map(d => d.weight).join('/') !== '90/10') throw new Error(`${call.caller} → ${call.host}: ${call.outcome}: ${call.reason}`);
  }
  return { objects: objects.length, buildMs, requestsMs };
}

function main(argv: readonly string[]): void {
  const sizes = arg(argv, '--sizes', '1000').split(',').map(Number);
  const runs = Number(arg(argv, '--runs', '5'));
  run(10); // warm-up
  console.log('| services | objects | runs | model build ms (median) | declared calls | calls() ms (median) | build + calls() ms |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of sizes) {
    const results = Array.from({ length: runs }, () => run(n));
    const build = median(results.map(r => r.buildMs));
    const requests = median(results.map(r => r.requestsMs));
    console.log(`| ${n} | ${results[0].objects} | ${runs} | ${build.toFixed(0)} | ${n} | ${requests.toFixed(0)} | ${(build + requests).toFixed(0)} |`);
  }
}

if (require.main === module) main(process.argv.slice(2));
