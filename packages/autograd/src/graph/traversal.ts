/** Walking the tape: topological order and reachability. */
import type { Node } from './node.js';

/** Nodes reachable from `roots`, inputs before the nodes that consume them. */
export function topologicalOrder(...roots: Node[]): Node[] {
  const order: Node[] = [];
  const visited = new Set<Node>();
  for (const root of roots) {
    if (visited.has(root)) continue;
    visited.add(root);
    const stack: { node: Node; next: number }[] = [{ node: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.node.edges.length) {
        const edge = top.node.edges[top.next++];
        if (edge?.kind === 'node' && !visited.has(edge.node)) {
          visited.add(edge.node);
          stack.push({ node: edge.node, next: 0 });
        }
      } else {
        stack.pop();
        order.push(top.node);
      }
    }
  }
  return order;
}
