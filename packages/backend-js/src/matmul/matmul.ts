/** Batched matrix product on the blocked GEMM, with batch broadcasting and in-place transposes. */
import type { TypedArray } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';
import { gemm } from './gemm.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import { matrixView } from './strided-matrix.js';

/**
 * a: [batchA, M, K] (or [batchA, K, M] when transposeA); b: [batchB, K, N] (or [batchB, N, K]
 * when transposeB); batchA and batchB equal or one of them 1. Returns `outShape` [batch, M, N].
 * Large products are shared among the threads of `pool`.
 */
export function matmulKernel(
  a: TypedArray, aShape: readonly number[], b: TypedArray, bShape: readonly number[],
  transposeA: boolean, transposeB: boolean, outShape: readonly number[], pool: ThreadPool | null = null,
): TypedArray {
  const [batchA, aRows, aCols] = aShape;
  const [batchB, bRows, bCols] = bShape;
  const [batch, m, n] = outShape;
  const k = transposeA ? aRows : aCols;
  const out = allocLike(a, batch * m * n);
  if (out.length === 0) return out;
  for (let i = 0; i < batch; i++) {
    const aOffset = (batchA === 1 ? 0 : i) * aRows * aCols;
    const bOffset = (batchB === 1 ? 0 : i) * bRows * bCols;
    gemm(
      m, n, k,
      matrixView(a, aOffset, aRows, aCols, transposeA),
      matrixView(b, bOffset, bRows, bCols, transposeB),
      { data: out, offset: i * m * n, rowStride: n, colStride: 1 },
      pool, 'matmul',
    );
  }
  return out;
}
