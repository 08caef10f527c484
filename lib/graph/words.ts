// The words of a picture, shared by the renderers: what a node and an edge say, wrapped at word boundaries, the
// caption and the legend. No renderer syntax here.
import { HopTls, Outcome } from '../model/trace';
import { MeshEdge, MeshEdgeKind, MeshGraph, MeshGraphNamespace, MeshNode, MeshNodeKind, MeshRouteBranch } from './mesh-graph';

/** Longest line of a label, in characters: under Mermaid's 200 px wrapping width at its 16 px font. */
export const LINE_WIDTH = 24;

/**
 * A word longer than `width` cut after its dots (`auth.kubernetes.` `newtech.academy`), or another separator `at`
 * (`mtls-migration-` `namespace-bar`), into pieces of about equal length; else whole.
 */
function pieces(word: string, width: number, at = '.'): string[] {
  if (word.length <= width || !word.includes(at)) return [word];
  const parts = word.split(at).map((part, i, all) => (i < all.length - 1 ? `${part}${at}` : part));
  const cut = (most: number): string[] => {
    const out: string[] = [];
    let piece = '';
    for (const part of parts) {
      if (piece !== '' && piece.length + part.length > most) {
        out.push(piece);
        piece = part;
      } else piece += part;
    }
    return [...out, piece];
  };
  // The fewest lines that fit the width, then the shortest longest line that keeps that count.
  const lines = cut(width).length;
  for (let most = Math.ceil(word.length / lines); most < width; most++) if (cut(most).length === lines) return cut(most);
  return cut(width);
}

/**
 * `text` cut into lines of at most `width` characters at spaces (and a long host name after its dots), so the
 * renderer never breaks a word itself; a longer word without dots stays whole on its own line.
 */
export function wrap(text: string, width = LINE_WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(w => w !== '')) {
    const cut = pieces(word, width);
    if (cut.length > 1) {
      // A host cut after its dots: each piece on a line of its own, never joined to others by a space.
      if (line !== '') lines.push(line);
      lines.push(...cut.slice(0, -1));
      line = cut[cut.length - 1];
    } else if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What applies to every pod of a namespace: `mTLS STRICT`, `ambient · mTLS STRICT`, `no sidecars`. */
function modeWords(ns: MeshGraphNamespace): string {
  const mtls = ns.mtls ? `mTLS ${ns.mtls}` : 'mTLS mixed';
  if (ns.ambient) return `ambient · ${mtls}`;
  return ns.sidecars ? mtls : 'no sidecars';
}

/** A namespace with what applies to every pod of it: `ns1 · mTLS STRICT`, `legacy · no sidecars`. */
export function namespaceWords(ns: MeshGraphNamespace): string {
  return `${ns.name} · ${modeWords(ns)}`;
}

/**
 * The lines saying a node's namespace: `ns1 · mTLS STRICT` when it fits on one, else the name (cut after its hyphens
 * when too long for a line: `mtls-migration-` `namespace-bar`) and then the mode.
 */
function namespaceLines(ns: MeshGraphNamespace): string[] {
  return namespaceWords(ns).length <= LINE_WIDTH ? [namespaceWords(ns)] : [...pieces(ns.name, LINE_WIDTH, '-'), modeWords(ns)];
}

/**
 * The title line and the detail lines of a node: its namespace (when given, for pictures without namespace boxes),
 * versions with pods, then badges.
 */
export function nodeWords(node: MeshNode, namespace: MeshGraphNamespace | undefined, showNamespace: boolean): { title: string; lines: string[] } {
  const lines = node.versions.flatMap(v => {
    // A namespace without sidecars says so once; a version without one among sidecars says so itself.
    const head = `${v.name} · ${plural(v.pods, 'pod')}${!v.sidecar && namespace?.sidecars !== false ? ', no sidecar' : ''}`;
    if (!v.slowPods) return [head];
    const slow = v.slowPods === v.pods ? `slow: ${v.latencySeconds}s` : `${v.slowPods} slow pod${v.slowPods > 1 ? 's' : ''}: ${v.latencySeconds}s`;
    return [head, slow];
  });
  return { title: node.name, lines: [...(namespace && showNamespace ? namespaceLines(namespace) : []), ...lines, ...node.badges] };
}

/** What happened to a request, in two or three words: `mTLS ✓`, `plain text`, `refused ✗`, `denied 403`. */
export function outcomeWords(outcome: Outcome, tls?: HopTls): string {
  switch (outcome) {
    case Outcome.OK: return tls === HopTls.MUTUAL ? 'mTLS ✓' : 'plain text';
    case Outcome.REFUSED: return 'refused ✗';
    case Outcome.DENIED: return 'denied 403';
    case Outcome.UNAUTHENTICATED: return 'bad token 401';
    case Outcome.NOT_FOUND: return 'no route 404';
    case Outcome.BAD_GATEWAY: return 'blocked 502';
    case Outcome.UNAVAILABLE: return tls === HopTls.REFUSED ? 'refused ✗ 503' : 'unavailable 503';
    case Outcome.FAULT: return 'fault injected';
    default: return 'outcome unknown';
  }
}

/** How an outcome is drawn: fine (green), plain (grey), failing (red) or unknown (amber). */
export enum Tone {
  SECURE = 'secure',
  PLAIN = 'plain',
  FAILING = 'failing',
  UNKNOWN = 'unknown',
}

export function toneOf(outcome: Outcome, tls?: HopTls): Tone {
  if (outcome === Outcome.OK) return tls === HopTls.MUTUAL ? Tone.SECURE : Tone.PLAIN;
  return outcome === Outcome.UNKNOWN ? Tone.UNKNOWN : Tone.FAILING;
}

/**
 * Where a branch sends: `v2`, `v1 90% · v2 10%`, with the outcome of any destination whose outcome differs (a fault
 * the branch's settings say not again).
 */
function destinationWords(branch: MeshRouteBranch, edgeOutcome: Outcome, withSettings: boolean): string {
  const many = branch.destinations.length > 1;
  const said = withSettings && (branch.settings ?? []).length > 0;
  return branch.destinations.map(d => {
    const name = d.subset ?? (many ? 'all' : '');
    const weight = many || d.weight < 100 ? `${d.weight}%` : '';
    const differs = d.outcome !== edgeOutcome && !(said && d.outcome === Outcome.FAULT) ? outcomeWords(d.outcome) : '';
    return [name, weight, differs].filter(w => w !== '').join(' ');
  }).filter(w => w !== '').join(' · ');
}

/**
 * The lines of an edge: the host (ingress; `to world` for a call into a waypoint, which sends it on), the caller's
 * versions, the routes in order, what the route taken adds (each route's own after it, when there are several), then
 * the outcome.
 */
export function edgeWords(edge: MeshEdge, intoWaypoint = false): string[] {
  const lines: string[] = [];
  if ((edge.count ?? 1) > 1) lines.push(plural(edge.count!, 'request'));
  if (edge.kind === MeshEdgeKind.INGRESS && edge.host !== '') lines.push(edge.host);
  else if (intoWaypoint && edge.host !== '') lines.push(`to ${edge.host}`);
  if (edge.fromVersions.length > 0) lines.push(`from ${edge.fromVersions.join(', ')}`);
  const numbered = edge.branches.length > 1 || edge.branches.some(b => b.condition !== '');
  for (const branch of edge.branches) {
    const to = [destinationWords(branch, edge.outcome, numbered), ...(numbered ? branch.settings ?? [] : [])].filter(w => w !== '').join(', ');
    const text = branch.condition === '' ? (to === '' ? '' : `to ${to}`) : `${branch.condition}${to === '' ? '' : ` → ${to}`}`;
    if (text !== '') lines.push(numbered ? `${branch.order + 1}. ${text}` : text);
  }
  if (!numbered) lines.push(...edge.settings);
  let outcome = outcomeWords(edge.outcome, edge.tls);
  if (edge.expected !== undefined) outcome += edge.expected === edge.outcome ? ' (as declared)' : ` (declared ${outcomeWords(edge.expected)})`;
  lines.push(outcome);
  return lines;
}

/** The ids of a graph's waypoint nodes. */
export function waypointIds(graph: MeshGraph): Set<string> {
  return new Set(graph.nodes.filter(n => n.kind === MeshNodeKind.WAYPOINT).map(n => n.id));
}

/** One line about the whole picture: how many services, and what the requests meet. */
export function caption(graph: MeshGraph): string {
  const services = graph.nodes.filter(n => n.kind === MeshNodeKind.SERVICE).length;
  const namespaces = graph.namespaces.length;
  if (graph.edges.length === 0) {
    return `${plural(services, 'service')}${namespaces > 0 ? ` in ${plural(namespaces, 'namespace')}` : ''}; no declared calls or ingress routes to draw.`;
  }
  // A request through a waypoint is counted where it ends: on the edge into the waypoint when it stops there.
  const waypoints = waypointIds(graph);
  const ends = graph.edges.filter(e => !waypoints.has(e.target) || e.outcome !== Outcome.OK);
  const counts = new Map<string, number>();
  for (const e of ends) counts.set(outcomeWords(e.outcome, e.tls), (counts.get(outcomeWords(e.outcome, e.tls)) ?? 0) + (e.count ?? 1));
  const outcomes = [...counts].map(([words, n]) => `${n} ${words}`).join(', ');
  const requests = ends.reduce((n, e) => n + (e.count ?? 1), 0);
  return `${plural(services, 'service')} in ${plural(namespaces, 'namespace')}; ${plural(requests, 'request')} drawn: ${outcomes}.`;
}

/** The legend under every picture (Markdown). */
export const LEGEND = [
  '**Reading it.** Each box is a Service with its versions and pods; a hexagon is the ingress gateway; a cylinder is',
  'a host outside the mesh or outside this set. Arrows are the calls workloads declare and the requests entering at the',
  'gateway, each marked with what the mesh model says happens: **mTLS ✓** (solid), **plain text** (dotted: no',
  'identity), **refused ✗** / **denied 403** / other failures (red, crossed). Numbered lines are VirtualService routes',
  'in the order Istio tries them; percentages are weights.',
].join('\n');

/** Said under the legend of a picture with waypoints (Markdown). */
export const WAYPOINT_LEGEND = [
  'A hexagon inside a namespace is an ambient waypoint: requests to the Services it is for pass it, and its L7 policies',
  '(methods, paths, JWTs) decide there; a request it denies ends on the arrow into it.',
].join('\n');
