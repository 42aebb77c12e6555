/** Index selection along one axis. */
import type { TypedArray } from '@nabla/tensor-core';
import { sizeOf } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';
import { sizeBetween } from '@nabla/tensor-core/kernel-kit';

/** out[..., j, ...] = x[..., indices[j], ...] along `axis`, into `outShape`; indices are int32 and in range. */
export function gatherKernel(
  x: TypedArray, shape: readonly number[], indices: Int32Array | TypedArray, axis: number, outShape: readonly number[],
): TypedArray {
  const outer = sizeBetween(shape, 0, axis);
  const len = shape[axis];
  const inner = sizeBetween(shape, axis + 1, shape.length);
  const count = indices.length;
  const out = allocLike(x, sizeOf(outShape));
  if (out.length === 0) return out;
  let dst = 0;
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    for (let j = 0; j < count; j++) {
      const src = base + indices[j] * inner;
      if (inner === 1) out[dst] = x[src];
      else out.set(x.subarray(src, src + inner), dst);
      dst += inner;
    }
  }
  return out;
}
