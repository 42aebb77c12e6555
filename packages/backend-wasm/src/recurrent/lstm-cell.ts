/** The fused LSTM cell (lstmCell and lstmCellBackward) on the wasm kernels; float dtypes only. */
import { sizeOf, type TensorInfo } from '@nabla/tensor-core';
import { dtypeCode, bytesPerElement } from '../storage/dtype-layout.js';
import type { WasmBuffer } from '../storage/wasm-buffer.js';
import { unaryCode } from '../elementwise/op-codes.js';
import { requireFloat } from '../runtime/float-only.js';
import { bufferOf, type KernelContext } from '../runtime/kernel-context.js';
import { MIN_PARALLEL_LSTM_GATES } from '../runtime/parallel-thresholds.js';

/** [B, H] of `gates` [B, 4H] after the dtype check, and the threads to split the rows between. */
function plan(ctx: KernelContext, op: string, gates: TensorInfo): [number, number, number] {
  requireFloat(op, gates.dtype, gates.shape);
  const [B, G] = gates.shape;
  return [B, G / 4, ctx.pool.threadsFor(B * G, MIN_PARALLEL_LSTM_GATES)];
}

/** → `outShape` [B, 2H] = [h' | c'] from gates [B, 4H] and state [B, 2H] (see Backend.lstmCell). */
export function lstmCell(ctx: KernelContext, gates: TensorInfo, state: TensorInfo, outShape: readonly number[]): WasmBuffer {
  const op = 'lstmCell';
  const [B, H, threads] = plan(ctx, op, gates);
  const out = ctx.heap.allocBuffer(sizeOf(outShape), gates.dtype);
  if (out.size === 0) return out;
  // each thread's 4H activations of the row it is on
  const scratchBytes = threads * 4 * H * bytesPerElement(gates.dtype);
  const scratch = ctx.heap.allocScratch(scratchBytes);
  try {
    ctx.pool.run('lstm_cell_forward', [
      dtypeCode(gates.dtype), bufferOf(gates, op).ptr, bufferOf(state, op).ptr, out.ptr, scratch, B, H, unaryCode('sigmoid'), unaryCode('tanh'),
    ], threads);
  } finally {
    ctx.heap.freeScratch(scratch, scratchBytes);
  }
  return out;
}

/** dGates [B, 4H] and dState [B, 2H] of the cell from its output and dOut (see Backend.lstmCellBackward). */
export function lstmCellBackward(
  ctx: KernelContext, gates: TensorInfo, state: TensorInfo, out: TensorInfo, dOut: TensorInfo,
): { dGates: WasmBuffer; dState: WasmBuffer } {
  const op = 'lstmCellBackward';
  const [B, H, threads] = plan(ctx, op, gates);
  const dGates = ctx.heap.allocBuffer(B * 4 * H, gates.dtype);
  const dState = ctx.heap.allocBuffer(B * 2 * H, gates.dtype);
  if (dGates.size > 0) {
    ctx.pool.run('lstm_cell_backward', [
      dtypeCode(gates.dtype), bufferOf(gates, op).ptr, bufferOf(state, op).ptr, bufferOf(out, op).ptr, bufferOf(dOut, op).ptr,
      dGates.ptr, dState.ptr, B, H, unaryCode('sigmoid'), unaryCode('tanh'),
    ], threads);
  }
  return { dGates, dState };
}
