/** The Gauss error function in float64: Maclaurin series for |x| < 4, asymptotic erfc beyond. */

/** erf(x) accurate to ~1e-9 absolute (series cancellation near |x| = 4), far below float32 resolution. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 4) {
    // erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) ≈ e^(−x²)/(x√π) · (1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶) + 105/(16x⁸))
  const inv = 1 / (2 * ax * ax);
  const series = 1 - inv + 3 * inv * inv - 15 * inv ** 3 + 105 * inv ** 4;
  const erfc = (Math.exp(-ax * ax) / (ax * Math.sqrt(Math.PI))) * series;
  return Math.sign(x) * (1 - erfc);
}
