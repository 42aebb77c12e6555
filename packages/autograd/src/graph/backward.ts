/**
 * The reverse pass: walk the tape from a root back to the leaves, running each node's gradient
 * rule once with the summed gradient of its output. Intermediate gradients are disposed as soon
 * as they are consumed; saved values are released at the end unless `retainGraph`.
 */
import {
  DTypeError, NablaError, ShapeError, fmtShape, keep, onesLike, reshape, shapesEqual, tidy,
  withRecording, withoutRecording, type OpName, type Tensor,
} from '@nabla/tensor-core';
import { GradientError } from '../errors.js';
import { gradientRules } from '../rules/index.js';
import type { GradContext, GradRule } from '../rules/grad-rule.js';
import { edgeOf, releaseNode, type Edge, type Node } from './node.js';
import { PendingGradient, accumulate } from './pending-gradient.js';
import { WeightGradients } from './weight-gradients.js';
import { topologicalOrder } from './traversal.js';
import { currentObserver } from './tracer.js';

/** What to differentiate and how. */
export interface BackwardRequest {
  readonly root: Tensor;
  /** Gradient of the root; ones when omitted (then the root must have one element). */
  readonly seed?: Tensor;
  readonly retainGraph: boolean;
  readonly createGraph: boolean;
  /**
   * Return the gradients of these tensors instead of accumulating into leaves' `.grad`
   * (functional mode). A target the root does not depend on gets null.
   */
  readonly targets?: readonly Tensor[];
}

function describe(t: Tensor): string {
  return `tensor #${t.id} ${fmtShape(t.shape)} ${t.dtype}`;
}

/** A second handle on `t`, so two consumers can each dispose their own (recorded when building a graph). */
function ownHandle(t: Tensor): Tensor {
  return reshape(t, t.shape);
}

/** What a node's rule sees (a class, so no closures are created per node). */
class NodeContext<K extends OpName> implements GradContext<K> {
  constructor(
    private readonly node: Node<K>,
    private readonly needs: (edge: Edge) => boolean,
  ) {}

  get op(): K {
    return this.node.op;
  }

  get attrs(): Node<K>['attrs'] {
    return this.node.attrs;
  }

  get inputShapes(): readonly (readonly number[])[] {
    return this.node.inputShapes;
  }

  get inputDTypes(): Node<K>['inputDTypes'] {
    return this.node.inputDTypes;
  }

  get outputShape(): readonly number[] {
    return this.node.outputShape;
  }

  input(i: number): Tensor {
    const t = this.node.savedInputs[i];
    if (!t) throw new GradientError(this.node.op, `gradient rule read input ${i}, which it did not declare in saveInputs`);
    return t;
  }

  output(): Tensor {
    if (!this.node.savedOutput) throw new GradientError(this.node.op, 'gradient rule read the output, which it did not declare in saveOutput');
    return this.node.savedOutput;
  }

  needsGrad(i: number): boolean {
    return this.needs(this.node.edges[i] ?? null);
  }
}

function failure(node: Node, dy: Tensor, err: unknown): Error {
  if (!(err instanceof NablaError)) return err instanceof Error ? err : new Error(String(err));
  const inputs = node.inputShapes.map((s, i) => `${fmtShape(s)} ${node.inputDTypes[i]}`).join(', ');
  const message = `gradient failed for inputs (${inputs}) → output ${fmtShape(node.outputShape)} ${node.outputDType} with incoming gradient ${fmtShape(dy.shape)} ${dy.dtype}: ${err.message}`;
  const wrapped = err instanceof ShapeError ? new ShapeError(node.op, message) : err instanceof DTypeError ? new DTypeError(node.op, message) : new GradientError(node.op, message);
  wrapped.cause = err;
  return wrapped;
}

/** @internal Run one node's rule, checking every returned gradient against its input. */
export function applyRule(node: Node, dy: Tensor, needs: (edge: Edge) => boolean): (Tensor | null)[] {
  const rule = gradientRules[node.op] as GradRule<OpName>;
  let grads: readonly (Tensor | null)[];
  try {
    grads = tidy(() => [...rule.backward(dy, new NodeContext(node, needs))]);
  } catch (err) {
    throw failure(node, dy, err);
  }
  // a rule may hand back dy itself or one tensor for two inputs: each consumer gets its own handle
  const out = new Array<Tensor | null>(node.edges.length);
  for (let i = 0; i < node.edges.length; i++) {
    let g = grads[i] ?? null;
    out[i] = null;
    if (g === null) continue;
    const edge = node.edges[i];
    const shared = g === dy || out.includes(g);
    if (edge === null || !needs(edge)) {
      if (!shared && grads.indexOf(g, i + 1) === -1) g.dispose(); // unless a later input takes it
      continue;
    }
    if (!shapesEqual(g.shape, node.inputShapes[i]) || g.dtype !== node.inputDTypes[i]) {
      throw failure(node, dy, new ShapeError(node.op, `rule returned ${fmtShape(g.shape)} ${g.dtype} for input ${i} of ${fmtShape(node.inputShapes[i])} ${node.inputDTypes[i]}`));
    }
    if (shared) g = ownHandle(g);
    out[i] = g;
  }
  return out;
}

function anyNeeded(edges: readonly Edge[], needs: (edge: Edge) => boolean): boolean {
  for (const edge of edges) if (needs(edge)) return true;
  return false;
}

function checkSeed(root: Tensor, seed: Tensor | undefined): Tensor {
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new ShapeError('backward', `an implicit gradient of ones needs a one-element root, got ${describe(root)}; pass the gradient explicitly`);
    }
    return onesLike(root);
  }
  seed.assertAlive('backward');
  if (!shapesEqual(seed.shape, root.shape)) {
    throw new ShapeError('backward', `gradient ${fmtShape(seed.shape)} does not match root ${fmtShape(root.shape)}`);
  }
  if (seed.dtype !== root.dtype) throw new DTypeError('backward', `gradient dtype ${seed.dtype} does not match root dtype ${root.dtype}`);
  return ownHandle(seed);
}

/**
 * Differentiate `root`. Without targets, gradients accumulate into `.grad` of the leaves that
 * require grad; with targets, their gradients are returned (nothing is accumulated).
 */
export function runBackward(request: BackwardRequest): (Tensor | null)[] {
  const run = (): (Tensor | null)[] => tidy(() => backwardPass(request));
  return request.createGraph ? withRecording(run) : withoutRecording(run);
}

function backwardPass(request: BackwardRequest): (Tensor | null)[] {
  const { root, retainGraph } = request;
  root.assertAlive('backward');
  const rootEdge = edgeOf(root);
  if (rootEdge === null) {
    throw new GradientError('backward', `${describe(root)} does not require grad and was not computed from tensors that do (set requiresGrad on a leaf, and do not compute it inside noGrad)`);
  }
  const targets = request.targets;
  const captured: (Tensor | null)[] = targets ? targets.map(() => null) : [];
  const targetEdges = targets ? targets.map(edgeOf) : [];
  const targetIndexOfLeaf = new Map<Tensor, number>();
  const targetIndexOfNode = new Map<Node, number>();
  targetEdges.forEach((edge, i) => {
    if (edge?.kind === 'leaf') targetIndexOfLeaf.set(edge.tensor, i);
    else if (edge?.kind === 'node') targetIndexOfNode.set(edge.node, i);
  });
  const capture = (index: number, g: Tensor): void => {
    captured[index] = accumulate(captured[index] ?? undefined, g);
  };
  const deliverToLeaf = (leaf: Tensor, g: Tensor): void => {
    if (targets) {
      const index = targetIndexOfLeaf.get(leaf);
      if (index === undefined) g.dispose();
      else capture(index, g);
      return;
    }
    const old = leaf.grad && !leaf.grad.isDisposed ? leaf.grad : undefined;
    if (old && !shapesEqual(old.shape, leaf.shape)) {
      throw new ShapeError('backward', `existing .grad ${fmtShape(old.shape)} of leaf ${describe(leaf)} has the wrong shape`);
    }
    leaf.grad = keep(accumulate(old, g));
  };

  const seed = checkSeed(root, request.seed);
  if (rootEdge.kind === 'leaf') {
    deliverToLeaf(rootEdge.tensor, seed);
    return captured;
  }

  const order = topologicalOrder(rootEdge.node);
  const leadsToTarget = new Set<Node>();
  if (targets) {
    for (const node of order) {
      const reaches = targetIndexOfNode.has(node) || node.edges.some((e) => (e?.kind === 'node' ? leadsToTarget.has(e.node) : e?.kind === 'leaf' && targetIndexOfLeaf.has(e.tensor)));
      if (reaches) leadsToTarget.add(node);
    }
  }
  const needs = (edge: Edge): boolean => {
    if (edge === null) return false;
    if (!targets) return true;
    return edge.kind === 'node' ? leadsToTarget.has(edge.node) : targetIndexOfLeaf.has(edge.tensor);
  };

  const pending = new Map<Node, PendingGradient>();
  const pendingOf = (target: Node): PendingGradient => {
    let entry = pending.get(target);
    if (!entry) pending.set(target, (entry = new PendingGradient(target.outputShape)));
    return entry;
  };
  pendingOf(rootEdge.node).add(seed);
  // plain backward into .grad: weights shared by several matmuls get one gradient matmul at the end
  const weights = targets || request.createGraph ? null : new WeightGradients(order);
  const observer = currentObserver();
  try {
    for (let k = order.length - 1; k >= 0; k--) {
      const node = order[k];
      // every consumer of `node` is done: gradients of the weight it produced can be summed
      const weightGradients = weights?.takeNode(node);
      if (weightGradients) for (const g of weightGradients) pendingOf(node).add(g);
      const entry = pending.get(node);
      if (!entry) continue;
      pending.delete(node);
      let dy: Tensor | null = entry.take();
      try {
        observer?.onGradient(node, dy);
        const targetIndex = targetIndexOfNode.get(node);
        if (targetIndex !== undefined) capture(targetIndex, ownHandle(dy));
        if (!anyNeeded(node.edges, needs)) continue;
        if (node.released) {
          throw new GradientError(node.op, 'the graph through this op was already freed by an earlier backward(); pass { retainGraph: true } to the first backward to differentiate twice');
        }
        const source = node.edges[0];
        if (node.op === 'slice' && source?.kind === 'node') {
          // placed with the other slices of the same tensor when its node is reached
          pendingOf(source.node).addSlice((node as Node<'slice'>).attrs.begin, dy);
          dy = null;
          continue;
        }
        const weight = weights ? weights.collects(node) : null;
        const grads = applyRule(node, dy, weight ? (edge) => edge !== weight && needs(edge) : needs);
        if (weights && weight) {
          weights.add(node, weight, dy);
          dy = null;
        }
        for (let i = 0; i < node.edges.length; i++) {
          const edge = node.edges[i];
          const g = grads[i];
          if (!g || edge === null) continue;
          if (edge.kind === 'node') pendingOf(edge.node).add(g);
          else deliverToLeaf(edge.tensor, g);
        }
      } finally {
        dy?.dispose();
      }
    }
    weights?.flushLeaves(deliverToLeaf);
  } finally {
    weights?.dispose();
    for (const entry of pending.values()) entry.dispose();
    if (!retainGraph) for (const node of order) releaseNode(node);
  }
  return captured;
}
