/** Place a traced graph's nodes in columns by their longest distance from the inputs. */
import type { GraphTrace } from '@nabla/autograd';

/** A node's column and row. */
export interface NodePlace {
  readonly column: number;
  readonly row: number;
}

/** Column = longest path from any source; rows in trace order within a column. */
export function layoutGraph(trace: GraphTrace): { places: Map<string, NodePlace>; columns: number; rows: number } {
  const depth = new Map<string, number>();
  for (const n of trace.nodes) depth.set(n.id, 0);
  // Trace order is a topological order (ops are recorded after their inputs); relax edges in that order.
  const order = new Map(trace.nodes.map((n, i) => [n.id, i]));
  const edges = [...trace.edges].sort((a, b) => (order.get(a.to) ?? 0) - (order.get(b.to) ?? 0));
  for (const e of edges) depth.set(e.to, Math.max(depth.get(e.to) ?? 0, (depth.get(e.from) ?? 0) + 1));
  // Sources sit one column before their first consumer, so constants do not crowd column 0.
  for (const n of trace.nodes) {
    if (n.kind === 'op') continue;
    const consumers = trace.edges.filter((e) => e.from === n.id).map((e) => depth.get(e.to) ?? 1);
    if (consumers.length > 0) depth.set(n.id, Math.max(0, Math.min(...consumers) - 1));
  }
  const places = new Map<string, NodePlace>();
  const rowsPerColumn = new Map<number, number>();
  for (const n of trace.nodes) {
    const column = depth.get(n.id) ?? 0;
    const row = rowsPerColumn.get(column) ?? 0;
    rowsPerColumn.set(column, row + 1);
    places.set(n.id, { column, row });
  }
  const columns = Math.max(0, ...rowsPerColumn.keys()) + 1;
  const rows = Math.max(1, ...rowsPerColumn.values());
  return { places, columns, rows };
}
