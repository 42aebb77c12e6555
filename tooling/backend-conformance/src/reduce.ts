/** Reductions (sum, prod, max, min, mean, variance, std, logsumexp, any, all), arg-reductions and softmax. */
import { describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { ReduceOptions, Tensor } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor, expectThrows, expectValues } from './check.js';
import { fromValues, integers, rngFor, uniform } from './data.js';
import { ndarray, type NdArray } from './reference/ndarray.js';
import * as R from './reference/reduce.js';
import { logSoftmax as refLogSoftmax, softmax as refSoftmax } from './reference/softmax.js';
import type { ToleranceKind } from './tolerance.js';

type AxesArg = number | number[] | undefined;
type Reducer = (x: Tensor, axes?: number | readonly number[], options?: ReduceOptions) => Tensor;

/** Axes arguments tried for a rank-3 input, with their resolved form. */
const AXES_CASES: readonly [AxesArg, number[]][] = [
  [undefined, [0, 1, 2]], [0, [0]], [1, [1]], [-1, [2]], [[0, 2], [0, 2]], [[-2, -1], [1, 2]], [[], []],
];

const REDUCERS: readonly [string, Reducer, (x: NdArray, axes: number[], keep: boolean) => NdArray, ToleranceKind, number, number][] = [
  ['sum', nb.sum, R.sum, 'accumulation', -1, 1],
  ['prod', nb.prod, R.prod, 'accumulation', 0.6, 1.4],
  ['max', nb.max, R.max, 'exact', -1, 1],
  ['min', nb.min, R.min, 'exact', -1, 1],
  ['mean', nb.mean, R.mean, 'accumulation', -1, 1],
  ['logsumexp', nb.logsumexp, R.logsumexp, 'accumulation', -3, 3],
];

/** Registers the reduction section. */
export function describeReductions(ctx: ConformanceContext): void {
  describe('reductions over axes (float32 [3,4,5] vs float64 reference)', () => {
    REDUCERS.forEach(([name, fn, ref, kind, lo, hi], k) => {
      it(`${name} over every axes form, with and without keepDims`, async () => {
        const x = uniform(rngFor(800 + k), [3, 4, 5], lo, hi);
        for (const [axes, resolved] of AXES_CASES) {
          for (const keepDims of [false, true]) {
            await expectTensor(fn(x.t, axes, { keepDims }), ref(x.ref, resolved, keepDims), ctx.tol(kind), 'float32');
          }
        }
      });
    });
    it('variance and std with correction 0 and 1', async () => {
      const x = uniform(rngFor(810), [4, 6], -2, 2);
      for (const correction of [0, 1]) {
        for (const [axes, resolved] of [[undefined, [0, 1]], [1, [1]], [0, [0]]] as [AxesArg, number[]][]) {
          const v = R.variance(x.ref, resolved, correction);
          await expectTensor(nb.variance(x.t, axes, { correction }), v, ctx.tol('accumulation'));
          await expectTensor(nb.std(x.t, axes, { correction }), { shape: v.shape, data: v.data.map(Math.sqrt) }, ctx.tol('accumulation'));
        }
      }
    });
    it('a long sum (4096 terms) stays accurate', async () => {
      const x = uniform(rngFor(811), [4096], 0, 1);
      const tol = ctx.tol('accumulation');
      await expectTensor(nb.sum(x.t), R.sum(x.ref, [0]), { rtol: tol.rtol, atol: tol.atol * 10 });
      await expectTensor(nb.mean(x.t), R.mean(x.ref, [0]), tol);
    });
  });

  describe('reductions on int32 and bool', () => {
    it('int32 sum/prod/max/min are exact and stay int32', async () => {
      const x = integers(rngFor(820), [3, 5], -100, 100);
      await expectTensor(nb.sum(x.t, 1), R.sum(x.ref, [1]), ctx.tol('exact'), 'int32');
      await expectTensor(nb.max(x.t, 0), R.max(x.ref, [0]), ctx.tol('exact'), 'int32');
      await expectTensor(nb.min(x.t), R.min(x.ref, [0, 1]), ctx.tol('exact'), 'int32');
      const small = integers(rngFor(821), [2, 4], -3, 4);
      await expectTensor(nb.prod(small.t, 1), R.prod(small.ref, [1]), ctx.tol('exact'), 'int32');
    });
    it('int32 sums beyond 2^24 are exact (no float32 accumulation)', async () => {
      await expectValues(nb.sum(nb.tensor([16777216, 1, 1, 1], [4], 'int32')), [16777219], 'int32');
    });
    it('int32 sum wraps around on overflow', async () => {
      await expectValues(nb.sum(nb.tensor([2 ** 31 - 1, 2], [2], 'int32')), [-(2 ** 31) + 1], 'int32');
    });
    it('bool sum counts true values as int32', async () => {
      await expectValues(nb.sum(nb.tensor([[true, false, true], [true, true, true]]), 1), [2, 3], 'int32');
    });
    it('any and all on bool, int32 and float32', async () => {
      const b = nb.tensor([[true, false, false], [true, true, true], [false, false, false]]);
      await expectValues(nb.any(b, 1), [1, 1, 0], 'bool');
      await expectValues(nb.all(b, 1), [0, 1, 0], 'bool');
      await expectValues(nb.any(b), [1], 'bool');
      await expectValues(nb.all(b, 0, { keepDims: true }), [0, 0, 0], 'bool');
      const f = fromValues([2, 3], [0, 0.5, 0, -1, 2, 3]);
      await expectTensor(nb.any(f.t, 1), R.any(f.ref, [1]), ctx.tol('exact'), 'bool');
      await expectTensor(nb.all(f.t, 1), R.all(f.ref, [1]), ctx.tol('exact'), 'bool');
      await expectValues(nb.all(nb.tensor([1, 2, -3], [3], 'int32')), [1], 'bool');
    });
  });

  describe('empty reductions and size-0 / size-1 dims', () => {
    it('reducing an empty axis gives the identity', async () => {
      const x = nb.zeros([0, 3]);
      await expectTensor(nb.sum(x, 0), { shape: [3], values: [0, 0, 0] }, ctx.tol('exact'));
      await expectTensor(nb.prod(x, 0), { shape: [3], values: [1, 1, 1] }, ctx.tol('exact'));
      await expectTensor(nb.any(x, 0), { shape: [3], values: [0, 0, 0] }, ctx.tol('exact'), 'bool');
      await expectTensor(nb.all(x, 0), { shape: [3], values: [1, 1, 1] }, ctx.tol('exact'), 'bool');
      await expectTensor(nb.sum(x), { shape: [], values: [0] }, ctx.tol('exact'));
    });
    it('reducing a non-empty axis of an empty tensor gives an empty result', async () => {
      const x = nb.zeros([0, 3]);
      await expectTensor(nb.sum(x, 1), { shape: [0], values: [] }, ctx.tol('exact'));
      await expectTensor(nb.max(x, 1), { shape: [0], values: [] }, ctx.tol('exact'));
    });
    it('size-1 axes and scalars reduce to themselves', async () => {
      const x = uniform(rngFor(830), [1, 4, 1]);
      await expectTensor(nb.sum(x.t, [0, 2]), R.sum(x.ref, [0, 2]), ctx.tol('exact'));
      await expectTensor(nb.max(x.t, 2, { keepDims: true }), x.ref, ctx.tol('exact'));
      const s = nb.scalar(2.5);
      await expectTensor(nb.sum(s), { shape: [], values: [2.5] }, ctx.tol('exact'));
      await expectTensor(nb.mean(s), { shape: [], values: [2.5] }, ctx.tol('exact'));
    });
  });

  describe('argmax / argmin', () => {
    it('match the reference along every axis and flattened', async () => {
      const x = uniform(rngFor(840), [3, 4, 5]);
      for (const axis of [0, 1, 2, -1]) {
        const ax = axis < 0 ? axis + 3 : axis;
        await expectTensor(nb.argmax(x.t, axis), R.argReduce(x.ref, ax, 'argmax'), ctx.tol('exact'), 'int32');
        await expectTensor(nb.argmin(x.t, axis), R.argReduce(x.ref, ax, 'argmin'), ctx.tol('exact'), 'int32');
      }
      const flat = ndarray([60], x.ref.data);
      await expectTensor(nb.argmax(x.t), R.argReduce(flat, 0, 'argmax'), ctx.tol('exact'), 'int32');
      await expectTensor(nb.argmin(x.t), R.argReduce(flat, 0, 'argmin'), ctx.tol('exact'), 'int32');
    });
    it('ties resolve to the first index', async () => {
      const x = nb.tensor([[1, 3, 3, 2], [5, 5, 5, 5], [0, -1, 0, -1]]);
      await expectValues(nb.argmax(x, 1), [1, 0, 0], 'int32');
      await expectValues(nb.argmin(x, 1), [0, 0, 1], 'int32');
      await expectValues(nb.argmax(nb.tensor([[2, 7], [7, 1]]), 0), [1, 0], 'int32');
      await expectValues(nb.argmax(nb.tensor([4, 4, 4], [3], 'int32')), [0], 'int32');
    });
    it('NaN wins', async () => {
      await expectValues(nb.argmax(nb.tensor([1, NaN, 5, NaN])), [1], 'int32');
      await expectValues(nb.argmin(nb.tensor([1, -3, NaN])), [2], 'int32');
    });
    it('work on int32 and bool inputs', async () => {
      await expectValues(nb.argmax(nb.tensor([3, 9, -2, 9], [4], 'int32')), [1], 'int32');
      await expectValues(nb.argmin(nb.tensor([true, false, false])), [1], 'int32');
    });
    it('reject an empty axis', () => {
      expectThrows(() => nb.argmax(nb.zeros([2, 0]), 1), nb.ShapeError, 'argmax', '[2,0]');
    });
  });

  describe('softmax / logSoftmax', () => {
    it('match the reference along every axis', async () => {
      const x = uniform(rngFor(850), [3, 4, 5], -4, 4);
      for (const axis of [0, 1, 2, -1]) {
        const ax = axis < 0 ? axis + 3 : axis;
        await expectTensor(nb.softmax(x.t, axis), refSoftmax(x.ref, ax), ctx.tol('accumulation'), 'float32');
        await expectTensor(nb.logSoftmax(x.t, axis), refLogSoftmax(x.ref, ax), ctx.tol('accumulation'), 'float32');
      }
      await expectTensor(x.t.softmax(), refSoftmax(x.ref, 2), ctx.tol('accumulation'));
    });
    it('large logits do not overflow', async () => {
      const x = fromValues([2, 3], [1000, 1001, 1002, -1000, -1001, -1002]);
      await expectTensor(nb.softmax(x.t), refSoftmax(x.ref, 1), ctx.tol('accumulation'));
      await expectTensor(nb.logSoftmax(x.t), refLogSoftmax(x.ref, 1), ctx.tol('accumulation'));
      await expectTensor(nb.logsumexp(x.t, 1), R.logsumexp(x.ref, [1]), ctx.tol('accumulation'));
    });
    it('-Infinity logits get probability 0; a uniform row is uniform', async () => {
      await expectTensor(nb.softmax(nb.tensor([-Infinity, 0, 0, -Infinity])), { shape: [4], values: [0, 0.5, 0.5, 0] }, ctx.tol('accumulation'));
      await expectTensor(nb.softmax(nb.zeros([2, 4])), { shape: [2, 4], values: new Array<number>(8).fill(0.25) }, ctx.tol('accumulation'));
    });
    it('logsumexp of an all -Infinity row is -Infinity, not NaN', async () => {
      await expectTensor(nb.logsumexp(nb.tensor([[-Infinity, -Infinity], [0, 0]]), 1), { shape: [2], values: [-Infinity, Math.LN2] }, ctx.tol('transcendental'));
    });
    it('rows sum to one', async () => {
      const x = uniform(rngFor(851), [6, 11], -10, 10);
      const s = await nb.sum(nb.softmax(x.t, 1), 1).data();
      for (const v of s) expect(Math.abs(v - 1)).toBeLessThanOrEqual(ctx.tol('accumulation').atol * 10);
    });
  });
}
