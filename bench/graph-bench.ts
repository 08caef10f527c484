// Benchmark of the pictures: the bench mesh (bench/mesh.ts: services of two versions, a 90/10 canary each, namespaces of
// 50, mesh-wide STRICT) with each service's pods calling the next service (whose AllowPolicy lets them), drawn with
// buildMeshGraph + renderMarkdown. Reports per size the build and render time, how many diagrams the page has and the
// largest diagram's nodes, edges and characters against Mermaid's limits (50,000 characters, 500 edges); writes each
// page to OUT/mesh-N/topology.md for scripts/render-topology.mjs.
//
//   node --import tsx bench/graph-bench.ts [--sizes 10,40,41,100,1000] [--out /tmp/graph-bench] [--max-nodes N]
import * as fs from 'fs';
import * as path from 'path';
import { buildMeshGraph, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, renderMarkdown } from '../lib';
import { CALLS_ANNOTATION } from '../lib/private/calls';
import { buildOurs, objectsOf } from './mesh';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('--sizes', '10,20,40,41,50,100,1000').split(',').map(Number);
const out = arg('--out', '/tmp/graph-bench');
const maxNodes = Number(arg('--max-nodes', '40'));

/** The bench mesh's objects, each Deployment of service i declaring a call to service i + 1. */
export function callingMesh(n: number): any[] {
  const objects = objectsOf(buildOurs(n));
  for (const obj of objects) {
    if (obj.kind !== 'Deployment') continue;
    const i = Number(/^svc-(\d+)-/.exec(obj.metadata.name)?.[1]);
    const next = (i + 1) % n;
    const ns = `team-${Math.floor(next / 50)}`;
    obj.metadata.annotations = { ...obj.metadata.annotations, [CALLS_ANNOTATION]: JSON.stringify([{ host: `svc-${next}.${ns}` }]) };
  }
  return objects;
}

if (require.main === module) {
  const rows: Record<string, unknown>[] = [];
  for (const n of sizes) {
    const objects = callingMesh(n);
    const t0 = process.hrtime.bigint();
    const graph = buildMeshGraph(objects);
    const t1 = process.hrtime.bigint();
    const page = renderMarkdown(graph, { title: `bench mesh of ${n} services`, maxNodes });
    const t2 = process.hrtime.bigint();
    const diagrams = [...page.matchAll(/```mermaid\n([\s\S]*?)```/g)].map(m => m[1]);
    const edges = diagrams.map(d => (d.match(/^\s+n\d+ (==>|-\.->|--x)/gm) ?? []).length);
    const nodes = diagrams.map(d => new Set(d.match(/^\s+n\d+(?=[({[])/gm) ?? []).size);
    const chars = diagrams.map(d => d.length);
    fs.mkdirSync(path.join(out, `mesh-${n}`), { recursive: true });
    fs.writeFileSync(path.join(out, `mesh-${n}`, 'topology.md'), page);
    rows.push({
      services: n, objects: objects.length, 'graph nodes': graph.nodes.length, 'graph edges': graph.edges.length,
      'build ms': Math.round(Number(t1 - t0) / 1e6), 'render ms': Math.round(Number(t2 - t1) / 1e6), diagrams: diagrams.length,
      'max nodes': Math.max(...nodes), 'max edges': Math.max(...edges), 'max chars': Math.max(...chars),
      'within limits': Math.max(...chars) < MERMAID_MAX_TEXT && Math.max(...edges) < MERMAID_MAX_EDGES,
    });
  }
  console.table(rows);
  console.log(`pages in ${out}/mesh-N/topology.md; render them with scripts/render-topology.mjs ${out}/mesh-*/topology.md`);
}
