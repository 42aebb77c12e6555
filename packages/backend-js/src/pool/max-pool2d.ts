/** Max pooling forward. */
import type { Pool2dParams, TypedArray } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';
import { poolGeometry, windowRange } from '@nabla/tensor-core/kernel-kit';
import { argMaxInWindow } from './max-pool-argmax.js';

/** x [N, C, H, W] → `outShape` [N, C, OH, OW]: the max of each window; padding never wins, NaN propagates. */
export function maxPool2dKernel(x: TypedArray, xShape: readonly number[], p: Pool2dParams, outShape: readonly number[]): TypedArray {
  const g = poolGeometry(xShape, p, outShape);
  const planes = g.batch * g.channels;
  const inPlane = g.inHeight * g.inWidth;
  const out = allocLike(x, planes * g.outHeight * g.outWidth);
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * inPlane;
    for (let oh = 0; oh < g.outHeight; oh++) {
      const [h0, h1] = windowRange(oh * g.strideH - g.padTop, g.kernelHeight, g.inHeight);
      for (let ow = 0; ow < g.outWidth; ow++, o++) {
        const [w0, w1] = windowRange(ow * g.strideW - g.padLeft, g.kernelWidth, g.inWidth);
        const at = argMaxInWindow(x, base, g.inWidth, h0, h1, w0, w1);
        out[o] = at < 0 ? -Infinity : x[at];
      }
    }
  }
  return out;
}
