/**
 * Per-op tolerances. A value passes when |actual − expected| ≤ atol + rtol·|expected| (NaN must
 * match NaN, ±Infinity must match exactly). Expected values are computed in float64 from the very
 * float32 inputs the backend saw, so the only error measured is the backend's own.
 *
 * - `exact`: data movement, integer and bool results, comparisons, max/min, rounding: bit-exact.
 * - `basic`: one correctly rounded float32 operation (+ − × ÷, sqrt, casts): float32 eps is 6e-8,
 *   so rtol 1e-5 leaves room for fused or reassociated GPU arithmetic.
 * - `transcendental`: exp, log, trig, erf, sigmoid...: GPU libraries are a few ulp off and
 *   polynomial approximations (erf) a little more; atol covers results that cross zero.
 * - `accumulation`: sums, means, variance, softmax, matmul, conv, pooling: errors grow with the
 *   number of terms (≤ a few hundred here, values of magnitude ≤ ~2).
 * - `float64`: the float64 section, where backends should agree to ~1e-12.
 *
 * `ConformanceOptions.tolerance` multiplies every non-exact rtol and atol, so e.g. a WebGPU
 * backend whose shaders use fast-math f32 can run with `{ tolerance: 10 }`. Exact kinds never
 * widen: moving data and integer arithmetic must be exact on every device.
 */

/** Relative and absolute tolerance. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** The tolerance classes used by the suite. */
export type ToleranceKind = 'exact' | 'basic' | 'transcendental' | 'accumulation' | 'float64';

/** Base tolerances before the per-backend scale. */
export const TOLERANCES: Readonly<Record<ToleranceKind, Tolerance>> = {
  exact: { rtol: 0, atol: 0 },
  basic: { rtol: 1e-5, atol: 1e-6 },
  transcendental: { rtol: 1e-4, atol: 1e-5 },
  accumulation: { rtol: 1e-4, atol: 1e-4 },
  float64: { rtol: 1e-12, atol: 1e-12 },
};

/** The tolerance of `kind` widened by `scale` (exact stays exact). */
export function scaledTolerance(kind: ToleranceKind, scale: number): Tolerance {
  const base = TOLERANCES[kind];
  if (kind === 'exact') return base;
  return { rtol: base.rtol * scale, atol: base.atol * scale };
}

/** True when `actual` is within `tol` of `expected` (NaN matches NaN; infinities match exactly). */
export function isClose(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}
