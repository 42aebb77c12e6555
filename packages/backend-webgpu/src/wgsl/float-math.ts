/**
 * WGSL float32 functions that WGSL lacks or that need care: every one propagates NaN and takes
 * the stable branch for small and large arguments. Requires {@link PRELUDE}.
 */
export const FLOAT_MATH = /* wgsl */ `
// Comparisons on the bits: devices may flush subnormals to zero in float compares (WGSL permits
// it; SwiftShader does), which would make 1e-38 > 0 false. f_order maps non-NaN floats to
// integers in the same order, with −0 = +0.
fn f_order(x: f32) -> i32 {
  let m = bitcast<i32>(bitcast<u32>(x) & 0x7fffffffu);
  return select(m, -m, (bitcast<u32>(x) >> 31u) == 1u);
}
fn f_unordered(a: f32, b: f32) -> bool { return is_nan(a) || is_nan(b); }
fn f_eq(a: f32, b: f32) -> bool { return !f_unordered(a, b) && f_order(a) == f_order(b); }
fn f_lt(a: f32, b: f32) -> bool { return !f_unordered(a, b) && f_order(a) < f_order(b); }
fn f_le(a: f32, b: f32) -> bool { return !f_unordered(a, b) && f_order(a) <= f_order(b); }
fn f_is_zero(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0u; }
fn f_log(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  // Subnormals are read from the bits (devices may flush them to zero, as WGSL permits):
  // x = m·2^-149, so log(x) = log(m) − 149·ln 2, with m an exact float.
  if (bits > 0u && bits < 0x00800000u) { return log(f32(bits)) - 103.27892990343184; }
  if (x < 0.0) { return nan_f32(); }
  if (x == 0.0) { return -inf_f32(); }
  return log(x);
}
fn f_exp(x: f32) -> f32 { return select(exp(x), x, is_nan(x)); }
// sin and cos by Cody–Waite reduction to [−π/4, π/4] and Cephes' float polynomials (error ≈ 1 ulp
// for |x| < 8192); drivers' builtins are only required to be within 2^-11 (SwiftShader is ~2e-4 off).
fn trig_reduced(x: f32, want_cos: bool) -> f32 {
  let a = abs(x);
  var j = u32(a * 1.2732395447351628);
  j = j + (j & 1u);
  let y = f32(j);
  let z = ((a - y * 0.78515625) - y * 2.4187564849853515625e-4) - y * 3.77489497744594108e-8;
  let zz = z * z;
  let s = z + z * zz * (-1.6666654611e-1 + zz * (8.3321608736e-3 + zz * -1.9515295891e-4));
  let c = 1.0 - 0.5 * zz + zz * zz * (4.166664568298827e-2 + zz * (-1.388731625493765e-3 + zz * 2.443315711809948e-5));
  var q = j & 7u;
  if (want_cos) { q = (q + 2u) & 7u; }
  let r = select(s, c, q == 2u || q == 6u);
  let negative = q >= 4u;
  if (want_cos) { return select(r, -r, negative); }
  return select(r, -r, negative != (x < 0.0));
}
fn f_sin(x: f32) -> f32 {
  if (is_nan(x) || is_inf(x)) { return nan_f32(); }
  if (abs(x) >= 8192.0) { return sin(x); }
  return trig_reduced(x, false);
}
fn f_cos(x: f32) -> f32 {
  if (is_nan(x) || is_inf(x)) { return nan_f32(); }
  if (abs(x) >= 8192.0) { return cos(x); }
  return trig_reduced(x, true);
}
fn f_sqrt(x: f32) -> f32 { return select(sqrt(x), nan_f32(), x < 0.0); }
fn f_rsqrt(x: f32) -> f32 {
  if (x < 0.0) { return nan_f32(); }
  if (x == 0.0) { return 1.0 / x; }
  return inverseSqrt(x);
}
fn f_expm1(x: f32) -> f32 {
  if (abs(x) < 1e-5) { return x + 0.5 * x * x; }
  let u = exp(x);
  if (u == 1.0) { return x; }
  let um1 = u - 1.0;
  if (um1 == -1.0) { return -1.0; }
  if (is_inf(u)) { return u; }
  return um1 * (x / log(u));
}
fn f_log1p(x: f32) -> f32 {
  if (x < -1.0) { return nan_f32(); }
  if (x == -1.0) { return -inf_f32(); }
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  if (is_inf(u)) { return u; }
  return log(u) * (x / (u - 1.0));
}
// Through atan2, which drivers implement more accurately than asin/acos (lavapipe's are ~3e-4 off).
fn f_asin(x: f32) -> f32 {
  if (abs(x) > 1.0) { return nan_f32(); }
  if (f_is_zero(x)) { return x; }
  return atan2(x, sqrt((1.0 - x) * (1.0 + x)));
}
fn f_acos(x: f32) -> f32 {
  if (abs(x) > 1.0) { return nan_f32(); }
  return atan2(sqrt((1.0 - x) * (1.0 + x)), x);
}
fn f_sinh(x: f32) -> f32 {
  let a = abs(x);
  if (a > 89.0) { return sign(x) * inf_f32(); }
  let e = f_expm1(a);
  return sign(x) * 0.5 * (e + e / (e + 1.0));
}
fn f_cosh(x: f32) -> f32 {
  let a = abs(x);
  if (a > 89.0) { return select(inf_f32(), x, is_nan(x)); }
  let e = exp(a);
  return 0.5 * (e + 1.0 / e);
}
fn f_tanh(x: f32) -> f32 {
  let a = abs(x);
  if (a > 10.0) { return sign(x); }
  let e = f_expm1(2.0 * a);
  return sign(x) * e / (e + 2.0);
}
fn f_asinh(x: f32) -> f32 {
  let a = abs(x);
  if (a > 1e18) { return sign(x) * (log(a) + 0.6931471805599453); }
  let a2 = a * a;
  return sign(x) * f_log1p(a + a2 / (1.0 + sqrt(1.0 + a2)));
}
fn f_acosh(x: f32) -> f32 {
  if (x < 1.0) { return nan_f32(); }
  if (x > 1e18) { return log(x) + 0.6931471805599453; }
  let t = x - 1.0;
  return f_log1p(t + sqrt(2.0 * t + t * t));
}
fn f_atanh(x: f32) -> f32 {
  let a = abs(x);
  if (a > 1.0) { return nan_f32(); }
  if (a == 1.0) { return sign(x) * inf_f32(); }
  return sign(x) * 0.5 * f_log1p(2.0 * a / (1.0 - a));
}
fn f_sigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}
fn f_softplus(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  return max(x, 0.0) + f_log1p(exp(-abs(x)));
}
fn f_erf(x: f32) -> f32 {
  let a = abs(x);
  if (a < 0.5) {
    let z = x * x;
    // Maclaurin series 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
    return 1.1283791670955126 * x * (1.0 + z * (-0.3333333333333333 + z * (0.1 + z * (-0.023809523809523808
      + z * (0.004629629629629629 + z * (-0.0007575757575757576 + z * 0.00010683760683760684))))));
  }
  if (a >= 4.0) { return sign(x); }
  // erfc(a) = t * exp(-a^2 + P(t)), t = 1 / (1 + a / 2) (Numerical Recipes erfcc, |rel err| < 1.2e-7).
  let t = 1.0 / (1.0 + 0.5 * a);
  let poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  let erfc = t * exp(-a * a + poly);
  return sign(x) * (1.0 - erfc);
}
fn f_pow(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  let ab = abs(a);
  let b_int = floor(b) == b;
  let b_odd = b_int && abs(b) < 16777216.0 && fract(b * 0.5) != 0.0;
  if (is_inf(b)) {
    if (ab == 1.0) { return nan_f32(); }
    if ((ab > 1.0) == (b > 0.0)) { return inf_f32(); }
    return 0.0;
  }
  if (a < 0.0 && !b_int && !is_inf(a)) { return nan_f32(); }
  var r: f32;
  if (ab == 0.0) {
    r = select(inf_f32(), 0.0, b > 0.0);
  } else if (is_inf(ab)) {
    r = select(0.0, inf_f32(), b > 0.0);
  } else {
    r = exp2(b * log2(ab));
  }
  let negative = b_odd && (bitcast<u32>(a) >> 31u) == 1u;
  return select(r, -r, negative);
}
// atan2 with IEEE signed zeros and NaN: y = ±0 gives ±0 (x > 0 or +0) or ±π (x < 0 or −0); drivers get
// the zero cases wrong (±3π/4 for atan2(±0, ±0), or the sign of −0 lost) and may fold NaN away.
fn f_atan2(y: f32, x: f32) -> f32 {
  if (is_nan(y) || is_nan(x)) { return nan_f32(); }
  if (f_is_zero(y)) {
    let r = select(0.0, 3.14159265358979, (bitcast<u32>(x) >> 31u) == 1u);
    return select(r, -r, (bitcast<u32>(y) >> 31u) == 1u);
  }
  return atan2(y, x);
}
fn f_max(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  return select(b, a, f_lt(b, a));
}
fn f_min(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  return select(b, a, f_lt(a, b));
}
// a - b·q without rounding the product (Dekker's two-product; fma is not fused on every driver).
fn split_hi(x: f32) -> f32 { let c = 4097.0 * x; return c - (c - x); }
fn exact_remainder(a: f32, b: f32, q: f32) -> f32 {
  let prod = b * q;
  let bh = split_hi(b); let bl = b - bh;
  let qh = split_hi(q); let ql = q - qh;
  let err = ((bh * qh - prod) + bh * ql + bl * qh) + bl * ql;
  return (a - prod) - err;
}
fn f_mod(a: f32, b: f32) -> f32 {
  if (b == 0.0 || is_nan(a) || is_nan(b) || is_inf(a)) { return nan_f32(); }
  if (is_inf(b)) {
    if (a == 0.0 || (a > 0.0) == (b > 0.0)) { return a; }
    return b;
  }
  var r = exact_remainder(a, b, trunc(a / b));
  if (abs(r) >= abs(b)) { r = exact_remainder(r, b, trunc(r / b)); }
  if (r != 0.0 && ((r < 0.0) != (b < 0.0))) { r = r + b; }
  return r;
}
fn f_to_i32(x: f32) -> i32 {
  // Truncate toward zero and saturate like WebAssembly's trunc_sat: NaN gives 0, values at or
  // beyond ±2^31 (infinities included) give INT32_MIN / INT32_MAX.
  if (is_nan(x)) { return 0; }
  if (x >= 2147483648.0) { return 2147483647; }
  if (x < -2147483648.0) { return bitcast<i32>(0x80000000u); }
  return i32(trunc(x));
}
`;

/** WGSL int32 helpers: floored division and modulo (0 for a zero divisor), integer power (wrapping). */
export const INT_MATH = /* wgsl */ `
fn i_floor_div(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  if (b == -1) { return 0 - a; }
  var q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) { q = q - 1; }
  return q;
}
fn i_mod(a: i32, b: i32) -> i32 {
  if (b == 0 || b == -1) { return 0; }
  var r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) { r = r + b; }
  return r;
}
fn i_pow(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(1, -1, (b & 1) != 0); }
    return 0;
  }
  var result = 1;
  var base = a;
  var e = b;
  loop {
    if (e == 0) { break; }
    if ((e & 1) != 0) { result = result * base; }
    base = base * base;
    e = e >> 1u;
  }
  return result;
}
`;
