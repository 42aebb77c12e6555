/** Contiguous box extraction. */
import type { TypedArray } from '@nabla/tensor-core';
import { sizeOf, stridesOf } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';

/** The box starting at `begin` with extent `size` per axis, copied row by row. */
export function sliceKernel(x: TypedArray, shape: readonly number[], begin: readonly number[], size: readonly number[]): TypedArray {
  const total = sizeOf(size);
  const out = allocLike(x, total);
  if (total === 0) return out;
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[0];
    return out;
  }
  const strides = stridesOf(shape);
  const last = rank - 1;
  const len = size[last];
  const counter = new Array<number>(rank).fill(0);
  let base = 0;
  for (let ax = 0; ax < rank; ax++) base += begin[ax] * strides[ax];
  for (let o = 0; o < total; o += len) {
    out.set(x.subarray(base, base + len), o);
    for (let ax = last - 1; ax >= 0; ax--) {
      counter[ax]++;
      base += strides[ax];
      if (counter[ax] < size[ax]) break;
      base -= strides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return out;
}
