/** Gradient of conv2d with respect to its input: GEMM with the transposed filters, then col2im. */
import type { Conv2dParams, TypedArray } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';
import { convGeometry } from '@nabla/tensor-core/kernel-kit';
import { gemm } from '../matmul/gemm.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import { matrixView } from '../matmul/strided-matrix.js';
import { col2im } from './im2col.js';

/** dy [N, O, OH, OW], w [O, C, KH, KW] → dx [N, C, H, W]: dx[n] = col2im(Wᵀ · dy[n]). */
export function conv2dBackpropInputKernel(
  dy: TypedArray, dyShape: readonly number[], w: TypedArray, wShape: readonly number[], xShape: readonly number[], p: Conv2dParams,
  pool: ThreadPool | null = null,
): TypedArray {
  const g = convGeometry(xShape, wShape, p, dyShape);
  const plane = g.outHeight * g.outWidth;
  const depth = g.channels * g.kernelHeight * g.kernelWidth;
  const dx = allocLike(dy, g.batch * g.channels * g.inHeight * g.inWidth);
  if (dx.length === 0 || plane === 0 || g.outChannels === 0) return dx;
  const filtersT = matrixView(w, 0, g.outChannels, depth, true);
  const col = allocLike(dy, depth * plane);
  for (let n = 0; n < g.batch; n++) {
    col.fill(0);
    gemm(
      depth, plane, g.outChannels,
      filtersT,
      matrixView(dy, n * g.outChannels * plane, g.outChannels, plane, false),
      { data: col, offset: 0, rowStride: plane, colStride: 1 },
      pool, 'conv2dBackpropInput',
    );
    col2im(col, n, g, dx);
  }
  return dx;
}
