/**
 * Product of a run of dimensions. Kept here because @nabla/tensor-core exports only whole-shape
 * `sizeOf`/`stridesOf` (used directly by the kernels), not a sub-range product.
 */

/** Product of `shape[from..to)` (1 when the range is empty). */
export function productOf(shape: readonly number[], from: number, to: number): number {
  let n = 1;
  for (let i = from; i < to; i++) n *= shape[i];
  return n;
}
