import type { TensorInfo } from '@nabla/tensor-core';
import type { WasmBuffer } from '../wasm-buffer.js';
import { requireFloat } from './float-only.js';
import { bufferOf, type KernelContext } from './kernel-context.js';
import { MIN_PARALLEL_MACS } from './parallel-thresholds.js';

/** Leading (batch) size and the two matrix dims of a rank >= 2 shape (rank 2 means batch 1). */
function matrixDims(shape: readonly number[]): [number, number, number] {
  const r = shape.length;
  let batch = 1;
  for (let i = 0; i < r - 2; i++) batch *= shape[i];
  return [batch, shape[r - 2], shape[r - 1]];
}

/** Batched matrix product with optional transposes; batch 1 broadcasts. */
export function matmul(ctx: KernelContext, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): WasmBuffer {
  requireFloat('matmul', a.dtype, a.shape);
  requireFloat('matmul', b.dtype, b.shape);
  const bufA = bufferOf(a, 'matmul');
  const bufB = bufferOf(b, 'matmul');
  const [batchA, a0, a1] = matrixDims(a.shape);
  const [batchB, b0, b1] = matrixDims(b.shape);
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const n = transposeB ? b0 : b1;
  const batch = Math.max(batchA, batchB);
  const out = ctx.heap.allocBuffer(batch * m * n, a.dtype);
  if (out.size === 0) return out;
  const threads = ctx.pool.threadsFor(batch * m * n * k, MIN_PARALLEL_MACS);
  const kernel = a.dtype === 'float32' ? 'matmul_f32' : 'matmul_f64';
  ctx.pool.run(kernel, [
    bufA.ptr, bufB.ptr, out.ptr, batchA, batchB, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0,
    ctx.gemmScratchPtr, ctx.gemmScratchStride,
  ], threads);
  return out;
}
