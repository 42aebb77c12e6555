import type { ReduceOp } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { withBackends } from './support/backends.js';
import { expectClose, numel, strides, unravel } from './support/close.js';
import { integers, uniform } from './support/random.js';

/** Naive reduction over `axes` of a row-major array. */
function reduceRef(values: readonly number[], shape: readonly number[], axes: readonly number[], fn: (acc: number, v: number) => number, init: number): number[] {
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const out = new Array<number>(numel(outShape)).fill(init);
  const outStrides = strides(outShape);
  for (let i = 0; i < values.length; i++) {
    const idx = unravel(i, shape).filter((_, d) => !axes.includes(d));
    const o = idx.reduce((acc, v, d) => acc + v * outStrides[d], 0);
    out[o] = fn(out[o], values[i]);
  }
  return out;
}

const nanMax = (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));
const nanMin = (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b));

const FLOAT_REFS: Record<Exclude<ReduceOp, 'any' | 'all'>, [(a: number, b: number) => number, number]> = {
  sum: [(a, b) => a + b, 0],
  prod: [(a, b) => a * b, 1],
  max: [nanMax, -Infinity],
  min: [nanMin, Infinity],
};

withBackends((get) => {
  describe('reduce', () => {
    const cases: [number[], number[]][] = [
      [[7], [0]],
      [[4, 5], [1]],
      [[4, 5], [0]],
      [[3, 4, 5], [1]],
      [[3, 4, 5], [0, 2]],
      [[2, 3, 4, 5], [1, 3]],
      [[3, 4, 5], [0, 1, 2]],
      [[6, 1, 130], [0]],
      [[300, 260], [0]],
      [[260, 300], [1]],
      // inner 70 and 150: 16-column blocks, then 4-column vectors, then single columns
      [[5, 2, 70], [1]],
      [[40, 150], [0]],
      [[2, 0, 3], [1]],
    ];
    for (const [shape, axes] of cases) {
      for (const op of ['sum', 'prod', 'max', 'min'] as const) {
        it(`float32 ${op} of [${shape}] over [${axes}]`, () => {
          const { t, read, routines } = get();
          const values = uniform(numel(shape), numel(shape) + 11, 0.5, 1.5).map(Math.fround);
          const [fn, init] = FLOAT_REFS[op];
          const expected = reduceRef(values, shape, axes, fn, init);
          expectClose(read(routines.reduce(op, t(values, shape), axes)), expected.map(Math.fround), op === 'prod' ? 1e-4 : 2e-5, 1e-5);
        });
      }
    }
    it('max/min propagate NaN, empty reductions give the identity', () => {
      const { t, read, routines } = get();
      const x = t([1, Number.NaN, 3, 4, 5, 6, 7, 8, 9, 10], [2, 5]);
      expectClose(read(routines.reduce('max', x, [1])), [NaN, 10]);
      expectClose(read(routines.reduce('min', x, [1])), [NaN, 6]);
      // over a leading axis, 16 columns at a time: a NaN in row 2 of column 9 wins that column only
      const columns = Array.from({ length: 3 * 20 }, (_, i) => (i === 2 * 20 + 9 ? Number.NaN : i % 7));
      const expectedMax = Array.from({ length: 20 }, (_, c) => (c === 9 ? NaN : Math.max(c % 7, (20 + c) % 7, (40 + c) % 7)));
      expectClose(read(routines.reduce('max', t(columns, [3, 20]), [0])), expectedMax);
      const empty = t([], [3, 0]);
      expectClose(read(routines.reduce('sum', empty, [1])), [0, 0, 0]);
      expectClose(read(routines.reduce('prod', empty, [1])), [1, 1, 1]);
      expectClose(read(routines.reduce('max', empty, [1])), [-Infinity, -Infinity, -Infinity]);
      expectClose(read(routines.reduce('min', empty, [1])), [Infinity, Infinity, Infinity]);
      expect(read(routines.reduce('any', t([], [2, 0], 'bool'), [1]))).toEqual([0, 0]);
      expect(read(routines.reduce('all', t([], [2, 0], 'bool'), [1]))).toEqual([1, 1]);
      expect(read(routines.reduce('max', t([], [2, 0], 'int32'), [1]))).toEqual([-2147483648, -2147483648]);
      expect(read(routines.reduce('min', t([], [2, 0], 'int32'), [1]))).toEqual([2147483647, 2147483647]);
    });
    it('int32 sum and prod wrap around', () => {
      const { t, read, routines } = get();
      const values = [2147483647, 1, 5, 65536, 65536, 3];
      const x = t(values, [2, 3], 'int32');
      expect(read(routines.reduce('sum', x, [1]))).toEqual([(2147483647 + 1 + 5) | 0, 65536 + 65536 + 3]);
      expect(read(routines.reduce('prod', x, [1]))).toEqual([Math.imul(2147483647, 5), Math.imul(65536 * 65536, 3)]);
      const big = integers(100_000, 3, -1000, 1000);
      expect(read(routines.reduce('sum', t(big, [100_000], 'int32'), [0]))).toEqual([big.reduce((a, b) => a + b, 0)]);
      expect(read(routines.reduce('max', t(big, [100, 1000], 'int32'), [0]))).toEqual(reduceRef(big, [100, 1000], [0], Math.max, -Infinity));
    });
    it('any and all on bool, int32 and float32', () => {
      const { t, read, routines } = get();
      const b = t([0, 0, 1, 1, 1, 1], [2, 3], 'bool');
      expect(read(routines.reduce('any', b, [1]))).toEqual([1, 1]);
      expect(read(routines.reduce('all', b, [1]))).toEqual([0, 1]);
      expect(read(routines.reduce('all', b, [0]))).toEqual([0, 0, 1]);
      expect(read(routines.reduce('any', t([0, 0, -2, 0], [2, 2], 'int32'), [1]))).toEqual([0, 1]);
      expect(read(routines.reduce('all', t([0.5, Number.NaN, 0, 1], [2, 2]), [1]))).toEqual([1, 0]);
    });
    it('a large float32 sum is accurate (f64 accumulation)', () => {
      const { t, read, routines } = get();
      const values = uniform(1_000_003, 12, 0, 1).map(Math.fround);
      const exact = values.reduce((a, b) => a + b, 0);
      expectClose(read(routines.reduce('sum', t(values, [values.length]), [0])), [Math.fround(exact)], 1e-7, 0);
    });
    it('float64 sum keeps double precision', () => {
      const { t, read, routines } = get();
      expect(read(routines.reduce('sum', t([0.1, 0.2, 0.3], [3], 'float64'), [0]))).toEqual([0.1 + 0.2 + 0.3]);
    });
  });

  describe('argReduce', () => {
    it('argmax/argmin along each axis with first-index ties', () => {
      const { t, read, routines } = get();
      const shape = [3, 4, 5];
      const values = integers(60, 21, 0, 4);
      const x = t(values, shape, 'int32');
      for (let axis = 0; axis < 3; axis++) {
        const outShape = shape.filter((_, i) => i !== axis);
        const expectedMax: number[] = [];
        const expectedMin: number[] = [];
        for (let o = 0; o < numel(outShape); o++) {
          const idx = unravel(o, outShape);
          let bi = 0, si = 0;
          const at = (j: number): number => {
            const full = [...idx.slice(0, axis), j, ...idx.slice(axis)];
            return values[full.reduce((acc, v, d) => acc + v * strides(shape)[d], 0)];
          };
          for (let j = 1; j < shape[axis]; j++) {
            if (at(j) > at(bi)) bi = j;
            if (at(j) < at(si)) si = j;
          }
          expectedMax.push(bi);
          expectedMin.push(si);
        }
        expect(read(routines.argReduce('argmax', x, axis))).toEqual(expectedMax);
        expect(read(routines.argReduce('argmin', x, axis))).toEqual(expectedMin);
      }
    });
    it('NaN wins, float32 and float64', () => {
      const { t, read, routines } = get();
      for (const dtype of ['float32', 'float64'] as const) {
        const x = t([1, 5, Number.NaN, 5, Number.NaN, 0, -1, -1], [2, 4], dtype);
        expect(read(routines.argReduce('argmax', x, 1))).toEqual([2, 0]);
        expect(read(routines.argReduce('argmin', x, 1))).toEqual([2, 0]);
        expect(read(routines.argReduce('argmin', t([3, -1, -1, 2], [4], dtype), 0))).toEqual([1]);
      }
    });
    it('bool inputs', () => {
      const { t, read, routines } = get();
      expect(read(routines.argReduce('argmax', t([0, 0, 1, 1], [4], 'bool'), 0))).toEqual([2]);
    });
  });
});

withBackends((get) => {
  describe('full reductions of long rows (split between threads, then combined)', () => {
    const n = 200_003;
    const values = uniform(n, 31, -1, 1).map(Math.fround);
    values[12345] = 3.5;
    values[150000] = -2.25;
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${dtype} sum, max, min, prod, any, all`, () => {
        const { t, read, routines } = get();
        const x = t(values, [n], dtype);
        const cast = dtype === 'float32' ? Math.fround : (v: number) => v;
        expectClose(read(routines.reduce('sum', x, [0])), [cast(values.reduce((a, b) => a + b, 0))], 1e-7, 1e-9);
        expect(read(routines.reduce('max', x, [0]))).toEqual([3.5]);
        expect(read(routines.reduce('min', x, [0]))).toEqual([-2.25]);
        const factors = values.map((v) => cast(1 + v * 1e-5));
        expectClose(read(routines.reduce('prod', t(factors, [n], dtype), [0])), [cast(factors.reduce((a, v) => a * v, 1))], 1e-6, 0);
        expect(read(routines.reduce('any', x, [0]))).toEqual([1]);
        expect(read(routines.reduce('all', t(values.map((v, i) => (i === 199_999 ? 0 : v)), [n], dtype), [0]))).toEqual([0]);
      });
    }
    it('int32 sums wrap and NaN wins max', () => {
      const { t, read, routines } = get();
      const ints = integers(n, 4, 0, 2_000_000);
      const wrapped = ints.reduce((a, b) => (a + b) | 0, 0);
      expect(read(routines.reduce('sum', t(ints, [n], 'int32'), [0]))).toEqual([wrapped]);
      expect(read(routines.reduce('sum', t(ints, [1, n], 'int32'), [1]))).toEqual([wrapped]);
      const withNaN = [...values];
      withNaN[n - 1] = Number.NaN;
      expectClose(read(routines.reduce('max', t(withNaN, [n]), [0])), [NaN]);
      expect(read(routines.reduce('any', t(new Array<number>(n).fill(0), [n], 'bool'), [0]))).toEqual([0]);
    });
  });
});
