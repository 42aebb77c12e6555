/** Accumulating scatter: the adjoint of gather. */
import type { TypedArray } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';
import { sizeBetween } from '@nabla/tensor-core/kernel-kit';

/**
 * Copy of `x` with updates[..., j, ...] added at x[..., indices[j], ...] along `axis`;
 * duplicate indices accumulate. int32 sums wrap around.
 */
export function scatterAddKernel(
  x: TypedArray, shape: readonly number[], indices: Int32Array | TypedArray, updates: TypedArray, axis: number,
): TypedArray {
  const outer = sizeBetween(shape, 0, axis);
  const len = shape[axis];
  const inner = sizeBetween(shape, axis + 1, shape.length);
  const count = indices.length;
  const out = allocLike(x, x.length);
  out.set(x);
  let src = 0;
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    for (let j = 0; j < count; j++) {
      const dst = base + indices[j] * inner;
      for (let i = 0; i < inner; i++) out[dst + i] += updates[src + i];
      src += inner;
    }
  }
  if (out instanceof Uint8Array) for (let i = 0; i < out.length; i++) if (out[i] !== 0) out[i] = 1;
  return out;
}
