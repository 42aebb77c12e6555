/**
 * Gradients of a weight that several matmuls share (a recurrent layer's W_hh, applied at every
 * time step). Per use, the weight's gradient would be one small matmul plus one add into the sum;
 * instead the uses' inputs and output gradients are collected during backward and the weight's
 * gradient is computed once: Σₜ dyₜᵀ·xₜ = [dy₁; …; dy_T]ᵀ · [x₁; …; x_T], one matmul. The weight
 * may be a leaf (flushed at the end of the pass) or an op's output (flushed when the reverse walk
 * reaches that op, which comes after all its consumers).
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
  readonly transposed: boolean;
  readonly uses: Use[];
}

/** What identifies a weight: the leaf tensor, or the node that produced it. */
type WeightKey = Tensor | Node;

function keyOf(edge: Edge): WeightKey | null {
  if (edge === null) return null;
  return edge.kind === 'leaf' ? edge.tensor : edge.node;
}

/**
 * The weight edge of a matmul y = x · W or x · Wᵀ with a 2-D x (not transposed) and a 2-D W that
 * is not x itself, or null when the node is not of that form.
 */
function weightEdge(node: Node): Exclude<Edge, null> | null {
  if (node.op !== 'matmul' || (node as Node<'matmul'>).attrs.transposeA) return null;
  const [xEdge, wEdge] = node.edges;
  if (wEdge === null || wEdge === undefined || node.inputShapes[0].length !== 2 || node.inputShapes[1].length !== 2) return null;
  if (keyOf(xEdge ?? null) === keyOf(wEdge) || !node.savedInputs[0]) return null;
  return wEdge;
}

/** Weight uses collected during one backward pass. */
export class WeightGradients {
  private readonly leafGroups = new Map<Tensor, Group[]>();
  private readonly nodeGroups = new Map<Node, Group[]>();
  /** Weights that two or more matmuls of the pass share (only those are collected). */
  private readonly shared = new Set<WeightKey>();

  /** Find the weights that several of the pass's matmul nodes share. */
  constructor(order: readonly Node[]) {
    const seen = new Set<WeightKey>();
    for (const node of order) {
      const key = keyOf(weightEdge(node));
      if (key === null) continue;
      if (seen.has(key)) this.shared.add(key);
      seen.add(key);
    }
  }

  /** The weight edge of `node` when its gradient is collected here, else null. */
  collects(node: Node): Exclude<Edge, null> | null {
    if (this.shared.size === 0) return null;
    const edge = weightEdge(node);
    return edge && this.shared.has(keyOf(edge) as WeightKey) ? edge : null;
  }

  /** Collect the use of the weight behind `edge` by matmul `node` whose output gradient is `dy` (ownership passes here). */
  add(node: Node, edge: Exclude<Edge, null>, dy: Tensor): void {
    const transposed = (node as Node<'matmul'>).attrs.transposeB;
    let groups = edge.kind === 'leaf' ? this.leafGroups.get(edge.tensor) : this.nodeGroups.get(edge.node);
    if (!groups) {
      groups = [];
      if (edge.kind === 'leaf') this.leafGroups.set(edge.tensor, groups);
      else this.nodeGroups.set(edge.node, groups);
    }
    let group = groups.find((g) => g.transposed === transposed);
    if (!group) groups.push((group = { transposed, uses: [] }));
    group.uses.push({ x: node.savedInputs[0] as Tensor, dy });
  }

  /** The summed gradients (one per layout) of the weight produced by `node`, if any were collected. */
  takeNode(node: Node): Tensor[] | undefined {
    if (this.nodeGroups.size === 0) return undefined;
    const groups = this.nodeGroups.get(node);
    if (!groups) return undefined;
    this.nodeGroups.delete(node);
    return groups.map((group) => WeightGradients.sum(group));
  }

  /** Hand each collected leaf weight its summed gradient. */
  flushLeaves(deliver: (weight: Tensor, g: Tensor) => void): void {
    for (const [weight, groups] of [...this.leafGroups]) {
      this.leafGroups.delete(weight);
      for (const group of groups) deliver(weight, WeightGradients.sum(group));
    }
  }

  /** Release whatever was collected and not flushed. */
  dispose(): void {
    for (const map of [this.leafGroups, this.nodeGroups] as Map<WeightKey, Group[]>[]) {
      for (const groups of map.values()) for (const group of groups) for (const u of group.uses) u.dy.dispose();
      map.clear();
    }
  }

  /** One matmul for all uses of a group (consuming their gradients). */
  private static sum(group: Group): Tensor {
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
    return g;
  }
}
