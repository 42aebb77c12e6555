/** Join along one axis. */
import type { TypedArray } from '@nabla/tensor-core';
import { sizeOf } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';
import { sizeBetween } from '@nabla/tensor-core/kernel-kit';

/** Concatenate `xs` (shapes equal except on `axis`) along `axis` into `outShape`; output has the first input's array type. */
export function concatKernel(xs: readonly TypedArray[], shapes: readonly (readonly number[])[], axis: number, outShape: readonly number[]): TypedArray {
  const outer = sizeBetween(outShape, 0, axis);
  const inner = sizeBetween(outShape, axis + 1, outShape.length);
  const chunks = shapes.map((s) => s[axis] * inner);
  const out = allocLike(xs[0], sizeOf(outShape));
  let dst = 0;
  for (let o = 0; o < outer; o++) {
    for (let t = 0; t < xs.length; t++) {
      const len = chunks[t];
      out.set(xs[t].subarray(o * len, (o + 1) * len), dst);
      dst += len;
    }
  }
  return out;
}
