/** Gradient of conv2d with respect to its filters: im2col, then GEMM with dy, summed over the batch. */
import type { Conv2dParams, TypedArray } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';
import { convGeometry } from '@nabla/tensor-core/kernel-kit';
import { gemm } from '../matmul/gemm.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import { matrixView } from '../matmul/strided-matrix.js';
import { im2col } from './im2col.js';

/** x [N, C, H, W], dy [N, O, OH, OW] → dw [O, C, KH, KW] = Σₙ dy[n] · col(x[n])ᵀ. */
export function conv2dBackpropFilterKernel(
  x: TypedArray, xShape: readonly number[], dy: TypedArray, dyShape: readonly number[], wShape: readonly number[], p: Conv2dParams,
  pool: ThreadPool | null = null,
): TypedArray {
  const g = convGeometry(xShape, wShape, p, dyShape);
  const plane = g.outHeight * g.outWidth;
  const depth = g.channels * g.kernelHeight * g.kernelWidth;
  const dw = allocLike(x, g.outChannels * depth);
  if (dw.length === 0 || plane === 0) return dw;
  const col = allocLike(x, depth * plane);
  // accumulate in float64 so the batch sum is rounded once, whatever the batch size
  const acc = new Float64Array(dw.length);
  for (let n = 0; n < g.batch; n++) {
    im2col(x, n, g, col);
    gemm(
      g.outChannels, depth, plane,
      matrixView(dy, n * g.outChannels * plane, g.outChannels, plane, false),
      matrixView(col, 0, depth, plane, true),
      { data: acc, offset: 0, rowStride: depth, colStride: 1 },
      pool, 'conv2dBackpropFilter',
    );
  }
  dw.set(acc);
  return dw;
}
