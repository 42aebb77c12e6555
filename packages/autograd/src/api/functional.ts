/** Functional gradients: gradients of an output w.r.t. chosen tensors, grad(f), valueAndGrad(f). */
import {
  DTypeError, ShapeError, fmtShape, isRecording, isTensor, reshape, tidy, withRecording, zerosLike,
  type Tensor,
} from '@nabla/tensor-core';
import { runBackward } from '../graph/backward.js';
import { edgeOf, peekNodeId, producerOf, releaseNode, type Node } from '../graph/node.js';
import { topologicalOrder } from '../graph/traversal.js';

/** Options for `gradients`. */
export interface GradientsOptions {
  /** Gradient of `output` (default: ones, for a one-element output). */
  readonly grad?: Tensor;
  /** Keep the graph for another backward (default: createGraph). */
  readonly retainGraph?: boolean;
  /** Record the gradient computation so it can be differentiated again. */
  readonly createGraph?: boolean;
}

/**
 * Gradients of `output` with respect to `inputs` (leaves or intermediate tensors), returned
 * rather than accumulated into `.grad`; null where `output` does not depend on an input.
 */
export function gradients(output: Tensor, inputs: readonly Tensor[], options: GradientsOptions = {}): (Tensor | null)[] {
  const createGraph = options.createGraph ?? false;
  return runBackward({ root: output, seed: options.grad, targets: inputs, createGraph, retainGraph: options.retainGraph ?? createGraph });
}

/** Gradients of f, one per argument, with the same shapes as the arguments. */
export type GradsOf<Args extends readonly Tensor[]> = { -readonly [I in keyof Args]: Tensor };

/** What `valueAndGrad(f)(...)` returns. */
export interface ValueAndGrads<Args extends readonly Tensor[]> {
  /** f's output at the given arguments (a one-element tensor). */
  readonly value: Tensor;
  /** d(value)/d(argument) for each argument, shaped like it. */
  readonly grads: GradsOf<Args>;
}

/**
 * After a graph-building backward, release the saved values of this call's forward nodes that
 * the results no longer reach (the outer differentiation can never visit them).
 */
function releaseUnused(value: Tensor, firstNode: number, results: readonly Tensor[]): void {
  const root = producerOf(value);
  if (!root) return;
  const resultNodes = results.map(producerOf).filter((n): n is Node => n !== undefined);
  const reachable = new Set(topologicalOrder(...resultNodes));
  for (const node of topologicalOrder(root)) {
    if (node.id >= firstNode && !reachable.has(node)) releaseNode(node);
  }
}

function differentiate<Args extends Tensor[]>(op: string, f: (...args: Args) => Tensor, args: Args, keepValue: boolean): { value: Tensor; grads: Tensor[] } {
  args.forEach((x, i) => {
    if (!isTensor(x)) throw new DTypeError(op, `argument ${i} is not a Tensor`);
    if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new DTypeError(op, `argument ${i} is ${x.dtype} ${fmtShape(x.shape)}; only float tensors have gradients`);
  });
  // Arguments that are themselves tracked (inside an outer grad, backward or gradCheck): keep
  // the result differentiable. Inside noGrad, or for untracked arguments, results are plain values.
  const createGraph = isRecording() && args.some((x) => edgeOf(x) !== null);
  return tidy(() => {
    const inputs = args.map((x) => {
      if (createGraph) return withRecording(() => reshape(x, x.shape));
      const leaf = x.detach();
      leaf.requiresGrad = true;
      return leaf;
    }) as Args;
    const firstNode = peekNodeId();
    const value = withRecording(() => f(...inputs));
    if (!isTensor(value) || value.size !== 1) {
      throw new ShapeError(op, `f must return a one-element tensor, got ${isTensor(value) ? fmtShape(value.shape) : typeof value}`);
    }
    const found = runBackward({ root: value, targets: inputs, createGraph, retainGraph: createGraph });
    const grads = found.map((g, i) => g ?? zerosLike(args[i]));
    if (createGraph) releaseUnused(value, firstNode, keepValue ? [...grads, value] : grads);
    return { value: createGraph ? value : value.detach(), grads };
  });
}

/**
 * grad(f)(...args): the gradient of the scalar f with respect to each argument. When recording is
 * on and an argument is tracked (requires grad, or comes from an outer grad), the gradient is
 * itself differentiable, so grad(grad(f)) works; call it inside noGrad to get plain values.
 */
export function grad<Args extends Tensor[]>(f: (...args: Args) => Tensor): (...args: Args) => GradsOf<Args> {
  return (...args: Args) => {
    const { value, grads } = differentiate('grad', f, args, false);
    value.dispose();
    return grads as GradsOf<Args>;
  };
}

/** valueAndGrad(f)(...args): f's value and its gradient with respect to each argument. */
export function valueAndGrad<Args extends Tensor[]>(f: (...args: Args) => Tensor): (...args: Args) => ValueAndGrads<Args> {
  return (...args: Args) => {
    const { value, grads } = differentiate('valueAndGrad', f, args, true);
    return { value, grads: grads as GradsOf<Args> };
  };
}
