import { matmul, ndarray } from '@nabla/backend-conformance/reference';
import { describe, expect, it } from 'vitest';
import { blockRowsFor } from '../src/matmul/matmul.js';
import { withBackends } from './support/backends.js';
import { expectClose } from './support/close.js';
import { uniform } from './support/random.js';

/** The suite's float64 reference product; a stored [batchA, M, K] or [batchA, K, M], b [batchB, K, N] or [batchB, N, K]. */
function matmulRef(a: readonly number[], b: readonly number[], batchA: number, batchB: number, m: number, n: number, k: number, ta: boolean, tb: boolean): number[] {
  const aStored = ndarray(ta ? [batchA, k, m] : [batchA, m, k], a);
  const bStored = ndarray(tb ? [batchB, n, k] : [batchB, k, n], b);
  return Array.from(matmul(aStored, bStored, ta, tb).data);
}

withBackends((get) => {
  describe('matmul', () => {
    const sizes: [number, number, number, number, number][] = [
      // batchA, batchB, M, N, K
      [1, 1, 1, 1, 1],
      [1, 1, 3, 5, 7],
      [1, 1, 4, 8, 16],
      [2, 2, 9, 13, 11],
      [3, 1, 6, 10, 5],
      [1, 4, 5, 7, 3],
      [1, 1, 130, 70, 300],
      [1, 1, 67, 530, 40],
      [2, 1, 150, 33, 270],
      // few rows: a row-major B is read in place (full 8-column panels), the ragged panel packed
      [1, 1, 32, 512, 128],
      [1, 1, 64, 75, 300],
      [4, 4, 32, 45, 33],
      [1, 1, 65, 64, 64],
      // few rows above 2^20 multiply-adds on 2 threads: C's columns split in 8-column panels
      // (ragged last panel, fewer rows than the micro-kernel, one row)
      [1, 1, 3, 700, 600],
      [1, 1, 1, 1030, 1100],
      // K not a multiple of 4 (the transposing packs' scalar tail)
      [1, 1, 12, 16, 7],
      [1, 1, 36, 40, 130],
      // either side of the parallel threshold (2^22 multiply-adds)
      [1, 1, 128, 128, 255],
      [1, 1, 128, 128, 256],
      // above it on 2 threads: B packed once, row blocks shared out (ragged N > NC, K > 2·KC,
      // broadcast batches, few rows per block)
      [1, 1, 131, 530, 70],
      [3, 1, 67, 45, 700],
      [1, 3, 100, 90, 170],
      [2, 2, 40, 300, 200],
    ];
    for (const [batchA, batchB, m, n, k] of sizes) {
      for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]] as const) {
        it(`float32 [${batchA}x${m}x${k}]·[${batchB}x${k}x${n}] ta=${ta} tb=${tb}`, () => {
          const { t, read, routines } = get();
          const av = uniform(batchA * m * k, m * 31 + k, -1, 1).map(Math.fround);
          const bv = uniform(batchB * k * n, n * 17 + k, -1, 1).map(Math.fround);
          const a = t(av, ta ? [batchA, k, m] : [batchA, m, k]);
          const b = t(bv, tb ? [batchB, n, k] : [batchB, k, n]);
          const expected = matmulRef(av, bv, batchA, batchB, m, n, k, ta, tb);
          expectClose(read(routines.matmul(a, b, ta, tb)), expected, 1e-4, 1e-4);
        });
      }
    }
    it('float64 in every transpose form', () => {
      const { t, read, routines } = get();
      const [m, n, k] = [9, 7, 12];
      const av = uniform(m * k, 1);
      const bv = uniform(k * n, 2);
      for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]] as const) {
        const out = routines.matmul(t(av, ta ? [1, k, m] : [1, m, k], 'float64'), t(bv, tb ? [1, n, k] : [1, k, n], 'float64'), ta, tb);
        expectClose(read(out), matmulRef(av, bv, 1, 1, m, n, k, ta, tb), 1e-12, 1e-12);
      }
    });
    it('float64 with few rows split by columns', () => {
      const { t, read, routines } = get();
      const [m, n, k] = [5, 301, 700];
      const av = uniform(m * k, 4);
      const bv = uniform(k * n, 5);
      for (const [ta, tb] of [[false, false], [false, true], [true, false]] as const) {
        const out = routines.matmul(t(av, ta ? [1, k, m] : [1, m, k], 'float64'), t(bv, tb ? [1, n, k] : [1, k, n], 'float64'), ta, tb);
        expectClose(read(out), matmulRef(av, bv, 1, 1, m, n, k, ta, tb), 1e-12, 1e-12);
      }
    });
    it('rank-2 operands and K = 0 (zeros)', () => {
      const { t, read, routines } = get();
      expect(read(routines.matmul(t([1, 2, 3, 4], [2, 2]), t([5, 6, 7, 8], [2, 2]), false, false))).toEqual([19, 22, 43, 50]);
      expect(read(routines.matmul(t([], [1, 2, 0]), t([], [1, 0, 3]), false, false))).toEqual([0, 0, 0, 0, 0, 0]);
      expect(read(routines.matmul(t([], [1, 0, 4]), t(uniform(12, 3), [1, 4, 3]), false, false))).toEqual([]);
    });
    it('shares a parallel product out in MR-aligned row blocks of 16 to 128 rows', () => {
      for (const [batch, m] of [[1, 1024], [1, 200], [1, 30], [8, 1024], [64, 32], [3, 1]]) {
        const rows = blockRowsFor(batch, m, 2);
        expect(rows % 4).toBe(0);
        expect(rows).toBeGreaterThanOrEqual(16);
        expect(rows).toBeLessThanOrEqual(128);
      }
      expect(blockRowsFor(1, 1024, 2)).toBe(128);
      expect(blockRowsFor(1, 256, 2)).toBe(32);
    });
    it('rejects integer operands with a DTypeError', () => {
      const { t, routines } = get();
      expect(() => routines.matmul(t([1], [1, 1], 'int32'), t([1], [1, 1], 'int32'), false, false)).toThrow(/matmul.*int32/);
    });
  });
});
