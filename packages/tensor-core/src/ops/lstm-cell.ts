/**
 * The fused LSTM cell: the gate math of one time step (three sigmoids, two tanhs, the cell and
 * hidden updates) as one recorded op ('lstmCell') on one backend kernel, and its fused backward.
 * The LSTM layer calls it once per step; the composite form is the same formulas in ~10 ops.
 */
import { checkAllocation } from '../allocation.js';
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { assertFloat, backendOf, computeDeferred, runKernel, wrap } from './run.js';

/** Checks gates [B, 4H] and state [B, 2H] of one float dtype; returns [B, H]. */
function cellGeometry(op: string, gates: Tensor, state: Tensor): [number, number] {
  assertFloat(op, gates);
  assertFloat(op, state);
  if (gates.dtype !== state.dtype) {
    throw new DTypeError(op, `gates and state must share a dtype, got gates ${gates.dtype} ${fmtShape(gates.shape)} and state ${state.dtype} ${fmtShape(state.shape)}`);
  }
  const [B, G] = gates.shape;
  if (gates.rank !== 2 || G % 4 !== 0 || state.rank !== 2 || state.shape[0] !== B || state.shape[1] !== G / 2) {
    throw new ShapeError(op, `expected gates [B, 4H] and state [B, 2H], got gates ${fmtShape(gates.shape)} and state ${fmtShape(state.shape)}`);
  }
  return [B, G / 4];
}

/**
 * One LSTM step's gate math, fused: gates [B, 4H] = the pre-activations a_i, a_f, a_o, a_g (each
 * H wide, in that order), state [B, 2H] = [h | c] (h is not read) → [B, 2H] = [h' | c'] with
 * c' = σ(a_f)·c + σ(a_i)·tanh(a_g) and h' = σ(a_o)·tanh(c'). Differentiable (recorded as
 * 'lstmCell'); the next step takes the result as its state.
 *
 * @example
 * ```ts
 * import { lstmCell, randn, zeros } from '@nabla/tensor-core';
 *
 * const H = 3;
 * const next = lstmCell(randn([2, 4 * H]), zeros([2, 2 * H]));  // [2, 6] = [h' | c']
 * ```
 */
export function lstmCell(gates: Tensor, state: Tensor): Tensor {
  const op = 'lstmCell';
  const [B, H] = cellGeometry(op, gates, state);
  const backend = backendOf(op, [gates, state]);
  const outShape = [B, 2 * H];
  checkAllocation(op, backend, outShape, gates.dtype);
  return runKernel(op, [gates, state], {}, () => wrap(backend, backend.lstmCell(gates, state, outShape), outShape, gates.dtype));
}

/**
 * The fused backward of {@link lstmCell}: gates [B, 4H], state [B, 2H], the cell's output
 * `out` [B, 2H] and its gradient `dOut` [B, 2H] → [dGates [B, 4H], dState [B, 2H]] (dState's
 * h half is zero). Not recorded: no higher-order gradients (autograd writes those with ops).
 */
export function lstmCellBackward(gates: Tensor, state: Tensor, out: Tensor, dOut: Tensor): [Tensor, Tensor] {
  const op = 'lstmCellBackward';
  cellGeometry(op, gates, state);
  for (const [what, t] of [['out', out], ['dOut', dOut]] as const) {
    if (t.dtype !== state.dtype || t.rank !== 2 || t.shape[0] !== state.shape[0] || t.shape[1] !== state.shape[1]) {
      throw new ShapeError(op, `${what} must be ${state.dtype} ${fmtShape(state.shape)} like the state, got ${t.dtype} ${fmtShape(t.shape)}`);
    }
  }
  const backend = backendOf(op, [gates, state, out, dOut]);
  computeDeferred([gates, state, out, dOut]);
  const ids = backend.lstmCellBackward(gates, state, out, dOut);
  return [wrap(backend, ids.dGates, gates.shape, gates.dtype), wrap(backend, ids.dState, state.shape, state.dtype)];
}
