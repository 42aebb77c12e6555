/** The winner of a max-pooling window, shared by the forward and backward kernels. */
import type { TypedArray } from '@nabla/tensor-core';

/**
 * Flat index of the first maximal element of rows [h0, h1) × cols [w0, w1) of the plane at
 * `base` (row-major scan, so ties go to the first); the first NaN beats any number. -1 if empty.
 */
export function argMaxInWindow(x: TypedArray, base: number, width: number, h0: number, h1: number, w0: number, w1: number): number {
  let best = -Infinity;
  let at = -1;
  for (let h = h0; h < h1; h++) {
    const row = base + h * width;
    for (let w = w0; w < w1; w++) {
      const v = x[row + w];
      if (v !== v) return row + w;
      if (v > best || at < 0) {
        best = v;
        at = row + w;
      }
    }
  }
  return at;
}
