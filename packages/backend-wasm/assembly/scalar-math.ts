// Scalar special functions that the standard library lacks.

const TWO_OVER_SQRT_PI: f64 = 1.1283791670955126;

/** Gauss error function, accurate to ~1e-15 (Taylor series below 2.5, continued fraction above). */
export function erf(x: f64): f64 {
  if (x != x) return x;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 80; n++) {
      term *= -x2 / <f64>n;
      const add = term / <f64>(2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  if (ax > 6.0) return x > 0 ? 1.0 : -1.0;
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))) via Lentz.
  const tiny: f64 = 1e-300;
  let f = ax;
  let c = ax;
  let d: f64 = 0;
  for (let k = 1; k < 200; k++) {
    const a = <f64>k * 0.5;
    d = ax + a * d;
    if (d == 0) d = tiny;
    c = ax + a / c;
    if (c == 0) c = tiny;
    d = 1.0 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1.0) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / (f * 1.7724538509055159);
  return x > 0 ? 1.0 - erfc : erfc - 1.0;
}

/** Logistic sigmoid without overflow for large |x|. */
@inline
export function sigmoid(x: f64): f64 {
  if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1.0 + e);
}

/** log(1 + exp(x)) without overflow. */
@inline
export function softplus(x: f64): f64 {
  return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** Floored modulo of doubles (sign of the divisor, like Python's %). */
@inline
export function modF64(a: f64, b: f64): f64 {
  const r = a % b;
  return r != 0 && (r < 0) != (b < 0) ? r + b : r;
}

/** Floored modulo of int32 values; modulo by zero gives 0. */
export function modI32(a: i32, b: i32): i32 {
  if (b == 0 || b == -1) return 0;
  const r = a % b;
  return r != 0 && (r < 0) != (b < 0) ? r + b : r;
}

/** Floored division of int32 values; division by zero gives 0, -2^31 / -1 wraps to -2^31. */
export function floorDivI32(a: i32, b: i32): i32 {
  if (b == 0) return 0;
  if (b == -1) return 0 - a;
  const q = a / b;
  return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
}
