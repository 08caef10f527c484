// Room two: JSON, for other tools. The graph as built, nodes and edges with their ids.
import { MeshGraph } from './mesh-graph';

/**
 * The graph as JSON: `{"nodes", "edges", "namespaces", "badges"}`, two-space indented, fields as {@link MeshGraph}
 * documents them.
 * @see https://kiali.io/docs/features/topology/
 */
export function renderJson(graph: MeshGraph): string {
  return `${JSON.stringify(graph, null, 2)}\n`;
}
