import type { TensorInfo } from '@nabla/tensor-core';
import type { WasmBuffer } from '../storage/wasm-buffer.js';
import { requireFloat } from '../runtime/float-only.js';
import { bufferOf, type KernelContext } from '../runtime/kernel-context.js';
import { FEW_ROWS, MIN_PARALLEL_ELEMENTS, MIN_PARALLEL_MACS, MIN_PARALLEL_MACS_FEW_ROWS } from '../runtime/parallel-thresholds.js';

/** Leading (batch) size and the two matrix dims of a rank >= 2 shape (rank 2 means batch 1). */
function matrixDims(shape: readonly number[]): [number, number, number] {
  const r = shape.length;
  let batch = 1;
  for (let i = 0; i < r - 2; i++) batch *= shape[i];
  return [batch, shape[r - 2], shape[r - 1]];
}

/** Rows of the micro-kernel (assembly/matmul.ts MR) and of its packed A block (MC). */
const MR = 4;
const MC = 128;

/**
 * Rows per work block of a parallel float32 matmul: about four blocks per thread over the
 * whole batch, so a thread that starts late or is slowed down leaves its blocks to the others.
 */
export function blockRowsFor(batch: number, m: number, threads: number): number {
  const blocksPerMatrix = Math.ceil((4 * threads) / batch);
  const rows = Math.ceil(Math.ceil(m / blocksPerMatrix) / MR) * MR;
  return Math.min(MC, Math.max(4 * MR, rows));
}

/** Batched matrix product with optional transposes into `outShape` [batch, M, N]; batch 1 broadcasts. */
export function matmul(
  ctx: KernelContext, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean, outShape: readonly number[],
): WasmBuffer {
  requireFloat('matmul', a.dtype, a.shape);
  requireFloat('matmul', b.dtype, b.shape);
  const bufA = bufferOf(a, 'matmul');
  const bufB = bufferOf(b, 'matmul');
  const [batchA, a0, a1] = matrixDims(a.shape);
  const [batchB] = matrixDims(b.shape);
  const k = transposeA ? a0 : a1;
  const [batch, m, n] = outShape;
  const out = ctx.heap.allocBuffer(batch * m * n, a.dtype);
  if (out.size === 0) return out;
  // One matrix of few rows: the kernel splits C's columns between the threads; otherwise B is packed once and rows are split.
  const fewRows = batch === 1 && m <= FEW_ROWS;
  const threads = ctx.pool.threadsFor(batch * m * n * k, fewRows ? MIN_PARALLEL_MACS_FEW_ROWS : MIN_PARALLEL_MACS);
  if (threads > 1 && !fewRows && a.dtype === 'float32' && k > 0) {
    matmulPackedF32(ctx, bufA.ptr, bufB.ptr, out.ptr, batchA, batchB, batch, m, n, k, transposeA, transposeB, threads);
    return out;
  }
  const kernel = a.dtype === 'float32' ? 'matmul_f32' : 'matmul_f64';
  ctx.pool.run(kernel, [
    bufA.ptr, bufB.ptr, out.ptr, batchA, batchB, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0,
    ctx.gemmScratchPtr, ctx.gemmScratchStride,
  ], threads);
  return out;
}

/**
 * Parallel float32 matmul in two calls: all of B is packed once into a shared scratch block
 * (by every thread when B is large), then the threads take blocks of C rows from a shared counter.
 */
function matmulPackedF32(
  ctx: KernelContext, a: number, b: number, c: number, batchA: number, batchB: number,
  batch: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean, threads: number,
): void {
  const bytes = ctx.kernels.packed_b_bytes(batchB, n, k);
  const packed = ctx.heap.allocScratch(bytes);
  try {
    const packThreads = ctx.pool.threadsFor(batchB * n * k, MIN_PARALLEL_ELEMENTS);
    ctx.pool.run('pack_b_f32', [b, packed, batchB, n, k, transposeB ? 1 : 0], packThreads);
    ctx.heap.int32View(ctx.workCounterPtr, 1)[0] = 0;
    const blockRows = blockRowsFor(batch, m, threads);
    ctx.pool.run('matmul_f32_packed', [
      a, packed, c, batchA, batchB, m, n, k, transposeA ? 1 : 0, blockRows, ctx.workCounterPtr,
      ctx.gemmScratchPtr, ctx.gemmScratchStride,
    ], threads);
  } finally {
    ctx.heap.freeScratch(packed, bytes);
  }
}
