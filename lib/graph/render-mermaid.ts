// Room two: Mermaid. One flowchart per picture, namespaces as subgraphs; the Markdown page splits a large graph.
import { MarkdownOptions, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, MeshEdge, MeshGraph, MeshGraphNamespace, MeshNode, MeshNodeKind } from './mesh-graph';
import { splitMeshGraph } from './split';
import { caption, edgeWords, LEGEND, namespaceWords, nodeWords, Tone, toneOf, WAYPOINT_LEGEND, waypointIds, wrap } from './words';

/** The margin kept under Mermaid's limits. */
const MARGIN = 0.9;

/** Characters Mermaid would read as syntax inside a quoted label, as entity codes. */
function escape(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\|/g, '#124;');
}

/** Lines wrapped at word boundaries, escaped, joined with `<br/>`. */
function lines(texts: readonly string[]): string {
  return texts.flatMap(t => wrap(t)).map(escape).join('<br/>');
}

function nodeShape(node: MeshNode, id: string, namespace: MeshGraphNamespace | undefined, boxed: boolean): string {
  const words = nodeWords(node, namespace, !boxed);
  const text = `"<b>${lines([words.title])}</b>${words.lines.length > 0 ? `<br/>${lines(words.lines)}` : ''}"`;
  switch (node.kind) {
    // Both Envoy gateways: the ingress gateway and a waypoint.
    case MeshNodeKind.INGRESS:
    case MeshNodeKind.WAYPOINT: return `${id}{{${text}}}`;
    case MeshNodeKind.EXTERNAL: return `${id}[(${text})]`;
    case MeshNodeKind.CLIENT: return `${id}([${text}])`;
    default: return `${id}(${text})`;
  }
}

const ARROWS: Readonly<Record<Tone, string>> = { [Tone.SECURE]: '==>', [Tone.PLAIN]: '-.->', [Tone.FAILING]: '--x', [Tone.UNKNOWN]: '-.->' };
/** Edge colours that read on GitHub's light and dark backgrounds alike. */
const COLOURS: Readonly<Record<Tone, string>> = { [Tone.SECURE]: '#2da44e', [Tone.PLAIN]: '#8c959f', [Tone.FAILING]: '#e5534b', [Tone.UNKNOWN]: '#c69026' };

/** The direction that keeps a diagram narrow: top to bottom once a chain of calls is four nodes long. */
function direction(graph: MeshGraph): 'LR' | 'TB' {
  const next = new Map<string, string[]>();
  for (const e of graph.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const depth = new Map<string, number>();
  const visit = (id: string, seen: Set<string>): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (seen.has(id)) return 0;
    seen.add(id);
    const d = 1 + Math.max(0, ...(next.get(id) ?? []).map(t => visit(t, seen)));
    depth.set(id, d);
    return d;
  };
  const longest = Math.max(0, ...graph.nodes.map(n => visit(n.id, new Set())));
  return longest >= 4 ? 'TB' : 'LR';
}

/**
 * The edges in the order Mermaid gets them, which is the order it stacks their sources in (Mermaid 11.17): by source,
 * and among sources calling the same services (three curls calling httpbin in foo and bar), those whose edges read
 * unlike most of them (the legacy curl refused where the others get mTLS) between the others. The edges of the
 * outermost sources cross in the middle, where Mermaid puts both their labels: so those read alike.
 */
function declared(graph: MeshGraph): MeshEdge[] {
  const bySource = new Map<string, MeshEdge[]>();
  for (const e of graph.edges) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
  const sources = [...bySource.keys()];
  const targets = (source: string) => [...new Set(bySource.get(source)!.map(e => e.target))].sort().join(' ');
  const waypoints = waypointIds(graph);
  const words = (source: string) => [...new Set(bySource.get(source)!.map(e => edgeWords(e, waypoints.has(e.target)).join('\n')))].sort().join('\n\n');
  for (const set of new Set(sources.map(targets))) {
    const group = sources.filter(s => targets(s) === set);
    if (!set.includes(' ') || group.length < 3) continue;
    const count = (w: string) => group.filter(s => words(s) === w).length;
    const most = group.map(words).reduce((a, b) => (count(b) > count(a) ? b : a));
    const alike = group.filter(s => words(s) === most);
    const half = Math.ceil(alike.length / 2);
    const order = [...alike.slice(0, half), ...group.filter(s => words(s) !== most), ...alike.slice(half)];
    const at = group.map(s => sources.indexOf(s));
    at.forEach((i, k) => { sources[i] = order[k]; });
  }
  return sources.flatMap(s => bySource.get(s)!);
}

/** The public `renderMermaid` (mesh-graph.ts). */
export function renderMermaid(graph: MeshGraph): string {
  const idOf = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const dir = direction(graph);
  const out = [`flowchart ${dir}`];
  // The namespace holding most nodes (one namespace, a namespace's part of a split picture): a box titled with what
  // applies to its pods. Others: boxes would cross the calls between them, so each node says its namespace instead.
  const boxed = graph.namespaces.find(ns => graph.nodes.filter(n => n.namespace === ns.name).length > graph.nodes.length / 2);
  const namespaceOf = new Map(graph.namespaces.map(ns => [ns.name, ns]));
  for (const node of graph.nodes.filter(n => !boxed || n.namespace !== boxed.name)) {
    out.push(`  ${nodeShape(node, idOf.get(node.id)!, node.namespace !== undefined ? namespaceOf.get(node.namespace) : undefined, false)}`);
  }
  if (boxed) {
    // Said again inside: a box holding every node and edge is laid out on its own, left to right unless told.
    out.push(`  subgraph ns ["${escape(`namespace ${namespaceWords(boxed)}`)}"]`, `    direction ${dir}`);
    for (const node of graph.nodes.filter(n => n.namespace === boxed.name)) out.push(`    ${nodeShape(node, idOf.get(node.id)!, boxed, true)}`);
    out.push('  end');
  }
  const styles: string[] = [];
  const waypoints = waypointIds(graph);
  declared(graph).forEach((edge: MeshEdge, i) => {
    const tone = toneOf(edge.outcome, edge.tls);
    out.push(`  ${idOf.get(edge.source)} ${ARROWS[tone]}|"${lines(edgeWords(edge, waypoints.has(edge.target)))}"| ${idOf.get(edge.target)}`);
    styles.push(`  linkStyle ${i} stroke:${COLOURS[tone]},stroke-width:2px`);
  });
  const badged = (test: (n: MeshNode) => boolean) => graph.nodes.filter(test).map(n => idOf.get(n.id)!);
  const classes: [string, string, string[]][] = [
    ['guarded', `stroke:${COLOURS[Tone.FAILING]},stroke-width:2px,stroke-dasharray:5 3`, badged(n => n.badges.some(b => b === 'deny by default' || b === 'JWT required'))],
    ['outside', `stroke:${COLOURS[Tone.UNKNOWN]},stroke-dasharray:4 3`, badged(n => n.kind === MeshNodeKind.EXTERNAL)],
  ];
  for (const [name, style, members] of classes) {
    if (members.length > 0) out.push(`  classDef ${name} ${style}`, `  class ${members.join(',')} ${name}`);
  }
  return `${[...out, ...styles].join('\n')}\n`;
}

/** Whether a rendered diagram stays within Mermaid's limits, with a margin. */
function fitsMermaid(graph: MeshGraph): boolean {
  return graph.edges.length <= MERMAID_MAX_EDGES * MARGIN && renderMermaid(graph).length <= MERMAID_MAX_TEXT * MARGIN;
}

/** The public `renderMarkdown` (mesh-graph.ts). */
export function renderMarkdown(graph: MeshGraph, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  if (options.title !== undefined) out.push(`# ${options.title}`, '');
  if (graph.nodes.length === 0) {
    out.push(graph.badges.length > 0
      ? `No services, workloads, gateway routes or external hosts to draw. Mesh-wide: ${graph.badges.join('; ')}.`
      : 'No services, workloads, gateway routes or external hosts to draw: the input holds no mesh objects.');
    return `${out.join('\n')}\n`;
  }
  out.push(options.caption !== undefined ? `${options.caption} ${caption(graph)}` : caption(graph), '');
  if (graph.badges.length > 0) out.push(`Mesh-wide: ${graph.badges.join('; ')}.`, '');
  const parts = splitMeshGraph(graph, fitsMermaid, options.maxNodes ?? 40);
  if (parts.length > 1) out.push(`The mesh has ${graph.nodes.length} nodes: an overview, then one diagram per namespace.`, '');
  for (const part of parts) {
    if (part.title !== '') out.push(`## ${part.title[0].toUpperCase()}${part.title.slice(1)}`, '');
    out.push('```mermaid', renderMermaid(part.graph).trimEnd(), '```', '');
  }
  out.push(LEGEND);
  if (waypointIds(graph).size > 0) out.push(WAYPOINT_LEGEND);
  return `${out.join('\n')}\n`;
}
