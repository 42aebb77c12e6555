// Partial vectors: the last 1-3 lanes of a block go through the same 4-lane code as the rest, so
// a value never depends on where a block or a thread's share happens to end. The two tail helpers
// are called, not inlined: they run once per block, and every vector op of generated/ops.ts uses them.

/** A v128 holding `count` (1-3) 32-bit lanes loaded from p, the others zero. */
export function loadTail32(p: usize, count: i32): v128 {
  let v = i32x4.splat(0);
  v = i32x4.replace_lane(v, 0, load<i32>(p));
  if (count > 1) v = i32x4.replace_lane(v, 1, load<i32>(p + 4));
  if (count > 2) v = i32x4.replace_lane(v, 2, load<i32>(p + 8));
  return v;
}

/** Store the first `count` (1-3) 32-bit lanes of v at p. */
export function storeTail32(p: usize, v: v128, count: i32): void {
  store<i32>(p, i32x4.extract_lane(v, 0));
  if (count > 1) store<i32>(p + 4, i32x4.extract_lane(v, 1));
  if (count > 2) store<i32>(p + 8, i32x4.extract_lane(v, 2));
}

/**
 * a * b + c per f32 lane. In the relaxed-SIMD build (`--enable relaxed-simd`, assembly/relaxed.ts)
 * this is f32x4.relaxed_madd, which the engine may fuse into one FMA (a single rounding) or not;
 * in the SIMD128 build it is a multiply then an add (two roundings). The branch is resolved at
 * compile time.
 */
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
