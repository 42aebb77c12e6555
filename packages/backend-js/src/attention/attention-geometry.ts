/** Sizes and bias addressing shared by the fused attention kernels. */
import type { TensorInfo } from '@nabla/tensor-core';

/** q [B, L, E], k [B, S, E], v [B, S, Ev]; bias [Bb, Lb, Sb] addressed through zero strides where broadcast. */
export interface AttentionDims {
  readonly B: number;
  readonly L: number;
  readonly S: number;
  readonly E: number;
  readonly Ev: number;
  /** Strides of the bias over (batch, query row, key column); 0 along a broadcast (size-1) dim. */
  readonly biasStrides: readonly [number, number, number];
}

/** The dims of one attention call. */
export function attentionDims(q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null): AttentionDims {
  const [B, L, E] = q.shape;
  const S = k.shape[1];
  const Ev = v.shape[2];
  let biasStrides: [number, number, number] = [0, 0, 0];
  if (bias) {
    const [bb, lb, sb] = bias.shape;
    biasStrides = [bb === 1 ? 0 : lb * sb, lb === 1 ? 0 : sb, sb === 1 ? 0 : 1];
  }
  return { B, L, S, E, Ev, biasStrides };
}
