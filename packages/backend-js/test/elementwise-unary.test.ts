import { describe, expect, it } from 'vitest';
import { UNARY_OPS, type UnaryOp } from '@nabla/tensor-core';
import { backend, closeTo, make, read, readTyped, unaryK } from './helpers.js';

/** Independent scalar definitions of the unary ops this file knows (later table rows are covered by the conformance suite). */
const REFERENCE: Partial<Record<UnaryOp, (v: number) => number>> = {
  neg: (v) => -v, abs: Math.abs, sign: Math.sign, square: (v) => v * v, reciprocal: (v) => 1 / v,
  exp: Math.exp, expm1: Math.expm1, log: Math.log, log1p: Math.log1p, sqrt: Math.sqrt, rsqrt: (v) => 1 / Math.sqrt(v),
  sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh,
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  softplus: (v) => Math.log(1 + Math.exp(v)),
  relu: (v) => (Number.isNaN(v) ? NaN : Math.max(v, 0)),
  step: (v) => (Number.isNaN(v) ? NaN : v >= 0 ? 1 : 0),
  // erf by Simpson integration of 2/sqrt(pi)·exp(-t²) on [0, v]
  erf: (v) => {
    if (Number.isNaN(v)) return NaN;
    if (!Number.isFinite(v)) return Math.sign(v);
    const n = 2000;
    const h = v / n;
    let s = 1 + Math.exp(-v * v);
    for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * Math.exp(-((i * h) ** 2));
    return (2 / Math.sqrt(Math.PI)) * (h / 3) * s;
  },
  floor: Math.floor, ceil: Math.ceil,
  round: (v) => {
    const f = Math.floor(v);
    const d = v - f;
    return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  },
  trunc: Math.trunc,
  logicalNot: (v) => (v === 0 ? 1 : 0), isNaN: (v) => (Number.isNaN(v) ? 1 : 0), isFinite: (v) => (Number.isFinite(v) ? 1 : 0),
};

const SAMPLES = [-3.5, -2.5, -1, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1.5, 2.5, 3, 20, -20, NaN, Infinity, -Infinity];

describe('unary', () => {
  for (const op of UNARY_OPS) {
    const reference = REFERENCE[op];
    if (reference === undefined) continue;
    it(`${op} matches its scalar definition on float64, float32 and NaN/±Infinity`, () => {
      const expected = SAMPLES.map(reference);
      closeTo(read(unaryK(backend, op, make(SAMPLES, [SAMPLES.length], 'float64'))), expected, op === 'erf' ? 1e-10 : 1e-14);
      const f32 = SAMPLES.map(Math.fround);
      closeTo(read(unaryK(backend, op, make(f32, [f32.length], 'float32'))), f32.map(reference).map(Math.fround), 1e-6);
    });
  }

  it('keeps softplus and sigmoid finite for large |x|', () => {
    const y = read(unaryK(backend, 'softplus', make([1000, -1000], [2], 'float64')));
    expect(y).toEqual([1000, 0]);
    expect(read(unaryK(backend, 'sigmoid', make([1000, -1000], [2], 'float64')))).toEqual([1, 0]);
  });

  it('returns bool arrays for predicates and input dtypes otherwise', () => {
    expect(readTyped(unaryK(backend, 'isNaN', make([NaN, 1], [2])))).toEqual(new Uint8Array([1, 0]));
    expect(readTyped(unaryK(backend, 'neg', make([1, -2], [2], 'int32')))).toEqual(new Int32Array([-1, 2]));
    expect(readTyped(unaryK(backend, 'logicalNot', make([0, 1, 0], [3], 'bool')))).toEqual(new Uint8Array([1, 0, 1]));
  });

  it('handles int32 edge values: neg/abs wrap, square wraps like Math.imul', () => {
    const min = -2147483648;
    expect(read(unaryK(backend, 'neg', make([min, 5], [2], 'int32')))).toEqual([min, -5]);
    expect(read(unaryK(backend, 'abs', make([min, -7], [2], 'int32')))).toEqual([min, 7]);
    expect(read(unaryK(backend, 'square', make([65536, 46341, -3], [3], 'int32')))).toEqual([0, -2147479015, 9]);
  });

  it('maps an empty tensor to an empty tensor', () => {
    expect(read(unaryK(backend, 'exp', make([], [0, 3])))).toEqual([]);
  });
});
