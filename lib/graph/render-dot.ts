// Room two: Graphviz DOT. One digraph, namespaces as clusters; Graphviz has no size limit, so nothing is split.
import { MeshGraph, MeshGraphNamespace, MeshNode, MeshNodeKind } from './mesh-graph';
import { edgeWords, namespaceWords, nodeWords, Tone, toneOf, waypointIds, wrap } from './words';

const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
/** Lines wrapped at word boundaries, joined with DOT's centred line break. */
const label = (texts: readonly string[]): string => quote(texts.flatMap(t => wrap(t)).join('\n')).replace(/\n/g, '\\n');

const SHAPES: Readonly<Record<MeshNodeKind, string>> = {
  [MeshNodeKind.SERVICE]: 'box, style=rounded', [MeshNodeKind.CLIENT]: 'box, style="rounded,dashed"',
  [MeshNodeKind.INGRESS]: 'hexagon', [MeshNodeKind.EXTERNAL]: 'cylinder', [MeshNodeKind.NAMESPACE]: 'folder',
  [MeshNodeKind.WAYPOINT]: 'hexagon',
};
const EDGE_STYLES: Readonly<Record<Tone, string>> = {
  [Tone.SECURE]: 'color="#2da44e", penwidth=2', [Tone.PLAIN]: 'color="#8c959f", style=dashed',
  [Tone.FAILING]: 'color="#e5534b", arrowhead=tee', [Tone.UNKNOWN]: 'color="#c69026", style=dotted',
};

function nodeLine(node: MeshNode, ns: MeshGraphNamespace | undefined, id: string, indent: string): string {
  const words = nodeWords(node, ns, false);
  return `${indent}${id} [label=${label([words.title, ...words.lines])}, shape=${SHAPES[node.kind]}];`;
}

/** The public `renderDot` (mesh-graph.ts). */
export function renderDot(graph: MeshGraph): string {
  const idOf = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const out = ['digraph mesh {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const node of graph.nodes.filter(n => !graph.namespaces.some(ns => ns.name === n.namespace))) out.push(nodeLine(node, undefined, idOf.get(node.id)!, '  '));
  graph.namespaces.forEach((ns, i) => {
    out.push(`  subgraph cluster_${i} {`, `    label=${quote(`namespace ${namespaceWords(ns)}`)};`);
    for (const node of graph.nodes.filter(n => n.namespace === ns.name)) out.push(nodeLine(node, ns, idOf.get(node.id)!, '    '));
    out.push('  }');
  });
  const waypoints = waypointIds(graph);
  for (const edge of graph.edges) {
    out.push(`  ${idOf.get(edge.source)} -> ${idOf.get(edge.target)} [label=${label(edgeWords(edge, waypoints.has(edge.target)))}, ${EDGE_STYLES[toneOf(edge.outcome, edge.tls)]}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
