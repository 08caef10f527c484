// Pictures of large meshes: an overview (one node per namespace) plus one picture per namespace, each within what a
// reader takes in and what Mermaid renders (maxTextSize 50,000 characters, maxEdges 500).
import { MeshEdge, MeshGraph, MeshNode, MeshNodeKind } from './mesh-graph';
import { outcomeWords } from './words';

/**
 * One picture of a split graph.
 * @see https://mermaid.js.org/syntax/flowchart.html
 */
export interface MeshGraphPart {
  /** What the part shows: empty for an unsplit graph, `overview`, `namespace team-0`, `namespace team-0, part 2 of 3`. */
  readonly title: string;
  /** The nodes and edges of the part. */
  readonly graph: MeshGraph;
}

/**
 * The graph as one picture when it fits (at most `maxNodes` nodes, within Mermaid's limits), else an overview (one
 * node per namespace, edges counting the requests between them) and one picture per namespace (its nodes, the nodes
 * they call or are called by, and those edges), a namespace too large cut into parts.
 * @see https://mermaid.js.org/config/schema-docs/config.html#maxtextsize
 */
export function splitMeshGraph(graph: MeshGraph, fits: (graph: MeshGraph) => boolean, maxNodes = 40): MeshGraphPart[] {
  if (graph.nodes.length <= maxNodes && fits(graph)) return [{ title: '', graph }];
  // One namespace needs no overview: its parts are the picture. Nodes in no namespace (many external hosts) are cut
  // into parts of their own.
  const parts: MeshGraphPart[] = graph.namespaces.length > 1 ? [{ title: 'overview', graph: overview(graph) }] : [];
  // Nodes in no namespace that no edge ties to a namespace's part (an ingress gateway that only stops requests, a host
  // nobody calls) get a part of their own, so that no node is lost.
  const touched = new Set(graph.edges.flatMap(e => [e.source, e.target]));
  const loose = graph.nodes.filter(n => n.namespace === undefined && !touched.has(n.id));
  const groups = graph.namespaces.length > 0
    ? [...graph.namespaces.map(ns => ({ title: `namespace ${ns.name}`, own: graph.nodes.filter(n => n.namespace === ns.name) })),
      ...(loose.length > 0 ? [{ title: 'outside any namespace', own: loose }] : [])]
    : [{ title: 'hosts', own: graph.nodes }];
  for (const { title, own } of groups) {
    for (let most = maxNodes; ; most = Math.ceil(most / 2)) {
      // Parts of about equal size: 41 nodes make two of 21 and 20, not 40 and 1.
      const size = Math.ceil(own.length / Math.ceil(own.length / most));
      const chunks: MeshNode[][] = [];
      for (let i = 0; i < own.length; i += size) chunks.push(own.slice(i, i + size));
      const graphs = chunks.map(chunk => around(graph, chunk));
      if (most === 1 || graphs.every(fits)) {
        graphs.forEach((g, i) => parts.push({ title: `${title}${graphs.length > 1 ? `, part ${i + 1} of ${graphs.length}` : ''}`, graph: g }));
        break;
      }
    }
  }
  return parts;
}

/** The nodes of `chunk`, the edges touching them and the nodes at their other ends. */
function around(graph: MeshGraph, chunk: readonly MeshNode[]): MeshGraph {
  const inside = new Set(chunk.map(n => n.id));
  const edges = graph.edges.filter(e => inside.has(e.source) || inside.has(e.target));
  const ids = new Set([...inside, ...edges.flatMap(e => [e.source, e.target])]);
  const nodes = graph.nodes.filter(n => ids.has(n.id));
  const namespaces = new Set(nodes.map(n => n.namespace));
  return { nodes, edges, namespaces: graph.namespaces.filter(ns => namespaces.has(ns.name)), badges: graph.badges };
}

/** One node per namespace (and the nodes outside any), edges counting the requests between them by outcome. */
function overview(graph: MeshGraph): MeshGraph {
  const groupOf = new Map<string, string>();
  const nodes: MeshNode[] = [];
  const externals = graph.nodes.filter(n => n.namespace === undefined && n.kind === MeshNodeKind.EXTERNAL);
  const collapse = externals.length > 10;
  for (const ns of graph.namespaces) {
    const own = graph.nodes.filter(n => n.namespace === ns.name);
    const services = own.filter(n => n.kind === MeshNodeKind.SERVICE).length;
    const pods = own.reduce((sum, n) => sum + n.versions.reduce((s, v) => s + v.pods, 0), 0);
    const id = `namespace:${ns.name}`;
    for (const n of own) groupOf.set(n.id, id);
    nodes.push({ id, kind: MeshNodeKind.NAMESPACE, name: `namespace ${ns.name}`, versions: [], badges: [`${services} services · ${pods} pods`] });
  }
  for (const n of graph.nodes.filter(x => x.namespace === undefined)) {
    if (collapse && n.kind === MeshNodeKind.EXTERNAL) groupOf.set(n.id, 'external:*');
    else {
      groupOf.set(n.id, n.id);
      nodes.push(n);
    }
  }
  if (collapse) nodes.push({ id: 'external:*', kind: MeshNodeKind.EXTERNAL, name: `${externals.length} external hosts`, versions: [], badges: [] });
  const edges = new Map<string, MeshEdge & { count: number }>();
  for (const e of graph.edges) {
    const source = groupOf.get(e.source)!;
    const target = groupOf.get(e.target)!;
    if (source === target) continue;
    const key = `${source}\u0000${target}\u0000${outcomeWords(e.outcome, e.tls)}`;
    const known = edges.get(key);
    if (known) known.count += e.count ?? 1;
    else edges.set(key, { source, target, kind: e.kind, host: '', fromVersions: [], outcome: e.outcome, ...(e.tls ? { tls: e.tls } : {}), branches: [], settings: [], count: e.count ?? 1 });
  }
  return { nodes: nodes.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })), edges: [...edges.values()], namespaces: [], badges: graph.badges };
}
