/** Constant padding. */
import type { TypedArray } from '@nabla/tensor-core';
import { sizeOf, stridesOf } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';

/** Surround `x` with `pads[i] = [before, after]` cells of `value` on each axis i, into `outShape`. */
export function padKernel(
  x: TypedArray, shape: readonly number[], pads: readonly (readonly [number, number])[], value: number, outShape: readonly number[],
): TypedArray {
  const rank = shape.length;
  const total = sizeOf(outShape);
  const out = allocLike(x, total);
  if (total === 0) return out;
  out.fill(value);
  const inSize = x.length;
  if (inSize === 0) return out;
  if (rank === 0) {
    out[0] = x[0];
    return out;
  }
  const outStrides = stridesOf(outShape);
  const last = rank - 1;
  const len = shape[last];
  const counter = new Array<number>(rank).fill(0);
  let dst = 0;
  for (let ax = 0; ax < rank; ax++) dst += pads[ax][0] * outStrides[ax];
  for (let src = 0; src < inSize; src += len) {
    out.set(x.subarray(src, src + len), dst);
    for (let ax = last - 1; ax >= 0; ax--) {
      counter[ax]++;
      dst += outStrides[ax];
      if (counter[ax] < shape[ax]) break;
      dst -= outStrides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return out;
}
