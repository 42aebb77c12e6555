import { describe, expect, it } from 'vitest';
import { backend, broadcastSource, make, numel, randoms, read, readTyped, unravel, whereK, clipK, castK } from './helpers.js';

describe('where', () => {
  it('selects with three-way broadcasting against an index loop', () => {
    const cShape = [3, 1];
    const aShape = [1, 4];
    const bShape = [2, 3, 4];
    const outShape = [2, 3, 4];
    const cond = [1, 0, 1];
    const a = randoms(4, 1);
    const b = randoms(24, 2);
    const expected: number[] = [];
    for (let i = 0; i < numel(outShape); i++) {
      const idx = unravel(i, outShape);
      expected.push(cond[broadcastSource(idx, cShape)] ? a[broadcastSource(idx, aShape)] : b[broadcastSource(idx, bShape)]);
    }
    const got = read(whereK(backend, make(cond, cShape, 'bool'), make(a, aShape, 'float64'), make(b, bShape, 'float64'), outShape));
    expect(got).toEqual(expected);
  });

  it('selects elementwise on equal shapes, keeping the operand dtype', () => {
    const out = whereK(backend, make([1, 0, 0], [3], 'bool'), make([1, 2, 3], [3], 'int32'), make([4, 5, 6], [3], 'int32'), [3]);
    expect(readTyped(out)).toEqual(new Int32Array([1, 5, 6]));
  });

  it('handles empty outputs', () => {
    expect(read(whereK(backend, make([], [0], 'bool'), make([1], [1]), make([2], [1]), [0]))).toEqual([]);
  });
});

describe('clip', () => {
  it('clamps into [lo, hi] and keeps NaN', () => {
    const y = read(clipK(backend, make([-5, -1, 0, 0.5, 1, 7, NaN], [7]), -1, 1));
    expect(y.slice(0, 6)).toEqual([-1, -1, 0, 0.5, 1, 1]);
    expect(y[6]).toBeNaN();
  });
  it('clamps int32', () => {
    expect(read(clipK(backend, make([-9, 3, 9], [3], 'int32'), -2, 4))).toEqual([-2, 3, 4]);
  });
});

describe('cast', () => {
  it('truncates float to int32 toward zero', () => {
    const out = castK(backend, make([1.9, -1.9, 0.5, -0.5, 7], [5], 'float64'), 'int32');
    expect(readTyped(out)).toEqual(new Int32Array([1, -1, 0, 0, 7]));
  });
  it('saturates out-of-range floats and maps NaN to 0 (like WebAssembly trunc_sat)', () => {
    const values = [3e9, -3e9, Infinity, -Infinity, NaN, 2147483647.5, -2147483648.5, -0];
    const expected = new Int32Array([2147483647, -2147483648, 2147483647, -2147483648, 0, 2147483647, -2147483648, 0]);
    expect(readTyped(castK(backend, make(values, [values.length], 'float64'), 'int32'))).toEqual(expected);
    expect(readTyped(castK(backend, make([3e9, -3e9, Infinity, NaN], [4], 'float32'), 'int32'))).toEqual(new Int32Array([2147483647, -2147483648, 2147483647, 0]));
  });
  it('maps anything to bool as != 0 (NaN is true)', () => {
    expect(readTyped(castK(backend, make([0, -0, 2, NaN, -3], [5]), 'bool'))).toEqual(new Uint8Array([0, 0, 1, 1, 1]));
    expect(readTyped(castK(backend, make([0, 5], [2], 'int32'), 'bool'))).toEqual(new Uint8Array([0, 1]));
  });
  it('widens and narrows floats, and turns bool into numbers', () => {
    expect(readTyped(castK(backend, make([0.1], [1], 'float64'), 'float32'))).toEqual(new Float32Array([Math.fround(0.1)]));
    expect(readTyped(castK(backend, make([1, 0], [2], 'bool'), 'float64'))).toEqual(new Float64Array([1, 0]));
    expect(readTyped(castK(backend, make([-3], [1], 'int32'), 'float32'))).toEqual(new Float32Array([-3]));
  });
});
