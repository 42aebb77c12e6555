/** Average pooling forward. */
import type { Pool2dParams, TypedArray } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';
import { poolGeometry, windowRange } from '@nabla/tensor-core/kernel-kit';

/**
 * x [N, C, H, W] → `outShape` [N, C, OH, OW]: the mean of each window. The divisor is the full window when
 * `countIncludePad`, else the in-bounds cells only (a window with none gives 0).
 */
export function avgPool2dKernel(x: TypedArray, xShape: readonly number[], p: Pool2dParams, outShape: readonly number[]): TypedArray {
  const g = poolGeometry(xShape, p, outShape);
  const planes = g.batch * g.channels;
  const inPlane = g.inHeight * g.inWidth;
  const out = allocLike(x, planes * g.outHeight * g.outWidth);
  const area = g.kernelHeight * g.kernelWidth;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * inPlane;
    for (let oh = 0; oh < g.outHeight; oh++) {
      const [h0, h1] = windowRange(oh * g.strideH - g.padTop, g.kernelHeight, g.inHeight);
      for (let ow = 0; ow < g.outWidth; ow++, o++) {
        const [w0, w1] = windowRange(ow * g.strideW - g.padLeft, g.kernelWidth, g.inWidth);
        let sum = 0;
        for (let h = h0; h < h1; h++) {
          const row = base + h * g.inWidth;
          for (let w = w0; w < w1; w++) sum += x[row + w];
        }
        const count = p.countIncludePad ? area : Math.max(0, h1 - h0) * Math.max(0, w1 - w0);
        out[o] = count === 0 ? 0 : sum / count;
      }
    }
  }
  return out;
}
