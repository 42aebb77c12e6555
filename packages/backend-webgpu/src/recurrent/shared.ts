/**
 * What the fused LSTM cell kernels (forward.ts, backward.ts) share: the shape, the parameter block,
 * the gate activations and the per-invocation indexing.
 *
 * Layout: gates [B, 4H] = [a_i | a_f | a_o | a_g], state and output [B, 2H] = [h | c]. One
 * invocation owns one (row b, column j < H) element: the four gates of column j and the state
 * column j of both halves. Parameters: [B·H, H].
 */
import { UNARY_TABLE } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import { requireFloat32 } from '../storage/storage-layout.js';
import { ParamBlock } from '../runtime/params.js';

/** Rows and hidden width of an LSTM cell. */
export interface LstmShape {
  /** Batch rows. */
  readonly B: number;
  /** Hidden width (the gates are 4H wide, the state 2H). */
  readonly H: number;
}

/** The cell shape of gates [B, 4H], after checking every operand is float32 (the kernels are f32 only). */
export function lstmShapeOf(op: string, gates: GPUInput, ...others: readonly GPUInput[]): LstmShape {
  for (const t of [gates, ...others]) requireFloat32(t.dtype, op, t.shape);
  return { B: gates.shape[0], H: gates.shape[1] / 4 };
}

/** The parameter block both kernels read: the number of (row, column) elements, then H. */
export function params(s: LstmShape): Uint32Array<ArrayBuffer> {
  return new ParamBlock().u32(s.B * s.H, s.H).toArray();
}

/**
 * WGSL `sigmoid_of` and `tanh_of`: the backend's unary `sigmoid` and `tanh` exactly — the op table's
 * WGSL expression behind the same NaN guard the elementwise compiler puts around every float unary
 * step — so σ(±∞) = 1 / 0, tanh(±∞) = ±1 and NaN propagate as they do there. Requires FLOAT_MATH.
 */
export const ACTIVATIONS = /* wgsl */ `
fn sigmoid_of(x: f32) -> f32 { return select(${UNARY_TABLE.sigmoid.wgsl.f32}, x, is_nan(x)); }
fn tanh_of(x: f32) -> f32 { return select(${UNARY_TABLE.tanh.wgsl.f32}, x, is_nan(x)); }
`;

/**
 * WGSL statements of an invocation after `linearIds`: returns past the last element, then defines
 * `h`, the first gate index `gi` (a_i of row b, column j; a_f, a_o, a_g follow H apart), the
 * state index `si` (h of row b, column j; c is H further) and the activations i, f, o, g read
 * from the `gates` binding.
 */
export const CELL_INDEX = /* wgsl */ `if (gid >= p[0]) { return; }
  let h = p[1];
  let b = udiv(gid, h);
  let j = gid - b * h;
  let gi = b * 4u * h + j;
  let si = b * 2u * h + j;
  let i = sigmoid_of(gates[gi]);
  let f = sigmoid_of(gates[gi + h]);
  let o = sigmoid_of(gates[gi + 2u * h]);
  let g = tanh_of(gates[gi + 3u * h]);`;
