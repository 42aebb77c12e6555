/** Average pooling backward. */
import type { Pool2dParams, TypedArray } from '@nabla/tensor-core';
import { sizeOf } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';
import { poolGeometry, windowRange } from '@nabla/tensor-core/kernel-kit';

/** dx of `xShape`: each window spreads dy (of `dyShape`) / divisor over its in-bounds cells (same divisor as forward). */
export function avgPool2dBackpropKernel(dy: TypedArray, dyShape: readonly number[], xShape: readonly number[], p: Pool2dParams): TypedArray {
  const g = poolGeometry(xShape, p, dyShape);
  const planes = g.batch * g.channels;
  const inPlane = g.inHeight * g.inWidth;
  const dx = allocLike(dy, sizeOf(xShape));
  const area = g.kernelHeight * g.kernelWidth;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * inPlane;
    for (let oh = 0; oh < g.outHeight; oh++) {
      const [h0, h1] = windowRange(oh * g.strideH - g.padTop, g.kernelHeight, g.inHeight);
      for (let ow = 0; ow < g.outWidth; ow++, o++) {
        const [w0, w1] = windowRange(ow * g.strideW - g.padLeft, g.kernelWidth, g.inWidth);
        const count = p.countIncludePad ? area : Math.max(0, h1 - h0) * Math.max(0, w1 - w0);
        if (count === 0) continue;
        const share = dy[o] / count;
        for (let h = h0; h < h1; h++) {
          const row = base + h * g.inWidth;
          for (let w = w0; w < w1; w++) dx[row + w] += share;
        }
      }
    }
  }
  return dx;
}
