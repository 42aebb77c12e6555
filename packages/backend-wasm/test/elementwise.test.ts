import { UNARY_OPS, type BinaryOp, type UnaryOp } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { withBackends } from './support/backends.js';
import { broadcastMap } from './support/broadcast.js';
import { expectClose } from './support/close.js';
import { integers, uniform } from './support/random.js';
import { unaryK, binaryK, whereK, clipK, castK } from './support/programs.js';

const f = Math.fround;

/**
 * Independent reference semantics of the unary ops this file knows, on one double (undefined for
 * others: ops added to the table later are covered by the conformance suite's special values).
 */
function unaryRef(op: UnaryOp, x: number): number | undefined {
  switch (op) {
    case 'neg': return -x;
    case 'abs': return Math.abs(x);
    case 'sign': return x > 0 ? 1 : x < 0 ? -1 : x;
    case 'square': return x * x;
    case 'reciprocal': return 1 / x;
    case 'exp': return Math.exp(x);
    case 'expm1': return Math.expm1(x);
    case 'log': return Math.log(x);
    case 'log1p': return Math.log1p(x);
    case 'sqrt': return Math.sqrt(x);
    case 'rsqrt': return 1 / Math.sqrt(x);
    case 'sin': return Math.sin(x);
    case 'cos': return Math.cos(x);
    case 'tan': return Math.tan(x);
    case 'asin': return Math.asin(x);
    case 'acos': return Math.acos(x);
    case 'atan': return Math.atan(x);
    case 'sinh': return Math.sinh(x);
    case 'cosh': return Math.cosh(x);
    case 'tanh': return Math.tanh(x);
    case 'asinh': return Math.asinh(x);
    case 'acosh': return Math.acosh(x);
    case 'atanh': return Math.atanh(x);
    case 'sigmoid': return 1 / (1 + Math.exp(-x));
    case 'softplus': return Math.log(1 + Math.exp(x));
    case 'relu': return Math.max(x, 0);
    case 'step': return Number.isNaN(x) ? x : x >= 0 ? 1 : 0;
    case 'erf': return Number.NaN; // checked against tabulated values below
    case 'floor': return Math.floor(x);
    case 'ceil': return Math.ceil(x);
    case 'round': {
      const r = Math.round(x);
      return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
    }
    case 'trunc': return Math.trunc(x);
    case 'logicalNot': return x === 0 ? 1 : 0;
    case 'isNaN': return Number.isNaN(x) ? 1 : 0;
    case 'isFinite': return Number.isFinite(x) ? 1 : 0;
  }
  return undefined;
}

withBackends((get) => {
  describe('unary float32', () => {
    const values = [...uniform(37, 1, -3, 3), 0, -0.5, 0.5, 1.5, 2.5, -2.5, Number.NaN, Infinity, -Infinity];
    for (const op of UNARY_OPS.filter((o) => o !== 'erf' && unaryRef(o, 0) !== undefined)) {
      it(`${op} matches Math on every element`, () => {
        const { t, read, backend } = get();
        const x = t(values, [values.length]);
        const expected = values.map((v) => f(unaryRef(op, f(v)) ?? NaN));
        expectClose(read(unaryK(backend, op, x)), expected, 2e-6, 1e-7);
      });
    }
    it('erf matches tabulated values', () => {
      const { t, read, backend } = get();
      const xs = [0, 0.1, 0.5, 1, -1.5, 2, 3, 7, -7];
      const table = [0, 0.1124629160182849, 0.5204998778130465, 0.8427007929497149, -0.9661051464753108, 0.9953222650189527, 0.9999779095030014, 1, -1];
      expectClose(read(unaryK(backend, 'erf', t(xs, [xs.length], 'float64'))), table, 1e-13, 1e-15);
      expectClose(read(unaryK(backend, 'erf', t(xs, [xs.length]))), table.map(f), 1e-7, 1e-7);
    });
    it('runs large arrays (threaded, SIMD body and scalar tail) exactly', () => {
      const { t, read, backend } = get();
      const big = uniform(100_003, 2, -5, 5);
      const x = t(big, [big.length]);
      for (const op of ['relu', 'neg', 'square', 'exp', 'isNaN'] as const) {
        expectClose(read(unaryK(backend, op, x)), big.map((v) => f(unaryRef(op, f(v)) ?? NaN)), 1e-6, 0);
      }
    });
    it('logicalNot/isNaN/isFinite return bool', () => {
      const { t, backend } = get();
      const out = backend.readSync(unaryK(backend, 'isNaN', t([1, Number.NaN], [2])));
      expect(out).toBeInstanceOf(Uint8Array);
      expect(Array.from(out)).toEqual([0, 1]);
    });
    it('empty tensors give empty results', () => {
      const { t, read, backend } = get();
      expect(read(unaryK(backend, 'exp', t([], [0, 3])))).toEqual([]);
    });
  });

  describe('unary int32 and bool', () => {
    it('wraps neg, abs and square like Int32Array', () => {
      const { t, read, backend } = get();
      const xs = [0, 5, -7, 2147483647, -2147483648, 46341, -3];
      const x = t(xs, [xs.length], 'int32');
      expect(read(unaryK(backend, 'neg', x))).toEqual(xs.map((v) => -v | 0));
      expect(read(unaryK(backend, 'abs', x))).toEqual(xs.map((v) => Math.abs(v) | 0));
      expect(read(unaryK(backend, 'square', x))).toEqual(xs.map((v) => Math.imul(v, v)));
      expect(read(unaryK(backend, 'sign', x))).toEqual(xs.map((v) => Math.sign(v)));
      expect(read(unaryK(backend, 'relu', x))).toEqual(xs.map((v) => Math.max(v, 0)));
      expect(read(unaryK(backend, 'step', x))).toEqual(xs.map((v) => (v >= 0 ? 1 : 0)));
      expect(read(unaryK(backend, 'round', x))).toEqual(xs);
      expect(read(unaryK(backend, 'logicalNot', x))).toEqual(xs.map((v) => (v === 0 ? 1 : 0)));
      expect(read(unaryK(backend, 'isFinite', x))).toEqual(xs.map(() => 1));
    });
    it('logicalNot on bool', () => {
      const { t, read, backend } = get();
      expect(read(unaryK(backend, 'logicalNot', t([1, 0, 1], [3], 'bool')))).toEqual([0, 1, 0]);
    });
    it('float64 keeps double precision', () => {
      const { t, read, backend } = get();
      const xs = [1e-10, 0.3, 2.5];
      expect(read(unaryK(backend, 'exp', t(xs, [3], 'float64')))).toEqual(xs.map(Math.exp));
      expect(read(unaryK(backend, 'round', t(xs, [3], 'float64')))).toEqual([0, 0, 2]);
    });
  });

  describe('binary with broadcasting', () => {
    const shapes: [number[], number[], number[]][] = [
      [[70001], [70001], [70001]],
      [[2, 3, 4], [4], [2, 3, 4]],
      [[2, 1, 4], [3, 1], [2, 3, 4]],
      [[], [5], [5]],
      [[5, 1], [], [5, 1]],
      [[1, 300], [300, 1], [300, 300]],
      [[3, 1, 5], [1, 4, 1], [3, 4, 5]],
    ];
    const floatOps: [BinaryOp, (a: number, b: number) => number][] = [
      ['add', (a, b) => a + b], ['sub', (a, b) => a - b], ['mul', (a, b) => a * b], ['div', (a, b) => a / b],
      ['maximum', (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b))],
      ['minimum', (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b))],
      ['pow', (a, b) => a ** b], ['atan2', Math.atan2],
      ['mod', (a, b) => { const r = a % b; return r !== 0 && r < 0 !== b < 0 ? r + b : r; }],
      ['floorDiv', (a, b) => Math.floor(a / b)],
    ];
    for (const [aShape, bShape, outShape] of shapes) {
      for (const [op, fn] of floatOps) {
        it(`float32 ${op} [${aShape}] with [${bShape}]`, () => {
          const { t, read, backend } = get();
          const av = uniform(aShape.reduce((p, d) => p * d, 1), 3, 0.5, 3);
          const bv = uniform(bShape.reduce((p, d) => p * d, 1), 4, -2, 2);
          const out = binaryK(backend, op, t(av, aShape), t(bv, bShape), outShape);
          const expected = broadcastMap([{ values: av.map(f), shape: aShape }, { values: bv.map(f), shape: bShape }], outShape, (a, b) => f(fn(a, b)));
          expectClose(read(out), expected, 2e-6, 1e-6);
        });
      }
    }
    it('maximum and minimum propagate NaN; comparisons with NaN are false except notEqual', () => {
      const { t, read, backend } = get();
      const a = t([1, Number.NaN, 3, 4, 5, 6], [6]);
      const b = t([2, 2, Number.NaN, 4, 1, 9], [6]);
      expectClose(read(binaryK(backend, 'maximum', a, b, [6])), [2, NaN, NaN, 4, 5, 9]);
      expectClose(read(binaryK(backend, 'minimum', a, b, [6])), [1, NaN, NaN, 4, 1, 6]);
      expect(read(binaryK(backend, 'equal', a, b, [6]))).toEqual([0, 0, 0, 1, 0, 0]);
      expect(read(binaryK(backend, 'notEqual', a, b, [6]))).toEqual([1, 1, 1, 0, 1, 1]);
      expect(read(binaryK(backend, 'less', a, b, [6]))).toEqual([1, 0, 0, 0, 0, 1]);
      expect(read(binaryK(backend, 'greaterEqual', a, b, [6]))).toEqual([0, 0, 0, 1, 1, 0]);
    });
    it('int32 add/sub/mul wrap around', () => {
      const { t, read, backend } = get();
      const av = [2147483647, -2147483648, 65536, 123456, ...integers(70000, 5, -1e9, 1e9)];
      const bv = [1, -1, 65536, -654321, ...integers(70000, 6, -1e9, 1e9)];
      const a = t(av, [av.length], 'int32');
      const b = t(bv, [bv.length], 'int32');
      expect(read(binaryK(backend, 'add', a, b, [av.length]))).toEqual(av.map((x, i) => (x + bv[i]) | 0));
      expect(read(binaryK(backend, 'sub', a, b, [av.length]))).toEqual(av.map((x, i) => (x - bv[i]) | 0));
      expect(read(binaryK(backend, 'mul', a, b, [av.length]))).toEqual(av.map((x, i) => Math.imul(x, bv[i])));
    });
    it('int32 floorDiv and mod are floored, 0 for a zero divisor', () => {
      const { t, read, backend } = get();
      const av = [7, -7, 7, -7, 5, 0, -2147483648, 9];
      const bv = [2, 2, -2, -2, 0, 3, -1, 3];
      const a = t(av, [8], 'int32');
      const b = t(bv, [8], 'int32');
      expect(read(binaryK(backend, 'floorDiv', a, b, [8]))).toEqual([3, -4, -4, 3, 0, 0, -2147483648, 3]);
      expect(read(binaryK(backend, 'mod', a, b, [8]))).toEqual([1, 1, -1, -1, 0, 0, 0, 0]);
      expect(read(binaryK(backend, 'maximum', a, b, [8]))).toEqual(av.map((x, i) => Math.max(x, bv[i])));
    });
    it('logical ops on bool and int32 treat non-zero as true', () => {
      const { t, read, backend } = get();
      const a = t([1, 1, 0, 0], [4], 'bool');
      const b = t([1, 0, 1, 0], [4], 'bool');
      expect(read(binaryK(backend, 'logicalAnd', a, b, [4]))).toEqual([1, 0, 0, 0]);
      expect(read(binaryK(backend, 'logicalOr', a, b, [4]))).toEqual([1, 1, 1, 0]);
      expect(read(binaryK(backend, 'logicalXor', a, b, [4]))).toEqual([0, 1, 1, 0]);
      const i = t([3, -2, 0], [3], 'int32');
      expect(read(binaryK(backend, 'logicalAnd', i, t([5], [1], 'int32'), [3]))).toEqual([1, 1, 0]);
    });
    it('float64 operands stay double', () => {
      const { t, read, backend } = get();
      const out = read(binaryK(backend, 'add', t([0.1, 1e-20], [2], 'float64'), t([0.2], [1], 'float64'), [2]));
      expect(out).toEqual([0.1 + 0.2, 1e-20 + 0.2]);
    });
    it('empty outputs', () => {
      const { t, read, backend } = get();
      expect(read(binaryK(backend, 'add', t([], [0]), t([1], [1]), [0]))).toEqual([]);
    });
  });

  describe('where, clip, cast, fill', () => {
    it('where broadcasts all three operands', () => {
      const { t, read, backend } = get();
      const cond = [1, 0, 1];
      const av = uniform(2 * 3, 7);
      const bv = [-5];
      for (const dtype of ['float32', 'int32', 'float64', 'bool'] as const) {
        const a = dtype === 'bool' ? av.map((v) => (v > 0 ? 1 : 0)) : dtype === 'int32' ? av.map((v) => Math.round(v * 100)) : av;
        const b = dtype === 'bool' ? [0] : bv;
        const out = whereK(backend, t(cond, [1, 3], 'bool'), t(a, [2, 3], dtype), t(b, [1], dtype), [2, 3]);
        const cast = dtype === 'float32' ? f : (v: number) => v;
        const expected = broadcastMap([{ values: cond, shape: [1, 3] }, { values: a, shape: [2, 3] }, { values: b, shape: [1] }], [2, 3], (c, x, y) => cast(c ? x : y));
        expect(read(out)).toEqual(expected);
      }
    });
    it('where on a large threaded output', () => {
      const { t, read, backend } = get();
      const n = 80_000;
      const cond = integers(n, 8, 0, 2);
      const a = uniform(n, 9);
      const out = whereK(backend, t(cond, [n], 'bool'), t(a, [n]), t([7], []), [n]);
      expect(read(out)).toEqual(cond.map((c, i) => (c ? f(a[i]) : 7)));
    });
    it('where picks bit-exact values on SIMD rows and their tails (contiguous, broadcast, threaded)', () => {
      const { t, readTyped, backend } = get();
      const differing = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
        let count = x.length === y.length ? 0 : Infinity;
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) count++;
        return count;
      };
      for (const n of [1, 7, 64, 1001, 270_001]) {
        const cond = integers(n, n, 0, 2);
        const av = uniform(n, n + 1);
        av[0] = Number.NaN;
        const bv = uniform(n, n + 2);
        const host = (v: number[]): Float32Array => Float32Array.from(v);
        const cases: [number[] | null, number[] | null][] = [[av, bv], [av, null], [null, bv]];
        for (const [a, b] of cases) {
          const ta = a === null ? t([2.5], []) : t(a, [n]);
          const tb = b === null ? t([-4], []) : t(b, [n]);
          const out = readTyped(whereK(backend, t(cond, [n], 'bool'), ta, tb, [n]));
          const expected = host(cond.map((c, i) => (c ? (a === null ? 2.5 : a[i]) : (b === null ? -4 : b[i]))));
          expect(differing(new Uint32Array(out.buffer), new Uint32Array(expected.buffer))).toBe(0);
        }
        const ints = integers(n, n + 3, -1000, 1000);
        const outInt = readTyped(whereK(backend, t(cond, [n], 'bool'), t(ints, [n], 'int32'), t([5], [], 'int32'), [n]));
        expect(differing(outInt, cond.map((c, i) => (c ? ints[i] : 5)))).toBe(0);
      }
    }, 60_000);
    it('clip keeps NaN and clamps both sides', () => {
      const { t, read, backend } = get();
      const xs = [-3, -1, 0, 0.5, 1, 3, Number.NaN, -Infinity, Infinity];
      expectClose(read(clipK(backend, t(xs, [9]), -1, 0.75)), [-1, -1, 0, 0.5, 0.75, 0.75, NaN, -1, 0.75]);
      expectClose(read(clipK(backend, t(xs, [9], 'float64'), -1, 0.75)), [-1, -1, 0, 0.5, 0.75, 0.75, NaN, -1, 0.75]);
      expect(read(clipK(backend, t([-5, 0, 5, 9], [4], 'int32'), -2, 6))).toEqual([-2, 0, 5, 6]);
    });
    it('cast truncates toward zero, bool is != 0', () => {
      const { t, read, backend } = get();
      const xs = [-2.7, -0.5, 0, 0.5, 2.7, Number.NaN];
      expect(read(castK(backend, t(xs, [6]), 'int32'))).toEqual([-2, 0, 0, 0, 2, 0]);
      expect(read(castK(backend, t(xs, [6]), 'bool'))).toEqual([1, 1, 0, 1, 1, 1]);
      expect(read(castK(backend, t([1, 0, 1], [3], 'bool'), 'float32'))).toEqual([1, 0, 1]);
      expect(read(castK(backend, t([2147483647, -3], [2], 'int32'), 'float64'))).toEqual([2147483647, -3]);
      expect(read(castK(backend, t([0.1], [1], 'float64'), 'float32'))).toEqual([f(0.1)]);
    });
    it('cast float → int32 saturates like trunc_sat (NaN → 0, ±Infinity and out of range clamp)', () => {
      const { t, read, backend } = get();
      const xs = [3e9, -3e9, Infinity, -Infinity, Number.NaN, -0, 2147483520];
      const expected = [2147483647, -2147483648, 2147483647, -2147483648, 0, 0, 2147483520];
      expect(read(castK(backend, t(xs, [7]), 'int32'))).toEqual(expected);
      expect(read(castK(backend, t(xs, [7], 'float64'), 'int32'))).toEqual(expected);
    });
    it('fill every dtype', () => {
      const { read, backend } = get();
      expect(read(backend.fill(5, 2.5, 'float32'))).toEqual([2.5, 2.5, 2.5, 2.5, 2.5]);
      expect(read(backend.fill(3, -4, 'int32'))).toEqual([-4, -4, -4]);
      expect(read(backend.fill(3, 7, 'bool'))).toEqual([1, 1, 1]);
      expect(read(backend.fill(2, 0.1, 'float64'))).toEqual([0.1, 0.1]);
      expect(read(backend.fill(70_000, 3, 'float32')).every((v) => v === 3)).toBe(true);
      expect(read(backend.fill(0, 3, 'float32'))).toEqual([]);
    });
  });
});
