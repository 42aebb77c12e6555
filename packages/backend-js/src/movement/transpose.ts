/** Axis permutation. */
import type { TypedArray } from '@nabla/tensor-core';
import { sizeOf, stridesOf } from '@nabla/tensor-core';
import { allocLike } from '../storage/typed-array.js';

/** `outShape` is `shape[perm[i]]`; out[i0, i1, ...] = x[index with axis perm[k] = ik]. */
export function transposeKernel(x: TypedArray, shape: readonly number[], perm: readonly number[], outShape: readonly number[]): TypedArray {
  const rank = shape.length;
  const size = sizeOf(outShape);
  const out = allocLike(x, size);
  if (size === 0) return out;
  const inStrides = stridesOf(shape);
  // stride in x of each output axis
  const srcStrides = perm.map((p) => inStrides[p]);
  if (rank === 2 && perm[0] === 1) {
    transpose2d(x, out, shape[0], shape[1]);
    return out;
  }
  if (rank === 0) {
    out[0] = x[0];
    return out;
  }
  const last = rank - 1;
  const len = outShape[last];
  const step = srcStrides[last];
  const counter = new Array<number>(rank).fill(0);
  let base = 0;
  for (let o = 0; o < size; o += len) {
    for (let j = 0, s = base; j < len; j++, s += step) out[o + j] = x[s];
    for (let ax = last - 1; ax >= 0; ax--) {
      counter[ax]++;
      base += srcStrides[ax];
      if (counter[ax] < outShape[ax]) break;
      base -= srcStrides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return out;
}

/** Cache-blocked transpose of a rows×cols row-major matrix into `out` (cols×rows). */
function transpose2d(x: TypedArray, out: TypedArray, rows: number, cols: number): void {
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(rows, i0 + B);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = Math.min(cols, j0 + B);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) out[j * rows + i] = x[i * cols + j];
      }
    }
  }
}
