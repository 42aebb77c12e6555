/**
 * Scalar helpers of the op tables: the JavaScript semantics of ops that `Math` lacks. They define
 * the reference value of every elementwise op (the plain-JS backend runs them as they are).
 */

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Round half to even (banker's rounding), like NumPy's `round`. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  // Math.round rounds .5 up; step back to the even neighbour on exact ties
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Numerically stable log(1 + eˣ). */
export function softplus(v: number): number {
  return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
}

/** Numerically stable logistic function 1 / (1 + e⁻ˣ). */
export function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** Floored modulo of floats: the result takes the sign of the divisor, like Python's `%`. */
export function floatMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

/** Floored modulo of int32 values; modulo by zero gives 0. */
export function intMod(a: number, b: number): number {
  if (b === 0) return 0;
  const r = a % b;
  return (r !== 0 && (r < 0) !== (b < 0) ? r + b : r) | 0;
}

/** Floored division of int32 values; division by zero gives 0; -2³¹ / -1 wraps to -2³¹. */
export function intFloorDiv(a: number, b: number): number {
  return b === 0 ? 0 : Math.floor(a / b) | 0;
}

/** maximum with NaN propagation (Math.max already propagates NaN). */
export const nanMax = Math.max;
/** minimum with NaN propagation. */
export const nanMin = Math.min;

/**
 * The one float → int32 conversion of every backend: truncate toward zero and saturate, like
 * WebAssembly's `i32.trunc_sat_f64_s` — NaN → 0, values at or beyond ±2³¹ (and ±Infinity) →
 * INT32_MIN / INT32_MAX.
 */
export function saturateToInt32(v: number): number {
  if (v !== v) return 0;
  if (v >= INT32_MAX) return INT32_MAX;
  if (v <= INT32_MIN) return INT32_MIN;
  return Math.trunc(v) | 0;
}

/**
 * erf(x) by W. J. Cody's rational approximations (relative error below 1e-15):
 * a series near zero, erfc-based fractions beyond.
 */
export function erf(x: number): number {
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  if (ax < 0.5) {
    const t = x * x;
    const num = ((((1.85777706184603153e-1 * t + 3.16112374387056560) * t + 1.13864154151050156e2) * t
      + 3.77485237685302021e2) * t + 3.20937758913846947e3);
    const den = ((((t + 2.36012909523441209e1) * t + 2.44024637934444173e2) * t
      + 1.28261652607737228e3) * t + 2.84423683343917062e3);
    return x * num / den;
  }
  const sign = x < 0 ? -1 : 1;
  if (ax >= 6) return sign;
  return sign * (1 - erfcPositive(ax));
}
/** erfc(x) for x >= 0.5. */
function erfcPositive(x: number): number {
  let r: number;
  if (x < 4) {
    const num = (((((((2.15311535474403846e-8 * x + 5.64188496988670089e-1) * x + 8.88314979438837594) * x
      + 6.61191906371416295e1) * x + 2.98635138197400131e2) * x + 8.81952221241769090e2) * x
      + 1.71204761263407058e3) * x + 2.05107837782607147e3) * x + 1.23033935479799725e3;
    const den = (((((((x + 1.57449261107098347e1) * x + 1.17693950891312499e2) * x
      + 5.37181101862009858e2) * x + 1.62138957456669019e3) * x + 3.29079923573345963e3) * x
      + 4.36261909014324716e3) * x + 3.43936767414372164e3) * x + 1.23033935480374942e3;
    r = num / den;
  } else {
    const z = 1 / (x * x);
    const num = ((((1.63153871373020978e-2 * z + 3.05326634961232344e-1) * z + 3.60344899949804439e-1) * z
      + 1.25781726111229246e-1) * z + 1.60837851487422766e-2) * z + 6.58749161529837803e-4;
    const den = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 5.27905102951428412e-1) * z
      + 6.05183413124413191e-2) * z + 2.33520497626869185e-3;
    r = (1 / Math.sqrt(Math.PI) - z * num / den) / x;
  }
  // exp(-x²) split as exp(-xs²)·exp(-(x-xs)(x+xs)) to keep precision for large x
  const xs = Math.trunc(x * 16) / 16;
  return Math.exp(-xs * xs) * Math.exp(-(x - xs) * (x + xs)) * r;
}
