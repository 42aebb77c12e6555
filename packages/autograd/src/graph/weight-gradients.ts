/**
 * Gradients of a weight that several matmuls share (a recurrent layer's W_hh, applied at every
 * time step). Per use, the weight's gradient would be one small matmul plus one add into the sum;
 * instead the uses' inputs and output gradients are collected during backward and the weight's
 * gradient is computed once at the end: Σₜ dyₜᵀ·xₜ = [dy₁; …; dy_T]ᵀ · [x₁; …; x_T], one matmul.
 */
import { concat, matmul, type Tensor } from '@nabla/tensor-core';
import type { Edge, Node } from './node.js';

/** One use y = x · op(W): the saved input x [M, K] and the gradient dy [M, N] of y. */
interface Use {
  readonly x: Tensor;
  readonly dy: Tensor;
}

/** The uses of one weight in one layout (W [N, K] read transposed, or W [K, N]). */
interface Group {
  readonly weight: Tensor;
  readonly transposed: boolean;
  readonly uses: Use[];
}

/**
 * The leaf weight edge of a matmul y = x · W or x · Wᵀ with a 2-D x (not transposed) and a 2-D
 * leaf W that is not x itself, or null when the node is not of that form.
 */
export function sharedWeightEdge(node: Node): (Edge & { kind: 'leaf' }) | null {
  if (node.op !== 'matmul') return null;
  const { transposeA } = (node as Node<'matmul'>).attrs;
  const [xEdge, wEdge] = node.edges;
  if (transposeA || wEdge?.kind !== 'leaf' || node.inputShapes[0].length !== 2 || node.inputShapes[1].length !== 2) return null;
  if (xEdge?.kind === 'leaf' && xEdge.tensor === wEdge.tensor) return null;
  return node.savedInputs[0] ? wEdge : null;
}

/** Weight uses collected during one backward pass. */
export class WeightGradients {
  private readonly groups: Group[] = [];
  /** Weights that two or more matmuls of the pass share (only those are collected). */
  private readonly shared = new Set<Tensor>();

  /** Find the weights that several of the pass's matmul nodes share. */
  constructor(order: readonly Node[]) {
    const seen = new Set<Tensor>();
    for (const node of order) {
      const edge = sharedWeightEdge(node);
      if (!edge) continue;
      if (seen.has(edge.tensor)) this.shared.add(edge.tensor);
      seen.add(edge.tensor);
    }
  }

  /** The weight edge of `node` when its gradient is collected here, else null. */
  collects(node: Node): (Edge & { kind: 'leaf' }) | null {
    if (this.shared.size === 0) return null;
    const edge = sharedWeightEdge(node);
    return edge && this.shared.has(edge.tensor) ? edge : null;
  }

  /** Collect the use of `weight` by matmul node `node` whose output gradient is `dy` (ownership passes here). */
  add(node: Node<'matmul'>, weight: Tensor, dy: Tensor): void {
    const transposed = node.attrs.transposeB;
    let group = this.groups.find((g) => g.weight === weight && g.transposed === transposed);
    if (!group) this.groups.push((group = { weight, transposed, uses: [] }));
    group.uses.push({ x: node.savedInputs[0] as Tensor, dy });
  }

  /** Hand each weight its summed gradient (consuming the collected gradients). */
  flush(deliver: (weight: Tensor, g: Tensor) => void): void {
    for (const group of this.groups.splice(0)) {
      const { uses, transposed } = group;
      const one = uses.length === 1; // a weight shared in two layouts can have one use in each
      const x = one ? uses[0].x : concat(uses.map((u) => u.x), 0);
      const dy = one ? uses[0].dy : concat(uses.map((u) => u.dy), 0);
      // x · Wᵀ: ∂W = dyᵀ · x [N, K]; x · W: ∂W = xᵀ · dy [K, N]
      const g = transposed ? matmul(dy, x, { transposeA: true }) : matmul(x, dy, { transposeA: true });
      if (!one) {
        x.dispose();
        dy.dispose();
      }
      for (const u of uses) u.dy.dispose();
      deliver(group.weight, g);
    }
  }

  /** Release whatever was collected and not flushed. */
  dispose(): void {
    for (const group of this.groups.splice(0)) for (const u of group.uses) u.dy.dispose();
  }
}
