/** Unary and binary elementwise ops, where, clip, cast and activations against float64 references. */
import { describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { BinaryOp, Tensor, TensorLike, UnaryOp } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor, expectValues, values } from './check.js';
import { fromValues, integers, rngFor, uniform } from './data.js';
import { mapValues, zipBroadcast } from './reference/broadcast.js';
import { BINARY_REFERENCE, INT32_REFERENCE, UNARY_REFERENCE, sigmoid, softplus } from './reference/elementwise.js';
import { erf } from './reference/erf.js';
import { ndarray } from './reference/ndarray.js';
import type { ToleranceKind } from './tolerance.js';

type FloatUnary = Exclude<UnaryOp, 'logicalNot' | 'isNaN' | 'isFinite'>;

/** The public function behind each unary kernel. */
const UNARY_FNS: Readonly<Record<UnaryOp, (x: Tensor) => Tensor>> = {
  neg: nb.neg, abs: nb.abs, sign: nb.sign, square: nb.square, reciprocal: nb.reciprocal, exp: nb.exp, expm1: nb.expm1,
  log: nb.log, log1p: nb.log1p, sqrt: nb.sqrt, rsqrt: nb.rsqrt, sin: nb.sin, cos: nb.cos, tan: nb.tan, asin: nb.asin,
  acos: nb.acos, atan: nb.atan, sinh: nb.sinh, cosh: nb.cosh, tanh: nb.tanh, asinh: nb.asinh, acosh: nb.acosh,
  atanh: nb.atanh, sigmoid: nb.sigmoid, softplus: nb.softplus, relu: nb.relu, step: nb.step, erf: nb.erf, hardswish: nb.hardswish,
  floor: nb.floor, ceil: nb.ceil, round: nb.round, trunc: nb.trunc, logicalNot: nb.logicalNot, isNaN: nb.isNaN,
  isFinite: nb.isFinite,
};

/** Random-input domain and tolerance class of each float unary op. */
const UNARY_CASES: Readonly<Record<FloatUnary, readonly [number, number, ToleranceKind]>> = {
  neg: [-5, 5, 'exact'], abs: [-5, 5, 'exact'], sign: [-2, 2, 'exact'], square: [-5, 5, 'basic'],
  reciprocal: [0.1, 5, 'basic'], exp: [-10, 10, 'transcendental'], expm1: [-1, 1, 'transcendental'],
  log: [0.01, 10, 'transcendental'], log1p: [-0.9, 5, 'transcendental'], sqrt: [0, 10, 'basic'],
  rsqrt: [0.01, 10, 'transcendental'], sin: [-6, 6, 'transcendental'], cos: [-6, 6, 'transcendental'],
  tan: [-1.4, 1.4, 'transcendental'], asin: [-0.99, 0.99, 'transcendental'], acos: [-0.99, 0.99, 'transcendental'],
  atan: [-5, 5, 'transcendental'], sinh: [-4, 4, 'transcendental'], cosh: [-4, 4, 'transcendental'],
  tanh: [-4, 4, 'transcendental'], asinh: [-5, 5, 'transcendental'], acosh: [1.01, 10, 'transcendental'],
  atanh: [-0.95, 0.95, 'transcendental'], sigmoid: [-10, 10, 'transcendental'], softplus: [-10, 10, 'transcendental'],
  relu: [-3, 3, 'exact'], step: [-3, 3, 'exact'], erf: [-4, 4, 'transcendental'], hardswish: [-5, 5, 'basic'], floor: [-5, 5, 'exact'],
  ceil: [-5, 5, 'exact'], round: [-5, 5, 'exact'], trunc: [-5, 5, 'exact'],
};

/** The public function behind each binary kernel. */
const BINARY_FNS: Readonly<Record<BinaryOp, (a: TensorLike, b: TensorLike) => Tensor>> = {
  add: nb.add, sub: nb.sub, mul: nb.mul, div: nb.div, pow: nb.pow, maximum: nb.maximum, minimum: nb.minimum,
  mod: nb.mod, floorDiv: nb.floorDiv, atan2: nb.atan2, equal: nb.equal, notEqual: nb.notEqual, less: nb.less,
  lessEqual: nb.lessEqual, greater: nb.greater, greaterEqual: nb.greaterEqual, logicalAnd: nb.logicalAnd,
  logicalOr: nb.logicalOr, logicalXor: nb.logicalXor,
};

const COMPARISONS: readonly BinaryOp[] = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];
const LOGICAL: readonly BinaryOp[] = ['logicalAnd', 'logicalOr', 'logicalXor'];

/** Values that are exact multiples of 1/4, so float32 floor/mod results are exact. */
function quarters(seed: number, n: number, lo: number, hi: number, avoidZero: boolean): number[] {
  const rng = rngFor(seed);
  const out: number[] = [];
  while (out.length < n) {
    const v = rng.int(lo * 4, hi * 4) / 4;
    if (!avoidZero || v !== 0) out.push(v);
  }
  return out;
}

/** Registers the elementwise section. */
export function describeElementwise(ctx: ConformanceContext): void {
  describe('unary ops (float32, random inputs vs float64 reference)', () => {
    (Object.keys(UNARY_CASES) as FloatUnary[]).forEach((op, k) => {
      const [lo, hi, kind] = UNARY_CASES[op];
      it(`${op} on [${lo}, ${hi}] (${kind})`, async () => {
        const x = uniform(rngFor(100 + k), [3, 17], lo, hi);
        await expectTensor(UNARY_FNS[op](x.t), mapValues(x.ref, UNARY_REFERENCE[op]), ctx.tol(kind), 'float32');
      });
    });
  });

  describe('unary special values (hand-computed)', () => {
    it('exp/log/sqrt/reciprocal at the edges of their domains', async () => {
      await expectValues(nb.exp(nb.tensor([0, -200, 200])), [1, 0, Infinity]);
      await expectValues(nb.log(nb.tensor([1, 0, -1])), [0, -Infinity, NaN]);
      await expectValues(nb.sqrt(nb.tensor([0, 4, -1])), [0, 2, NaN]);
      await expectValues(nb.reciprocal(nb.tensor([0, -0.5, 4])), [Infinity, -2, 0.25]);
      await expectValues(nb.log1p(nb.tensor([-1, 0])), [-Infinity, 0]);
    });
    it('sigmoid, softplus and tanh saturate without NaN for large |x|', async () => {
      await expectTensor(nb.sigmoid(nb.tensor([-100, 0, 100])), { shape: [3], values: [0, 0.5, 1] }, ctx.tol('transcendental'));
      await expectTensor(nb.softplus(nb.tensor([-100, 0, 100])), { shape: [3], values: [0, Math.LN2, 100] }, ctx.tol('transcendental'));
      await expectValues(nb.tanh(nb.tensor([-50, 50])), [-1, 1]);
    });
    it('round is half-to-even; floor/ceil/trunc on negatives', async () => {
      await expectValues(nb.round(nb.tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6])), [0, 2, 2, -0, -2, -2, 2, -3]);
      await expectValues(nb.floor(nb.tensor([-1.5, 1.5])), [-2, 1]);
      await expectValues(nb.ceil(nb.tensor([-1.5, 1.5])), [-1, 2]);
      await expectValues(nb.trunc(nb.tensor([-1.7, 1.7])), [-1, 1]);
    });
    it('sign(0) = 0, step(0) = 1, relu clamps negatives', async () => {
      await expectValues(nb.sign(nb.tensor([-3, 0, 2])), [-1, 0, 1]);
      await expectValues(nb.step(nb.tensor([-1, 0, 1])), [0, 1, 1]);
      await expectValues(nb.relu(nb.tensor([-1, 0, 2])), [0, 0, 2]);
    });
    it('hardswish is 0 below -3, x above 3 and x(x + 3)/6 between', async () => {
      await expectTensor(nb.hardswish(nb.tensor([-4, -3, -1.5, 0, 1, 3, 4])), { shape: [7], values: [0, 0, -0.375, 0, 2 / 3, 3, 4] }, ctx.tol('basic'));
    });
    it('isNaN, isFinite and logicalNot return bool', async () => {
      const x = nb.tensor([NaN, Infinity, -Infinity, 0, 1.5]);
      await expectValues(nb.isNaN(x), [1, 0, 0, 0, 0], 'bool');
      await expectValues(nb.isFinite(x), [0, 0, 0, 1, 1], 'bool');
      await expectValues(nb.logicalNot(nb.tensor([0, 2, -1])), [1, 0, 0], 'bool');
      await expectValues(nb.logicalNot(nb.tensor([0, 7], [2], 'int32')), [1, 0], 'bool');
    });
    it('NaN propagates through arithmetic unary ops', async () => {
      for (const op of ['neg', 'abs', 'exp', 'sin', 'tanh', 'sigmoid', 'sqrt', 'floor'] as const) {
        expect(Number.isNaN((await values(UNARY_FNS[op](nb.tensor([NaN]))))[0]), op).toBe(true);
      }
    });
  });

  describe('large and tiny float32 values', () => {
    it('overflow gives ±Infinity, underflow gives 0, never NaN', async () => {
      await expectValues(nb.mul(nb.tensor([3e38, -3e38, 1e-30]), nb.tensor([2, 2, 1e-30])), [Infinity, -Infinity, 0]);
      await expectValues(nb.add(nb.tensor([3e38]), nb.tensor([3e38])), [Infinity]);
      await expectValues(nb.div(nb.tensor([1e30, -1e30]), nb.tensor([1e-10, 1e-10])), [Infinity, -Infinity]);
      await expectValues(nb.sum(nb.tensor([3e38, 3e38])), [Infinity]);
    });
    it('transcendentals near the ends of the float32 range', async () => {
      const x = fromValues([5], [1e-30, 1e30, 1e-38, 3e38, 1e-6]);
      await expectTensor(nb.sqrt(x.t), mapValues(x.ref, Math.sqrt), ctx.tol('basic'));
      await expectTensor(nb.log(x.t), mapValues(x.ref, Math.log), ctx.tol('transcendental'));
      await expectTensor(nb.exp(nb.tensor([-80, 88, 89])), { shape: [3], values: [Math.exp(-80), Math.exp(88), Infinity] }, ctx.tol('transcendental'));
      await expectTensor(nb.expm1(nb.tensor([1e-7, -1e-7])), { shape: [2], values: [Math.expm1(Math.fround(1e-7)), Math.expm1(Math.fround(-1e-7))] }, ctx.tol('transcendental'));
      await expectTensor(nb.log1p(nb.tensor([1e-7])), { shape: [1], values: [Math.log1p(Math.fround(1e-7))] }, ctx.tol('transcendental'));
    });
    it('huge values compare, clip and round exactly', async () => {
      const x = nb.tensor([3e38, -3e38, 1e-38]);
      await expectValues(nb.greater(x, 0), [1, 0, 1], 'bool');
      await expectValues(nb.clip(x, -1, 1), [1, -1, Math.fround(1e-38)]);
      await expectValues(nb.floor(nb.tensor([16777216, -1e20])), [16777216, Math.fround(-1e20)]);
    });
  });

  describe('unary ops on int32 and bool', () => {
    it('integer-preserving ops stay int32', async () => {
      const x = nb.tensor([-3, 0, 5], [3], 'int32');
      await expectValues(nb.neg(x), [3, 0, -5], 'int32');
      await expectValues(nb.abs(x), [3, 0, 5], 'int32');
      await expectValues(nb.sign(x), [-1, 0, 1], 'int32');
      await expectValues(nb.square(x), [9, 0, 25], 'int32');
      await expectValues(nb.relu(x), [0, 0, 5], 'int32');
      await expectValues(nb.floor(x), [-3, 0, 5], 'int32');
    });
    it('float-only ops convert int32 to float32', async () => {
      const x = nb.tensor([0, 1, 4], [3], 'int32');
      await expectTensor(nb.exp(x), { shape: [3], values: [1, Math.E, Math.exp(4)] }, ctx.tol('transcendental'), 'float32');
      await expectValues(nb.sqrt(x), [0, 1, 2], 'float32');
    });
    it('numeric ops on bool compute in int32', async () => {
      const b = nb.tensor([true, false]);
      expect(b.dtype).toBe('bool');
      await expectValues(nb.neg(b), [-1, 0], 'int32');
      await expectTensor(nb.sigmoid(b), { shape: [2], values: [sigmoid(1), 0.5] }, ctx.tol('transcendental'), 'float32');
    });
    it('int32 overflow wraps around (neg/abs of INT32_MIN, square)', async () => {
      const min = -(2 ** 31);
      await expectValues(nb.neg(nb.tensor([min], [1], 'int32')), [min], 'int32');
      await expectValues(nb.abs(nb.tensor([min], [1], 'int32')), [min], 'int32');
      await expectValues(nb.square(nb.tensor([46341], [1], 'int32')), [Math.imul(46341, 46341)], 'int32');
    });
  });

  describe('binary ops (float32, broadcasting, vs float64 reference)', () => {
    const arithmetic: [BinaryOp, number, number, number, number, ToleranceKind][] = [
      ['add', -5, 5, -5, 5, 'basic'], ['sub', -5, 5, -5, 5, 'basic'], ['mul', -5, 5, -5, 5, 'basic'],
      ['div', -5, 5, 0.5, 4, 'basic'], ['pow', 0.1, 3, -2, 2, 'transcendental'], ['maximum', -1, 1, -1, 1, 'exact'],
      ['minimum', -1, 1, -1, 1, 'exact'], ['atan2', -2, 2, -2, 2, 'transcendental'],
    ];
    arithmetic.forEach(([op, alo, ahi, blo, bhi, kind], k) => {
      it(`${op}: [3,1,4] with [2,1] (${kind})`, async () => {
        const rng = rngFor(200 + k);
        const a = uniform(rng, [3, 1, 4], alo, ahi);
        const b = uniform(rng, [2, 1], blo, bhi);
        await expectTensor(BINARY_FNS[op](a.t, b.t), zipBroadcast(a.ref, b.ref, BINARY_REFERENCE[op]), ctx.tol(kind), 'float32');
        await expectTensor(BINARY_FNS[op](b.t, a.t), zipBroadcast(b.ref, a.ref, BINARY_REFERENCE[op]), ctx.tol(kind), 'float32');
      });
    });
    (['mod', 'floorDiv'] as const).forEach((op, k) => {
      it(`${op} is floored (sign of the divisor) on float32`, async () => {
        const a = fromValues([4, 6], quarters(300 + k, 24, -6, 6, false));
        const b = fromValues([6], quarters(310 + k, 6, -3, 3, true));
        await expectTensor(BINARY_FNS[op](a.t, b.t), zipBroadcast(a.ref, b.ref, BINARY_REFERENCE[op]), ctx.tol('exact'), 'float32');
      });
    });
    it('mod and floorDiv hand-computed signs', async () => {
      const a = nb.tensor([7, -7, 7, -7]);
      const b = nb.tensor([3, 3, -3, -3]);
      await expectValues(nb.mod(a, b), [1, 2, -2, -1]);
      await expectValues(nb.floorDiv(a, b), [2, -3, -3, 2]);
    });
    COMPARISONS.forEach((op, k) => {
      it(`${op} gives bool with broadcasting and equal values present`, async () => {
        const rng = rngFor(400 + k);
        const a = fromValues([2, 5], Array.from({ length: 10 }, () => rng.int(-2, 3)));
        const b = fromValues([5], Array.from({ length: 5 }, () => rng.int(-2, 3)));
        await expectTensor(BINARY_FNS[op](a.t, b.t), zipBroadcast(a.ref, b.ref, BINARY_REFERENCE[op]), ctx.tol('exact'), 'bool');
      });
    });
    LOGICAL.forEach((op) => {
      it(`${op} treats any non-zero as true`, async () => {
        const a = fromValues([4, 1], [0, 1, -2, 0.5]);
        const b = fromValues([1, 4], [0, 3, 0, -1]);
        await expectTensor(BINARY_FNS[op](a.t, b.t), zipBroadcast(a.ref, b.ref, BINARY_REFERENCE[op]), ctx.tol('exact'), 'bool');
      });
    });
    it('maximum/minimum propagate NaN from either side', async () => {
      const a = nb.tensor([NaN, 1, NaN, 2]);
      const b = nb.tensor([0, NaN, NaN, 3]);
      await expectValues(nb.maximum(a, b), [NaN, NaN, NaN, 3]);
      await expectValues(nb.minimum(a, b), [NaN, NaN, NaN, 2]);
    });
    it('division by zero gives ±Infinity and 0/0 NaN on floats', async () => {
      await expectValues(nb.div(nb.tensor([1, -1, 0]), nb.tensor([0, 0, 0])), [Infinity, -Infinity, NaN]);
    });
    it('comparisons with NaN are false except notEqual', async () => {
      const a = nb.tensor([NaN, NaN]);
      const b = nb.tensor([NaN, 1]);
      await expectValues(nb.equal(a, b), [0, 0], 'bool');
      await expectValues(nb.notEqual(a, b), [1, 1], 'bool');
      await expectValues(nb.less(a, b), [0, 0], 'bool');
      await expectValues(nb.greaterEqual(a, b), [0, 0], 'bool');
    });
    it('pow hand-computed cases', async () => {
      await expectTensor(nb.pow(nb.tensor([2, 4, 9, 0]), nb.tensor([10, 0.5, -0.5, 0])), { shape: [4], values: [1024, 2, 1 / 3, 1] }, ctx.tol('transcendental'));
    });
  });

  describe('int32 arithmetic', () => {
    (Object.keys(INT32_REFERENCE) as (keyof typeof INT32_REFERENCE)[]).forEach((op, k) => {
      it(`${op} on random int32 (zero divisors included) is exact and stays int32`, async () => {
        const rng = rngFor(500 + k);
        const a = integers(rng, [3, 4], -50, 50);
        const b = integers(rng, [4], -4, 5);
        await expectTensor(BINARY_FNS[op](a.t, b.t), zipBroadcast(a.ref, b.ref, INT32_REFERENCE[op]), ctx.tol('exact'), 'int32');
      });
    });
    it('add/sub/mul wrap around on overflow (two\'s complement)', async () => {
      const max = 2 ** 31 - 1;
      const min = -(2 ** 31);
      const a = nb.tensor([max, min, 65536, max], [4], 'int32');
      await expectValues(nb.add(a, nb.tensor([1, -1, 0, max], [4], 'int32')), [min, max, 65536, -2], 'int32');
      await expectValues(nb.sub(a, nb.tensor([-1, 1, 0, min], [4], 'int32')), [min, max, 65536, -1], 'int32');
      await expectValues(nb.mul(a, nb.tensor([2, 2, 65536, max], [4], 'int32')), [-2, 0, 0, 1], 'int32');
    });
    it('int32 floorDiv and mod by zero give 0; signs follow floored division', async () => {
      const a = nb.tensor([7, -7, 7, -7, 5], [5], 'int32');
      const b = nb.tensor([2, 2, -2, -2, 0], [5], 'int32');
      await expectValues(nb.floorDiv(a, b), [3, -4, -4, 3, 0], 'int32');
      await expectValues(nb.mod(a, b), [1, 1, -1, -1, 0], 'int32');
    });
    it('int32 division promotes to float32', async () => {
      await expectValues(nb.div(nb.tensor([7, -1], [2], 'int32'), nb.tensor([2, 4], [2], 'int32')), [3.5, -0.25], 'float32');
    });
    it('int32 comparisons are exact beyond float32 precision', async () => {
      const a = nb.tensor([16777217, 2 ** 31 - 1], [2], 'int32');
      const b = nb.tensor([16777216, 2 ** 31 - 2], [2], 'int32');
      await expectValues(nb.greater(a, b), [1, 1], 'bool');
      await expectValues(nb.equal(a, b), [0, 0], 'bool');
    });
  });

  describe('scalar operands and dtype promotion', () => {
    it('numbers adopt the tensor dtype; fractions promote integers to float32', async () => {
      const i = nb.tensor([1, 2], [2], 'int32');
      await expectValues(nb.add(i, 3), [4, 5], 'int32');
      await expectValues(nb.mul(i, 1.5), [1.5, 3], 'float32');
      await expectValues(nb.sub(10, i), [9, 8], 'int32');
      await expectValues(nb.div(1, nb.tensor([4, 8])), [0.25, 0.125], 'float32');
    });
    it('mixed tensor dtypes promote bool < int32 < float32', async () => {
      const b = nb.tensor([true, false]);
      const i = nb.tensor([5, 6], [2], 'int32');
      const f = nb.tensor([0.5, 0.25]);
      await expectValues(nb.add(b, b), [2, 0], 'int32');
      await expectValues(nb.add(b, i), [6, 6], 'int32');
      await expectValues(nb.add(i, f), [5.5, 6.25], 'float32');
      await expectValues(nb.greater(i, 5.5), [0, 1], 'bool');
    });
    it('chainable methods match the functions', async () => {
      const x = nb.tensor([1, 4]);
      await expectValues(x.add(1).mul(2).sub(1).div(2), [1.5, 4.5]);
      await expectValues(x.pow(2).sqrt(), [1, 4]);
      await expectValues(x.neg().abs().square(), [1, 16]);
    });
  });

  describe('where, clip and cast', () => {
    it('where broadcasts condition and both branches', async () => {
      const cond = nb.tensor([[true], [false]]);
      const a = fromValues([1, 3], [1, 2, 3]);
      const b = fromValues([2, 1], [-1, -2]);
      await expectValues(nb.where(cond, a.t, b.t), [1, 2, 3, -2, -2, -2], 'float32');
      await expectTensor(nb.where(cond, 7, b.t), { shape: [2, 1], values: [7, -2] }, ctx.tol('exact'));
    });
    it('where promotes an int32 branch to float32 when the other branch is a fractional number (like add)', async () => {
      await expectValues(nb.where(nb.tensor([true, false]), nb.tensor([1, 2], [2], 'int32'), 0.5), [1, 0.5], 'float32');
      await expectValues(nb.where(nb.tensor([true, false]), nb.tensor([1, 2], [2], 'int32'), 3), [1, 3], 'int32');
    });
    it('where on random data matches the reference', async () => {
      const rng = rngFor(600);
      const c = uniform(rng, [4, 5]);
      const a = uniform(rng, [5]);
      const b = uniform(rng, [4, 1]);
      const picked = zipBroadcast(zipBroadcast(c.ref, a.ref, (cv, av) => (cv > 0 ? av : NaN)), b.ref, (v, bv) => (Number.isNaN(v) ? bv : v));
      await expectTensor(nb.where(nb.greater(c.t, 0), a.t, b.t), picked, ctx.tol('exact'));
    });
    it('clip bounds values and keeps NaN', async () => {
      await expectValues(nb.clip(nb.tensor([-5, -1, 0, 1, 5, NaN]), -1, 2), [-1, -1, 0, 1, 2, NaN]);
      await expectValues(nb.clip(nb.tensor([-5, 3, 9], [3], 'int32'), 0, 4), [0, 3, 4], 'int32');
      const rng = rngFor(601);
      const x = uniform(rng, [30], -3, 3);
      await expectTensor(nb.clip(x.t, -0.5, 1.25), mapValues(x.ref, (v) => Math.min(Math.max(v, -0.5), 1.25)), ctx.tol('exact'));
    });
    it('cast float→int32 truncates toward zero; →bool is != 0', async () => {
      const f = nb.tensor([-1.7, -0.5, 0, 0.5, 1.7, 3]);
      await expectValues(nb.cast(f, 'int32'), [-1, 0, 0, 0, 1, 3], 'int32');
      await expectValues(nb.cast(f, 'bool'), [1, 1, 0, 1, 1, 1], 'bool');
      await expectValues(nb.cast(nb.tensor([NaN, 0]), 'bool'), [1, 0], 'bool');
    });
    it('cast int32/bool → float32 and bool → int32', async () => {
      await expectValues(nb.cast(nb.tensor([-3, 16777216], [2], 'int32'), 'float32'), [-3, 16777216], 'float32');
      await expectValues(nb.cast(nb.tensor([true, false]), 'float32'), [1, 0], 'float32');
      await expectValues(nb.cast(nb.tensor([true, false]), 'int32'), [1, 0], 'int32');
      await expectValues(nb.cast(nb.tensor([0, -4], [2], 'int32'), 'bool'), [0, 1], 'bool');
    });
    it('cast to the same dtype is a view with equal values', async () => {
      const x = nb.tensor([1, 2]);
      const y = nb.cast(x, 'float32');
      expect(y).not.toBe(x);
      await expectValues(y, [1, 2], 'float32');
    });
  });

  describe('activations', () => {
    const x = (): ReturnType<typeof uniform> => uniform(rngFor(700), [4, 9], -4, 4);
    it('leakyRelu and relu6', async () => {
      const a = x();
      await expectTensor(nb.leakyRelu(a.t, 0.1), mapValues(a.ref, (v) => (v > 0 ? v : 0.1 * v)), ctx.tol('basic'));
      await expectTensor(nb.relu6(nb.mul(a.t, 3)), mapValues(a.ref, (v) => Math.min(Math.max(Math.fround(3 * v), 0), 6)), ctx.tol('basic'));
    });
    it('elu, gelu, silu and logSigmoid', async () => {
      const a = x();
      await expectTensor(nb.elu(a.t, 0.7), mapValues(a.ref, (v) => (v > 0 ? v : 0.7 * Math.expm1(v))), ctx.tol('transcendental'));
      await expectTensor(nb.gelu(a.t), mapValues(a.ref, (v) => 0.5 * v * (1 + erf(v / Math.SQRT2))), ctx.tol('transcendental'));
      await expectTensor(nb.silu(a.t), mapValues(a.ref, (v) => v * sigmoid(v)), ctx.tol('transcendental'));
      await expectTensor(nb.logSigmoid(a.t), mapValues(a.ref, (v) => -softplus(-v)), ctx.tol('transcendental'));
    });
    it('logSigmoid is finite for large negative inputs', async () => {
      await expectTensor(nb.logSigmoid(nb.tensor([-100, 100])), ndarray([2], [-100, 0]), ctx.tol('transcendental'));
    });
  });
}
