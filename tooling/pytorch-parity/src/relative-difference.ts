/** How far Nabla's numbers are from PyTorch's, scaled by the reference's magnitude. */

/**
 * max_i |a_i − b_i| / max(max_i |b_i|, floor): the largest error relative to the largest
 * reference value (elementwise ratios would blow up at values near zero). `b` is the reference.
 * Infinity when the lengths differ or a value is NaN on one side only.
 */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  if (a.length !== b.length) return Infinity;
  let err = 0;
  let scale = floor;
  for (let i = 0; i < b.length; i++) {
    const x = a[i], y = b[i];
    if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
    if (Number.isNaN(y)) continue;
    err = Math.max(err, Math.abs(x - y));
    scale = Math.max(scale, Math.abs(y));
  }
  return err / scale;
}
