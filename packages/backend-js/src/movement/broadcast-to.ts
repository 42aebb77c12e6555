/** Materialise a broadcast. */
import type { TypedArray } from '@nabla/tensor-core';
import { sizeOf } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';
import { broadcastStrides } from '@nabla/tensor-core/kernel-kit';

/** Expand `x` (same rank as `shape`, dims 1 or equal) to `shape`. */
export function broadcastToKernel(x: TypedArray, xShape: readonly number[], shape: readonly number[]): TypedArray {
  const size = sizeOf(shape);
  const out = allocLike(x, size);
  if (size === 0) return out;
  if (x.length === size) {
    out.set(x);
    return out;
  }
  if (x.length === 1) {
    out.fill(x[0]);
    return out;
  }
  const strides = broadcastStrides(xShape, shape);
  const rank = shape.length;
  const last = rank - 1;
  const len = shape[last];
  const step = strides[last];
  const counter = new Array<number>(rank).fill(0);
  let base = 0;
  for (let o = 0; o < size; o += len) {
    if (step === 1) out.set(x.subarray(base, base + len), o);
    else out.fill(x[base], o, o + len);
    for (let ax = last - 1; ax >= 0; ax--) {
      counter[ax]++;
      base += strides[ax];
      if (counter[ax] < shape[ax]) break;
      base -= strides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return out;
}
