/** Convolution forward: im2col per image, then one GEMM with the filters. */
import type { Conv2dParams, TypedArray } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';
import { convGeometry } from '@nabla/tensor-core/kernel-kit';
import { gemm } from '../matmul/gemm.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import { matrixView } from '../matmul/strided-matrix.js';
import { im2col } from './im2col.js';

/** x [N, C, H, W] ⊛ w [O, C, KH, KW] → `outShape` [N, O, OH, OW]: out[n] = W[O, C·KH·KW] · col(x[n]). */
export function conv2dKernel(
  x: TypedArray, xShape: readonly number[], w: TypedArray, wShape: readonly number[], p: Conv2dParams, outShape: readonly number[],
  pool: ThreadPool | null = null,
): TypedArray {
  const g = convGeometry(xShape, wShape, p, outShape);
  const plane = g.outHeight * g.outWidth;
  const depth = g.channels * g.kernelHeight * g.kernelWidth;
  const out = allocLike(x, g.batch * g.outChannels * plane);
  if (out.length === 0 || depth === 0) return out;
  const filters = matrixView(w, 0, g.outChannels, depth, false);
  // a 1×1 unit-stride unpadded convolution reads x[n] as its own col matrix
  const pointwise = g.kernelHeight === 1 && g.kernelWidth === 1 && g.strideH === 1 && g.strideW === 1
    && p.pads.every((v) => v === 0);
  const col = pointwise ? x : allocLike(x, depth * plane);
  for (let n = 0; n < g.batch; n++) {
    if (!pointwise) im2col(x, n, g, col);
    gemm(
      g.outChannels, plane, depth,
      filters,
      matrixView(col, pointwise ? n * depth * plane : 0, depth, plane, false),
      { data: out, offset: n * g.outChannels * plane, rowStride: plane, colStride: 1 },
      pool, 'conv2d',
    );
  }
  return out;
}
