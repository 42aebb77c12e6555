/** The float64 references themselves, checked against hand-computed values (no backend needed). */
import { describe, expect, it } from 'vitest';
import { broadcastShape, broadcastTo, zipBroadcast } from '../src/reference/broadcast.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput, windowCount } from '../src/reference/conv.js';
import { BINARY_REFERENCE, INT32_REFERENCE, UNARY_REFERENCE, flooredMod, roundHalfEven } from '../src/reference/elementwise.js';
import { erf } from '../src/reference/erf.js';
import { gather, scatterAdd } from '../src/reference/indexing.js';
import { concat, pad, slice, transpose } from '../src/reference/layout.js';
import { matmul } from '../src/reference/matmul.js';
import { ndarray, ravel, unravel } from '../src/reference/ndarray.js';
import { avgPool2d, avgPool2dBackprop, maxPool2d, maxPool2dBackprop } from '../src/reference/pool.js';
import * as R from '../src/reference/reduce.js';
import { logSoftmax, softmax } from '../src/reference/softmax.js';
import { isClose, scaledTolerance } from '../src/tolerance.js';
import { makeContext } from '../src/context.js';

const list = (x: { data: Float64Array }): number[] => Array.from(x.data);

describe('reference ndarray and broadcasting', () => {
  it('ravel and unravel are inverse', () => {
    expect(unravel(23, [2, 3, 4])).toEqual([1, 2, 3]);
    expect(ravel([1, 0, 2], [2, 3, 4])).toBe(14);
  });
  it('broadcast shapes and values', () => {
    expect(broadcastShape([3, 1], [4])).toEqual([3, 4]);
    expect(broadcastShape([2], [3])).toBeNull();
    expect(list(broadcastTo(ndarray([2, 1], [1, 2]), [2, 3]))).toEqual([1, 1, 1, 2, 2, 2]);
    expect(list(zipBroadcast(ndarray([2, 1], [1, 2]), ndarray([3], [10, 20, 30]), (a, b) => a + b))).toEqual([11, 21, 31, 12, 22, 32]);
  });
});

describe('reference elementwise definitions', () => {
  it('erf matches tabulated values', () => {
    expect(erf(0)).toBe(0);
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 13);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 13);
    expect(erf(-2)).toBeCloseTo(-0.9953222650189527, 13);
    expect(erf(3.5)).toBeCloseTo(0.9999992569016276, 9);
    expect(erf(4.5)).toBeCloseTo(0.9999999998033839, 12);
    expect(erf(6)).toBe(1);
  });
  it('round half to even, floored modulo, sign, step', () => {
    expect([0.5, 1.5, 2.5, -2.5, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -2, 3]);
    expect([flooredMod(7, 3), flooredMod(-7, 3), flooredMod(7, -3), flooredMod(-7, -3)]).toEqual([1, 2, -2, -1]);
    expect(UNARY_REFERENCE.sign(0)).toBe(0);
    expect(UNARY_REFERENCE.step(0)).toBe(1);
    expect(UNARY_REFERENCE.softplus(1000)).toBe(1000);
    expect(UNARY_REFERENCE.sigmoid(-1000)).toBe(0);
  });
  it('binary NaN rules and int32 wrap-around', () => {
    expect(BINARY_REFERENCE.maximum(NaN, 1)).toBeNaN();
    expect(BINARY_REFERENCE.minimum(1, NaN)).toBeNaN();
    expect(INT32_REFERENCE.add(2 ** 31 - 1, 1)).toBe(-(2 ** 31));
    expect(INT32_REFERENCE.mul(65536, 65536)).toBe(0);
    expect(INT32_REFERENCE.floorDiv(5, 0)).toBe(0);
    expect(INT32_REFERENCE.mod(-7, 2)).toBe(1);
  });
});

describe('reference reductions and softmax', () => {
  const x = ndarray([2, 3], [1, 5, 3, 4, 2, 6]);
  it('sum/max/mean/variance over axes', () => {
    expect(list(R.sum(x, [1]))).toEqual([9, 12]);
    expect(R.sum(x, [0], true).shape).toEqual([1, 3]);
    expect(list(R.max(x, [0]))).toEqual([4, 5, 6]);
    expect(list(R.mean(x, [0, 1]))).toEqual([3.5]);
    expect(list(R.variance(x, [1], 1))).toEqual([4, 4]);
    expect(list(R.prod(ndarray([0, 2], []), [0]))).toEqual([1, 1]);
  });
  it('argmax ties go to the first index; NaN wins', () => {
    expect(list(R.argReduce(ndarray([4], [1, 3, 3, 0]), 0, 'argmax'))).toEqual([1]);
    expect(list(R.argReduce(ndarray([3], [1, NaN, 5]), 0, 'argmax'))).toEqual([1]);
    expect(list(R.argReduce(ndarray([2, 2], [2, 1, 1, 2]), 1, 'argmin'))).toEqual([1, 0]);
  });
  it('softmax and logSoftmax of a known row', () => {
    const s = softmax(ndarray([2], [0, Math.log(3)]), 0);
    expect(list(s)[0]).toBeCloseTo(0.25, 15);
    expect(list(logSoftmax(ndarray([2], [0, 0]), 0))[1]).toBeCloseTo(-Math.LN2, 15);
    expect(list(R.logsumexp(ndarray([2], [1000, 1000]), [0]))[0]).toBeCloseTo(1000 + Math.LN2, 10);
  });
});

describe('reference matmul, layout and indexing', () => {
  it('matmul with 1-D operands, transposes and batch broadcasting', () => {
    const a = ndarray([2, 2], [1, 2, 3, 4]);
    const b = ndarray([2, 2], [5, 6, 7, 8]);
    expect(list(matmul(a, b))).toEqual([19, 22, 43, 50]);
    expect(list(matmul(a, b, true, false))).toEqual([26, 30, 38, 44]);
    expect(list(matmul(a, b, false, true))).toEqual([17, 23, 39, 53]);
    expect(matmul(ndarray([2], [1, 2]), ndarray([2], [3, 4]))).toEqual({ shape: [], data: Float64Array.from([11]) });
    expect(matmul(ndarray([3, 1, 2, 2], new Array(12).fill(1)), ndarray([4, 2, 5], new Array(40).fill(1))).shape).toEqual([3, 4, 2, 5]);
  });
  it('transpose, slice, pad, concat', () => {
    const x = ndarray([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(list(transpose(x, [1, 0]))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(list(slice(x, [0, 1], [2, 2]))).toEqual([2, 3, 5, 6]);
    expect(list(pad(ndarray([2], [1, 2]), [[1, 2]], 9))).toEqual([9, 1, 2, 9, 9]);
    expect(list(concat([x, ndarray([2, 1], [7, 8])], 1))).toEqual([1, 2, 3, 7, 4, 5, 6, 8]);
  });
  it('gather and scatterAdd', () => {
    const x = ndarray([3, 2], [0, 1, 10, 11, 20, 21]);
    expect(list(gather(x, ndarray([2], [2, 0]), 0))).toEqual([20, 21, 0, 1]);
    expect(list(gather(x, ndarray([1], [1]), 1))).toEqual([1, 11, 21]);
    expect(list(scatterAdd(ndarray([3], [0, 0, 0]), ndarray([3], [1, 1, 2]), ndarray([3], [5, 6, 7]), 0))).toEqual([0, 11, 7]);
  });
});

describe('reference convolution and pooling', () => {
  const g = { strides: [1, 1] as const, pads: [0, 0, 0, 0] as const, dilations: [1, 1] as const };
  it('window counts', () => {
    expect(windowCount(5, 3, 1, 0, 0, 1)).toBe(3);
    expect(windowCount(7, 3, 2, 1, 1, 1)).toBe(4);
    expect(windowCount(7, 3, 1, 0, 0, 2)).toBe(3);
  });
  it('conv2d and its backprops on a 3x3 ramp', () => {
    const x = ndarray([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const w = ndarray([1, 1, 2, 2], [1, 0, 0, -1]);
    expect(list(conv2d(x, w, g))).toEqual([-4, -4, -4, -4]);
    const dy = ndarray([1, 1, 2, 2], [1, 1, 1, 1]);
    expect(list(conv2dBackpropInput(dy, w, [1, 1, 3, 3], g))).toEqual([1, 1, 0, 1, 0, -1, 0, -1, -1]);
    expect(list(conv2dBackpropFilter(x, dy, [1, 1, 2, 2], g))).toEqual([12, 16, 24, 28]);
    const padded = conv2d(x, ndarray([1, 1, 1, 1], [2]), { strides: [2, 2], pads: [1, 0, 1, 0], dilations: [1, 1] });
    expect(padded.shape).toEqual([1, 1, 2, 2]);
    expect(list(padded)).toEqual([0, 0, 0, 10]);
  });
  it('pooling and its backprops', () => {
    const x = ndarray([1, 1, 2, 4], [1, 1, 0, 2, 1, 1, 2, 2]);
    const p = { kernel: [2, 2] as const, strides: [2, 2] as const, pads: [0, 0, 0, 0] as const, countIncludePad: true };
    expect(list(maxPool2d(x, p))).toEqual([1, 2]);
    expect(list(avgPool2d(x, p))).toEqual([1, 1.5]);
    expect(list(maxPool2dBackprop(ndarray([1, 1, 1, 2], [5, 7]), x, p))).toEqual([5, 0, 0, 7, 0, 0, 0, 0]);
    expect(list(avgPool2dBackprop(ndarray([1, 1, 1, 2], [4, 8]), [1, 1, 2, 4], p))).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
    const q = { ...p, strides: [1, 1] as const, pads: [1, 1, 1, 1] as const, countIncludePad: false };
    expect(list(avgPool2d(ndarray([1, 1, 1, 1], [8]), { ...q, kernel: [2, 2] }))).toEqual([8, 8, 8, 8]);
  });
});

describe('tolerances and options', () => {
  it('isClose handles NaN, infinities and relative error', () => {
    const tol = { rtol: 1e-3, atol: 0 };
    expect(isClose(NaN, NaN, tol)).toBe(true);
    expect(isClose(1, NaN, tol)).toBe(false);
    expect(isClose(Infinity, Infinity, tol)).toBe(true);
    expect(isClose(1e38, Infinity, tol)).toBe(false);
    expect(isClose(1000.9, 1000, tol)).toBe(true);
    expect(isClose(1001.1, 1000, tol)).toBe(false);
  });
  it('the scale widens every kind but exact', () => {
    expect(scaledTolerance('basic', 10).rtol).toBeCloseTo(1e-4, 15);
    expect(scaledTolerance('basic', 10).atol).toBeCloseTo(1e-5, 15);
    expect(scaledTolerance('exact', 10)).toEqual({ rtol: 0, atol: 0 });
    expect(makeContext({ backend: 'x', tolerance: 4 }).tol('accumulation').rtol).toBeCloseTo(4e-4, 15);
    expect(() => makeContext({ backend: 'x', tolerance: 0.5 })).toThrow('tolerance scale');
  });
});
