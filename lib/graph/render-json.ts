// Room two: JSON, for other tools. The graph as built, nodes and edges with their ids.
import { MeshGraph } from './mesh-graph';

/** The public `renderJson` (mesh-graph.ts). */
export function renderJson(graph: MeshGraph): string {
  return `${JSON.stringify(graph, null, 2)}\n`;
}
