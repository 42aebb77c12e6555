import { describe, expect, it } from 'vitest';
import { backend, closeTo, make, randoms, read, routines } from './helpers.js';

/** Naive batched product reading the operands in their stored (possibly transposed) layout. */
function naiveMatmul(
  a: number[], aShape: number[], b: number[], bShape: number[], ta: boolean, tb: boolean,
): number[] {
  const [ba, ar, ac] = aShape;
  const [bb, br, bc] = bShape;
  const m = ta ? ac : ar;
  const k = ta ? ar : ac;
  const n = tb ? br : bc;
  const batch = Math.max(ba, bb);
  const out: number[] = [];
  for (let t = 0; t < batch; t++) {
    const ao = (ba === 1 ? 0 : t) * ar * ac;
    const bo = (bb === 1 ? 0 : t) * br * bc;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = ta ? a[ao + p * ac + i] : a[ao + i * ac + p];
          const bv = tb ? b[bo + j * bc + p] : b[bo + p * bc + j];
          s += av * bv;
        }
        out.push(s);
      }
    }
  }
  return out;
}

function check(batchA: number, batchB: number, m: number, n: number, k: number, ta: boolean, tb: boolean, dtype: 'float32' | 'float64' = 'float32'): void {
  const aShape = [batchA, ta ? k : m, ta ? m : k];
  const bShape = [batchB, tb ? n : k, tb ? k : n];
  const a = randoms(batchA * m * k, 11 + m).map(dtype === 'float32' ? Math.fround : (v) => v);
  const b = randoms(batchB * k * n, 29 + n).map(dtype === 'float32' ? Math.fround : (v) => v);
  const out = routines.matmul(make(a, aShape, dtype), make(b, bShape, dtype), ta, tb);
  const got = backend.readSync(out);
  expect(got).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
  closeTo(got, naiveMatmul(a, aShape, b, bShape, ta, tb), dtype === 'float32' ? 2e-5 : 1e-12);
}

describe('matmul', () => {
  it('multiplies a hand-computed 2x2 product', () => {
    const out = routines.matmul(make([1, 2, 3, 4], [1, 2, 2]), make([5, 6, 7, 8], [1, 2, 2]), false, false);
    expect(read(out)).toEqual([19, 22, 43, 50]);
  });

  for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]] as const) {
    const tag = `${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`;
    it(`${tag}: small shapes (unpacked path)`, () => {
      check(1, 1, 1, 1, 1, ta, tb);
      check(1, 1, 3, 5, 7, ta, tb);
      check(2, 2, 4, 4, 4, ta, tb);
    });
    it(`${tag}: blocked path with ragged edges and K beyond one panel`, () => {
      check(1, 1, 37, 41, 300, ta, tb);
      check(1, 1, 131, 67, 19, ta, tb);
    });
    it(`${tag}: skinny products (matrix-vector, vector-matrix) on the unpacked path`, () => {
      check(1, 1, 1, 300, 200, ta, tb);
      check(1, 1, 300, 2, 200, ta, tb);
      check(2, 1, 2, 70, 500, ta, tb);
    });
    it(`${tag}: N beyond one packed column block`, () => {
      check(1, 1, 3, 2100, 8, ta, tb);
    });
    it(`${tag}: batch broadcast in both directions`, () => {
      check(3, 1, 9, 33, 130, ta, tb);
      check(1, 3, 33, 9, 130, ta, tb);
    });
  }

  it('computes float64 to double precision', () => {
    check(2, 2, 45, 38, 70, false, true, 'float64');
    check(1, 1, 45, 38, 70, true, false, 'float64');
  });

  it('handles empty operands (M, N, K or batch of 0)', () => {
    expect(read(routines.matmul(make([], [1, 0, 3]), make(randoms(6, 1), [1, 3, 2]), false, false))).toEqual([]);
    // K = 0 gives an M×N matrix of zeros
    expect(read(routines.matmul(make([], [1, 2, 0]), make([], [1, 0, 3]), false, false))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(read(routines.matmul(make([], [0, 2, 2]), make([1, 2, 3, 4], [1, 2, 2]), false, false))).toEqual([]);
  });

  it('propagates NaN and Infinity', () => {
    const out = read(routines.matmul(make([NaN, 1, 2, 3], [1, 2, 2]), make([1, 0, 0, 1], [1, 2, 2]), false, false));
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeNaN();
    expect(out.slice(2)).toEqual([2, 3]);
  });
});
