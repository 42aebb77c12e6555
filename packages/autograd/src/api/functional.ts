/** Functional gradients: gradients of an output w.r.t. chosen tensors, grad(f), valueAndGrad(f). */
import {
  DTypeError, ShapeError, fmtShape, isRecording, isTensor, reshape, tidy, withRecording, zerosLike,
  type Tensor,
} from '@nabla/tensor-core';
import { runBackward } from '../graph/backward.js';
import { edgeOf } from '../graph/node.js';

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
  readonly value: Tensor;
  readonly grads: GradsOf<Args>;
}

/** How many grad/valueAndGrad calls are evaluating their function right now. */
let nesting = 0;

function differentiate<Args extends Tensor[]>(op: string, f: (...args: Args) => Tensor, args: Args): { value: Tensor; grads: Tensor[] } {
  args.forEach((x, i) => {
    if (!isTensor(x)) throw new DTypeError(op, `argument ${i} is not a Tensor`);
    if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new DTypeError(op, `argument ${i} is ${x.dtype} ${fmtShape(x.shape)}; only float tensors have gradients`);
  });
  // Inside an outer grad/valueAndGrad whose arguments flow into ours, keep the result differentiable.
  const createGraph = nesting > 0 && isRecording() && args.some((x) => edgeOf(x) !== null);
  return tidy(() => {
    const inputs = args.map((x) => {
      if (createGraph) return withRecording(() => reshape(x, x.shape));
      const leaf = x.detach();
      leaf.requiresGrad = true;
      return leaf;
    }) as Args;
    nesting++;
    let value: Tensor;
    try {
      value = withRecording(() => f(...inputs));
    } finally {
      nesting--;
    }
    if (!isTensor(value) || value.size !== 1) {
      throw new ShapeError(op, `f must return a one-element tensor, got ${isTensor(value) ? fmtShape(value.shape) : typeof value}`);
    }
    const found = runBackward({ root: value, targets: inputs, createGraph, retainGraph: createGraph });
    const grads = found.map((g, i) => g ?? zerosLike(args[i]));
    return { value: createGraph ? value : value.detach(), grads };
  });
}

/** grad(f)(...args): the gradient of the scalar f with respect to each argument. Nests: grad(grad(...)). */
export function grad<Args extends Tensor[]>(f: (...args: Args) => Tensor): (...args: Args) => GradsOf<Args> {
  return (...args: Args) => {
    const { value, grads } = differentiate('grad', f, args);
    value.dispose();
    return grads as GradsOf<Args>;
  };
}

/** valueAndGrad(f)(...args): f's value and its gradient with respect to each argument. */
export function valueAndGrad<Args extends Tensor[]>(f: (...args: Args) => Tensor): (...args: Args) => ValueAndGrads<Args> {
  return (...args: Args) => {
    const { value, grads } = differentiate('valueAndGrad', f, args);
    return { value, grads: grads as GradsOf<Args> };
  };
}
