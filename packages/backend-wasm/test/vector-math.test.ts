import { erf } from '@nabla/backend-conformance/reference';
import { describe, expect, it } from 'vitest';
import { withBackends } from './support/backends.js';
import { unaryK } from './support/programs.js';

/** float64 references of the float32 ops that have SIMD approximations. */
const REFERENCES = {
  exp: Math.exp,
  sigmoid: (x: number) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  erf,
} as const;

/** Distance in float32 ulps between a float32 result and the correctly rounded reference. */
function ulps(actual: number, exact: number): number {
  const rounded = Math.fround(exact);
  if (actual === rounded) return 0;
  const spacing = Math.max(Math.abs(rounded), 2 ** -126) * 2 ** -23;
  return Math.abs(actual - rounded) / spacing;
}

withBackends((get) => {
  describe('float32 exp, sigmoid, tanh and erf (SIMD polynomials)', () => {
    // a dense sweep over the whole useful range, including the edges of the tanh polynomial
    const sweep = Float32Array.from({ length: 40_001 }, (_, i) => -100 + i * 0.005);
    for (const op of ['exp', 'sigmoid', 'tanh', 'erf'] as const) {
      it(`${op} stays within 4 ulp of float64 on [-100, 100]`, () => {
        const { t, readTyped, backend } = get();
        const out = readTyped(unaryK(backend, op, t(sweep, [sweep.length])));
        let worst = 0;
        let worstAt = 0;
        for (let i = 0; i < sweep.length; i++) {
          const exact = REFERENCES[op](sweep[i]);
          if (Math.abs(exact) < 2 ** -126 || !Number.isFinite(Math.fround(exact))) continue; // subnormal or overflowing
          const u = ulps(out[i], exact);
          if (u > worst) [worst, worstAt] = [u, sweep[i]];
        }
        expect(worst, `worst at x = ${worstAt}`).toBeLessThanOrEqual(4);
      });
    }

    it('handles NaN, infinities, signed zero, overflow and underflow', () => {
      const { t, read, backend } = get();
      const x = t([Number.NaN, Infinity, -Infinity, 0, -0, 88.8, -88, -104, 1e-30, -1e-30], [10]);
      const exp = read(unaryK(backend, 'exp', x));
      expect([...exp.slice(0, 6), ...exp.slice(7)]).toEqual([Number.NaN, Infinity, 0, 1, 1, Infinity, 0, 1, 1]);
      // results in the float32 subnormal range flush to zero: off by less than the smallest normal
      expect(exp[6]).toBeGreaterThanOrEqual(0);
      expect(Math.abs(exp[6] - Math.exp(-88))).toBeLessThan(2 ** -126);
      const sigmoid = read(unaryK(backend, 'sigmoid', x));
      expect(sigmoid.slice(0, 6)).toEqual([Number.NaN, 1, 0, 0.5, 0.5, 1]);
      expect(sigmoid[7]).toBe(0);
      const tanh = read(unaryK(backend, 'tanh', x));
      expect(tanh.slice(0, 4)).toEqual([Number.NaN, 1, -1, 0]);
      expect(Object.is(tanh[4], -0)).toBe(true);
      expect(tanh.slice(5)).toEqual([1, -1, -1, Math.fround(1e-30), Math.fround(-1e-30)]);
      const erfs = read(unaryK(backend, 'erf', x));
      expect(erfs.slice(0, 4)).toEqual([Number.NaN, 1, -1, 0]);
      expect(Object.is(erfs[4], -0)).toBe(true);
      expect(erfs.slice(5, 8)).toEqual([1, -1, -1]);
      expect(ulps(erfs[8], (2 / Math.sqrt(Math.PI)) * Math.fround(1e-30))).toBeLessThanOrEqual(1); // erf(x) ≈ 2x/√π
    });

    it('gives an element the same value wherever it sits (vector tails of 1-3 elements)', () => {
      const { t, readTyped, backend } = get();
      const base = [0.3, -1.7, 2.2, 0.1, -0.05, 5.5, -3.25];
      for (const op of ['exp', 'sigmoid', 'tanh', 'erf'] as const) {
        const full = readTyped(unaryK(backend, op, t(base, [7])));
        for (let start = 1; start < 7; start++) {
          const part = readTyped(unaryK(backend, op, t(base.slice(start), [7 - start])));
          expect(Array.from(part)).toEqual(Array.from(full.subarray(start)));
        }
      }
    });
  });
});
