/**
 * The attention step itself on split heads: softmax(q kᵀ / √d + mask) v, returning the weights
 * too (MultiheadAttention's `needWeights`). Composite, built from recorded ops, so it is
 * differentiable and exportable on every backend.
 */
import { add, matmul, mul, scaledDotProductAttention, softmax, type Rng, type Tensor } from '@nabla/tensor-core';
import type { Dropout } from '../regularization/dropout.js';

/** The attention output and the (post-dropout) attention weights. */
export interface AttendResult {
  /** [N, H, L, Dh] */
  readonly output: Tensor;
  /** [N, H, L, S] */
  readonly weights: Tensor;
}

/**
 * q [N, H, L, Dh], k [N, H, S, Dh], v [N, H, S, Dh], additive mask broadcastable to [N, H, L, S]
 * (or null) → output [N, H, L, Dh] and weights [N, H, L, S]. Rows whose keys are all masked give
 * NaN, as in PyTorch.
 */
export function attend(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, dropout: Dropout | null): AttendResult {
  const scale = 1 / Math.sqrt(q.shape[q.rank - 1]);
  let scores = matmul(mul(q, scale), k, { transposeB: true });
  if (mask) scores = add(scores, mask);
  let weights = softmax(scores, -1);
  if (dropout) weights = dropout.call(weights);
  return { output: matmul(weights, v), weights };
}

/** Dropout of `attendWithoutWeights`. */
export interface FastAttendOptions {
  /** Dropout probability on the weights (0 in eval mode). */
  readonly dropout: number;
  readonly rng: Rng;
  /** Query i sees keys 0 … i only (queries and keys start at the same position). */
  readonly causal?: boolean;
}

/**
 * The same attention without returning the weights, through tensor-core's
 * scaledDotProductAttention (which backends fuse): q [N, H, L, Dh], k [N, H, S, Dh],
 * v [N, H, S, Dh], additive mask broadcastable to [N, H, L, S] (or null), optionally causal →
 * [N, H, L, Dh]. Rows whose keys are all masked give 0.
 */
export function attendWithoutWeights(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, o: FastAttendOptions): Tensor {
  return scaledDotProductAttention(q, k, v, { dropout: o.dropout, rng: o.rng, causal: o.causal ?? false, ...(mask ? { mask } : {}) });
}
