/** Clamp every element into [lo, hi]. */
import type { TypedArray } from '@nabla/tensor-core';
import { allocLike } from '../util/typed_array.js';

/** min(max(x, lo), hi) elementwise; NaN fails both comparisons and so stays NaN. */
export function clipKernel(x: TypedArray, lo: number, hi: number): TypedArray {
  const n = x.length;
  const out = allocLike(x, n);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    out[i] = v < lo ? lo : v > hi ? hi : v;
  }
  if (out instanceof Uint8Array) for (let i = 0; i < n; i++) if (out[i] !== 0) out[i] = 1;
  return out;
}
