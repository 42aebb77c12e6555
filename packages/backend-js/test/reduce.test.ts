import { describe, expect, it } from 'vitest';
import type { DType, ReduceOp } from '@nabla/tensor-core';
import { closeTo, make, numel, randoms, ravel, read, readTyped, unravel, routines } from './helpers.js';

const INIT: Record<ReduceOp, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity, any: 0, all: 1 };
const STEP: Record<ReduceOp, (acc: number, v: number) => number> = {
  sum: (acc, v) => acc + v,
  prod: (acc, v) => acc * v,
  max: (acc, v) => (Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.max(acc, v)),
  min: (acc, v) => (Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.min(acc, v)),
  any: (acc, v) => +(acc !== 0 || v !== 0),
  all: (acc, v) => +(acc !== 0 && v !== 0),
};

/** Reference: fold every input element into the output cell it lands in. */
function naiveReduce(op: ReduceOp, x: number[], shape: number[], axes: number[]): number[] {
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const out = new Array<number>(numel(outShape)).fill(INIT[op]);
  for (let i = 0; i < x.length; i++) {
    const idx = unravel(i, shape).filter((_, ax) => !axes.includes(ax));
    const o = ravel(idx, outShape);
    out[o] = STEP[op](out[o], x[i]);
  }
  return out;
}

const OPS: ReduceOp[] = ['sum', 'prod', 'max', 'min', 'any', 'all'];
const AXES: number[][] = [[], [0], [1], [3], [0, 1], [1, 2], [2, 3], [0, 2], [1, 3], [0, 1, 2, 3], [0, 3]];

describe('reduce', () => {
  const shape = [3, 4, 2, 5];
  const x = randoms(numel(shape), 31, -1.5, 1.5).map((v) => Math.round(v * 4) / 4);
  for (const op of OPS) {
    it(`${op} over contiguous and scattered axes (float64)`, () => {
      for (const axes of AXES) {
        const got = read(routines.reduce(op, make(x, shape, 'float64'), axes));
        closeTo(got, naiveReduce(op, x, shape, axes), 1e-12);
      }
    });
  }

  it('returns bool for any/all and the input dtype otherwise', () => {
    const types: [DType, unknown][] = [['float32', Float32Array], ['int32', Int32Array], ['float64', Float64Array]];
    for (const [dtype, ctor] of types) {
      expect(readTyped(routines.reduce('max', make([1, 2], [2], dtype), [0]))).toBeInstanceOf(ctor);
      expect(readTyped(routines.reduce('any', make([1, 2], [2], dtype), [0]))).toBeInstanceOf(Uint8Array);
    }
    expect(read(routines.reduce('all', make([1, 1, 0, 1], [2, 2], 'bool'), [1]))).toEqual([1, 0]);
    expect(read(routines.reduce('max', make([0, 1, 0, 0], [2, 2], 'bool'), [1]))).toEqual([1, 0]);
  });

  it('gives identities for empty reductions, int32 min/max at the type limits', () => {
    const empty = make([], [2, 0], 'float32');
    expect(read(routines.reduce('sum', empty, [1]))).toEqual([0, 0]);
    expect(read(routines.reduce('prod', empty, [1]))).toEqual([1, 1]);
    expect(read(routines.reduce('max', empty, [1]))).toEqual([-Infinity, -Infinity]);
    expect(read(routines.reduce('min', empty, [1]))).toEqual([Infinity, Infinity]);
    expect(read(routines.reduce('any', empty, [1]))).toEqual([0, 0]);
    expect(read(routines.reduce('all', empty, [1]))).toEqual([1, 1]);
    const emptyInt = make([], [0, 2], 'int32');
    expect(read(routines.reduce('max', emptyInt, [0]))).toEqual([-2147483648, -2147483648]);
    expect(read(routines.reduce('min', emptyInt, [0]))).toEqual([2147483647, 2147483647]);
    expect(read(routines.reduce('sum', make([], [0, 3]), [1]))).toEqual([]);
  });

  it('wraps int32 sum and prod', () => {
    expect(read(routines.reduce('sum', make([2147483647, 1, 5], [3], 'int32'), [0]))).toEqual([-2147483643]);
    expect(read(routines.reduce('prod', make([65536, 65536, 3], [3], 'int32'), [0]))).toEqual([0]);
    expect(read(routines.reduce('prod', make([46341, 46341], [2], 'int32'), [0]))).toEqual([-2147479015]);
  });

  it('propagates NaN through max and min, wherever it sits', () => {
    for (const axes of [[0], [1]]) {
      const y = read(routines.reduce('max', make([1, NaN, 3, 4], [2, 2]), axes));
      expect(Number.isNaN(y[axes[0] === 0 ? 1 : 0])).toBe(true);
    }
    expect(read(routines.reduce('min', make([NaN, 1, 2], [3]), [0]))[0]).toBeNaN();
  });
});

describe('argReduce', () => {
  function naiveArg(op: 'argmax' | 'argmin', x: number[], shape: number[], axis: number): number[] {
    const outShape = shape.filter((_, i) => i !== axis);
    const out: number[] = [];
    for (let o = 0; o < numel(outShape); o++) {
      const idx = unravel(o, outShape);
      let best = 0;
      for (let r = 0; r < shape[axis]; r++) {
        const full = [...idx.slice(0, axis), r, ...idx.slice(axis)];
        const v = x[ravel(full, shape)];
        const cur = x[ravel([...idx.slice(0, axis), best, ...idx.slice(axis)], shape)];
        if (Number.isNaN(cur)) break;
        if (Number.isNaN(v) || (op === 'argmax' ? v > cur : v < cur)) best = r;
      }
      out.push(best);
    }
    return out;
  }

  it('finds the first max/min along every axis (with ties)', () => {
    const shape = [3, 4, 5];
    const x = randoms(numel(shape), 41).map((v) => Math.round(v * 2));
    for (const op of ['argmax', 'argmin'] as const) {
      for (let axis = 0; axis < 3; axis++) {
        const out = routines.argReduce(op, make(x, shape), axis);
        expect(readTyped(out)).toBeInstanceOf(Int32Array);
        expect(read(out)).toEqual(naiveArg(op, x, shape, axis));
      }
    }
  });

  it('lets the first NaN win and resolves ties to the first index', () => {
    expect(read(routines.argReduce('argmax', make([1, NaN, 5, NaN], [4]), 0))).toEqual([1]);
    expect(read(routines.argReduce('argmin', make([NaN, -1], [2]), 0))).toEqual([0]);
    expect(read(routines.argReduce('argmax', make([2, 7, 7], [3], 'int32'), 0))).toEqual([1]);
  });

  it('throws a BackendError for a zero-length axis with outputs', () => {
    expect(() => routines.argReduce('argmax', make([], [2, 0]), 1)).toThrow(/argmax.*size 0/);
    expect(read(routines.argReduce('argmax', make([], [0, 3]), 1))).toEqual([]);
  });
});
