/** The shape of a per-op gradient rule and what it may read from the forward pass. */
import type { DType, OpAttrMap, OpName, Tensor } from '@nabla/tensor-core';

/** What a gradient rule sees of the forward op it differentiates. */
export interface GradContext<K extends OpName> {
  /** Name of the forward op. */
  readonly op: K;
  /** The forward op's attributes (axes, perm, ...), as it was called. */
  readonly attrs: OpAttrMap[K];
  /** Shape of each forward input, in argument order (available even when the value was not saved). */
  readonly inputShapes: readonly (readonly number[])[];
  /** dtype of each forward input, in argument order. */
  readonly inputDTypes: readonly DType[];
  /** Shape of the forward output. */
  readonly outputShape: readonly number[];
  /** Saved value of input `i` (the rule must list `i` in `saveInputs`). */
  input(i: number): Tensor;
  /** Saved output value (the rule must set `saveOutput`). */
  output(): Tensor;
  /** Whether input `i` needs a gradient; rules may return null for inputs that do not. */
  needsGrad(i: number): boolean;
}

/**
 * Reverse-mode rule of one op: given the gradient `dy` of the output, the gradient of each input
 * (same shape and dtype as that input), or null when the input takes no gradient. Written with
 * tensor-core ops only, so it runs on every backend and can itself be recorded.
 */
export interface GradRule<K extends OpName> {
  /** Indices of the inputs whose forward values the rule reads. */
  readonly saveInputs: readonly number[];
  /** Whether the rule reads the forward output. */
  readonly saveOutput: boolean;
  /** One entry per forward input: its gradient given the output gradient `dy`, or null where the input takes none. */
  readonly backward: (dy: Tensor, ctx: GradContext<K>) => readonly (Tensor | null)[];
}

/** The gradient table: one rule per recorded op, so a missing rule is a compile error. */
export type GradTable = { readonly [K in OpName]: GradRule<K> };
