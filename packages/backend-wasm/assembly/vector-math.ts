// float32x4 exp, sigmoid and tanh: Cody-Waite range reduction and short polynomials, a few ulp
// from the correctly rounded result. NaN lanes stay NaN (f32x4.min/max propagate NaN).

const LOG2E: f32 = 1.44269504;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
/** Inputs are clamped to [EXP_MIN, EXP_CLAMP]: above ln(FLT_MAX) ≈ 88.72 the result overflows to +Infinity by itself. */
const EXP_CLAMP: f32 = 89.0;
/** Below this e^x is subnormal in float32; the result is 0. */
const EXP_MIN: f32 = -87.3365;
/** 1.5 · 2^23: adding it rounds a float of magnitude < 2^22 to an integer held in the low mantissa bits. */
const ROUNDER: f32 = 12582912.0;

/**
 * e^x on four lanes. Not inlined: exp, sigmoid, tanh and erf share one copy (about 300 bytes each
 * inlined; the call per four lanes is within the noise of their per-element cost).
 */
export function expF32x4(x: v128): v128 {
  // pmin/pmax are single instructions and keep a NaN that sits in their first operand.
  const c = f32x4.pmax(f32x4.pmin(x, f32x4.splat(EXP_CLAMP)), f32x4.splat(EXP_MIN));
  // n = round(c / ln2), both as a float and (low bits of the biased float) as an integer
  const biased = f32x4.add(f32x4.mul(c, f32x4.splat(LOG2E)), f32x4.splat(ROUNDER));
  const n = f32x4.sub(biased, f32x4.splat(ROUNDER));
  const ni = i32x4.sub(biased, f32x4.splat(ROUNDER));
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
  // 2^n built in the exponent field; n is in [-126, 129] after the clamp, so split it in two
  // halves that each stay a normal power of two (2^n past 2^127 overflows to +Infinity).
  const half = i32x4.shr_s(ni, 1);
  const scaleA = i32x4.shl(i32x4.add(half, i32x4.splat(127)), 23);
  const scaleB = i32x4.shl(i32x4.add(i32x4.sub(ni, half), i32x4.splat(127)), 23);
  const y = f32x4.mul(f32x4.mul(p, scaleA), scaleB);
  return v128.andnot(y, f32x4.lt(x, f32x4.splat(EXP_MIN)));
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

/**
 * erf on four lanes, the formulas of the webgpu backend's f_erf: the Maclaurin series to x^13
 * below |x| = 1/2; above, erfc(|x|) = t·e^(−x² + P(t)) with t = 1/(1 + |x|/2) (a Chebyshev fit,
 * relative error < 1.2e-7) and erf = ±(1 − erfc). Past |x| ≈ 3.9 the result rounds to ±1; NaN stays NaN.
 */
@inline
export function erfF32x4(x: v128): v128 {
  const one = f32x4.splat(1);
  const a = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  // 2/√π · x · Σ (−1)^n z^n / (n! (2n+1)), n ≤ 6
  let s = f32x4.splat(<f32>0.00010683760683760684);
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(<f32>-0.0007575757575757576));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(<f32>0.004629629629629629));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(<f32>-0.023809523809523808));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(<f32>0.1));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(<f32>-0.3333333333333333));
  s = f32x4.add(f32x4.mul(s, z), one);
  const small = f32x4.mul(f32x4.mul(x, f32x4.splat(<f32>1.1283791670955126)), s);
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(a, f32x4.splat(0.5))));
  let p = f32x4.splat(<f32>0.17087277);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-0.82215223));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>1.48851587));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-1.13520398));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>0.27886807));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-0.18628806));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>0.09678418));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>0.37409196));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>1.00002368));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-1.26551223));
  const erfc = f32x4.mul(t, expF32x4(f32x4.sub(p, z)));
  const magnitude = f32x4.sub(one, erfc);
  const signBit = i32x4.splat(0x80000000);
  const large = v128.or(v128.andnot(magnitude, signBit), v128.and(x, signBit));
  return v128.bitselect(small, large, f32x4.lt(a, f32x4.splat(0.5)));
}
