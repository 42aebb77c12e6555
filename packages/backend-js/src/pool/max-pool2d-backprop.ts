/** Max pooling backward. */
import type { Pool2dParams, TypedArray } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';
import { poolGeometry, windowRange } from '@nabla/tensor-core/kernel-kit';
import { argMaxInWindow } from './max-pool-argmax.js';

/** dx of x's shape: each window's dy (of `dyShape`) goes to its first maximal input element (dy's array type). */
export function maxPool2dBackpropKernel(dy: TypedArray, dyShape: readonly number[], x: TypedArray, xShape: readonly number[], p: Pool2dParams): TypedArray {
  const g = poolGeometry(xShape, p, dyShape);
  const planes = g.batch * g.channels;
  const inPlane = g.inHeight * g.inWidth;
  const dx = allocLike(dy, x.length);
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * inPlane;
    for (let oh = 0; oh < g.outHeight; oh++) {
      const [h0, h1] = windowRange(oh * g.strideH - g.padTop, g.kernelHeight, g.inHeight);
      for (let ow = 0; ow < g.outWidth; ow++, o++) {
        const [w0, w1] = windowRange(ow * g.strideW - g.padLeft, g.kernelWidth, g.inWidth);
        const at = argMaxInWindow(x, base, g.inWidth, h0, h1, w0, w1);
        if (at >= 0) dx[at] += dy[o];
      }
    }
  }
  return dx;
}
