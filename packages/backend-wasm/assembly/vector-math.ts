// float32x4 exp, sigmoid and tanh: Cody-Waite range reduction and short polynomials, a few ulp
// from the correctly rounded result. NaN lanes stay NaN (f32x4.min/max propagate NaN).

const LOG2E: f32 = 1.44269504;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
/** Above this exp overflows to +Infinity; below EXP_MIN it is 0 (the true value is subnormal). */
const EXP_MAX: f32 = 88.72284;
const EXP_MIN: f32 = -87.3365;

/** e^x on four lanes. */
@inline
export function expF32x4(x: v128): v128 {
  const c = f32x4.max(f32x4.min(x, f32x4.splat(EXP_MAX)), f32x4.splat(EXP_MIN));
  const n = f32x4.nearest(f32x4.mul(c, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(c, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  // e^r for |r| <= ln2/2: Taylor series to r^7 (truncation error < 2e-9 relative).
  let p = f32x4.splat(1.0 / 5040.0);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 720.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 120.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 24.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 6.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  // 2^n built in the exponent field; n is in [-126, 128] after the clamp, so split it in two
  // halves that each stay a normal power of two.
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const half = i32x4.shr_s(ni, 1);
  const scaleA = i32x4.shl(i32x4.add(half, i32x4.splat(127)), 23);
  const scaleB = i32x4.shl(i32x4.add(i32x4.sub(ni, half), i32x4.splat(127)), 23);
  let y = f32x4.mul(f32x4.mul(p, scaleA), scaleB);
  y = v128.bitselect(f32x4.splat(Infinity), y, f32x4.gt(x, f32x4.splat(EXP_MAX)));
  return v128.bitselect(f32x4.splat(0), y, f32x4.lt(x, f32x4.splat(EXP_MIN)));
}

/** 1 / (1 + e^-x) on four lanes (0 and 1 at the extremes, never NaN for finite input). */
@inline
export function sigmoidF32x4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, expF32x4(f32x4.neg(x))));
}

/** tanh on four lanes: an odd Taylor polynomial below |x| = 1/4, (1 - e^-2|x|) / (1 + e^-2|x|) above. */
@inline
export function tanhF32x4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const one = f32x4.splat(1);
  const e = expF32x4(f32x4.mul(ax, f32x4.splat(-2)));
  const large = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  // x - x^3/3 + 2x^5/15 - 17x^7/315 + 62x^9/2835 (next term < 3e-9 for |x| < 1/4)
  const x2 = f32x4.mul(ax, ax);
  let p = f32x4.splat(<f32>(62.0 / 2835.0));
  p = f32x4.sub(f32x4.mul(p, x2), f32x4.splat(<f32>(17.0 / 315.0)));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(<f32>(2.0 / 15.0)));
  p = f32x4.sub(f32x4.mul(p, x2), f32x4.splat(<f32>(1.0 / 3.0)));
  const small = f32x4.add(ax, f32x4.mul(f32x4.mul(p, x2), ax));
  const magnitude = v128.bitselect(small, large, f32x4.lt(ax, f32x4.splat(0.25)));
  // copy the sign of x (keeps -0 and NaN lanes as they are)
  const signBit = i32x4.splat(0x80000000);
  return v128.or(v128.andnot(magnitude, signBit), v128.and(x, signBit));
}
