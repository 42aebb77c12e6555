/** Max and average pooling and their backprops. */
import { describe, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { Pool2dOptions, Pool2dParams } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor, expectThrows } from './check.js';
import { rngFor, uniform } from './data.js';
import * as R from './reference/pool.js';

/** [label, x shape, options, params the options resolve to]. */
const CASES: readonly [string, number[], Pool2dOptions, Pool2dParams][] = [
  ['2x2 stride 2', [2, 3, 6, 8], { kernelSize: 2 }, { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: true }],
  ['3x3 stride 2 pad 1', [1, 2, 7, 7], { kernelSize: 3, stride: 2, padding: 1 }, { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true }],
  ['3x3 stride 2 pad 1, countIncludePad false', [1, 2, 7, 6], { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }, { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: false }],
  ['overlapping 3x2 windows stride 1', [2, 1, 5, 4], { kernelSize: [3, 2], stride: 1 }, { kernel: [3, 2], strides: [1, 1], pads: [0, 0, 0, 0], countIncludePad: true }],
  ['asymmetric pads', [1, 1, 5, 5], { kernelSize: 2, stride: [1, 2], padding: [1, 0, 0, 1], countIncludePad: false }, { kernel: [2, 2], strides: [1, 2], pads: [1, 0, 0, 1], countIncludePad: false }],
  ['same padding', [1, 2, 5, 7], { kernelSize: 3, stride: 2, padding: 'same' }, { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true }],
];

/** Registers the pooling section. */
export function describePool(ctx: ConformanceContext): void {
  describe('pooling and its backprops', () => {
    CASES.forEach(([label, xs, options, params], k) => {
      it(`${label}: x [${xs}]`, async () => {
        const rng = rngFor(1300 + k);
        const x = uniform(rng, xs);
        const maxRef = R.maxPool2d(x.ref, params);
        await expectTensor(nb.maxPool2d(x.t, options), maxRef, ctx.tol('exact'), 'float32');
        await expectTensor(nb.avgPool2d(x.t, options), R.avgPool2d(x.ref, params), ctx.tol('accumulation'), 'float32');
        const dy = uniform(rng, maxRef.shape);
        await expectTensor(nb.maxPool2dBackprop(dy.t, x.t, params), R.maxPool2dBackprop(dy.ref, x.ref, params), ctx.tol('basic'));
        await expectTensor(nb.avgPool2dBackprop(dy.t, xs, params), R.avgPool2dBackprop(dy.ref, xs, params), ctx.tol('accumulation'));
      });
    });
    it('maxPool2dBackprop sends ties to the first maximum in row-major order', async () => {
      const x = nb.tensor([[[[1, 1, 0, 2], [1, 1, 2, 2]]]]);
      const params: Pool2dParams = { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: true };
      await expectTensor(nb.maxPool2dBackprop(nb.tensor([[[[5, 7]]]]), x, params), { shape: [1, 1, 2, 4], values: [5, 0, 0, 7, 0, 0, 0, 0] }, ctx.tol('exact'));
    });
    it('padded cells never win a max, even when all values are negative', async () => {
      const x = nb.full([1, 1, 2, 2], -5);
      await expectTensor(nb.maxPool2d(x, { kernelSize: 2, stride: 1, padding: 1 }), { shape: [1, 1, 3, 3], values: new Array<number>(9).fill(-5) }, ctx.tol('exact'));
    });
    it('hand-computed averages with and without padding in the divisor', async () => {
      const x = nb.ones([1, 1, 2, 2]);
      await expectTensor(nb.avgPool2d(x, { kernelSize: 2, stride: 1, padding: 1 }), { shape: [1, 1, 3, 3], values: [0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25] }, ctx.tol('basic'));
      await expectTensor(nb.avgPool2d(x, { kernelSize: 2, stride: 1, padding: 1, countIncludePad: false }), { shape: [1, 1, 3, 3], values: new Array<number>(9).fill(1) }, ctx.tol('basic'));
    });
    it('rejects bad ranks, dtypes and paddings', () => {
      expectThrows(() => nb.maxPool2d(nb.zeros([2, 4, 4]), { kernelSize: 2 }), nb.ShapeError, 'maxPool2d', 'rank 4', '[2,4,4]');
      expectThrows(() => nb.avgPool2d(nb.zeros([1, 1, 4, 4], 'int32'), { kernelSize: 2 }), nb.DTypeError, 'avgPool2d', 'int32');
      expectThrows(() => nb.maxPool2d(nb.zeros([1, 1, 4, 4]), { kernelSize: 2, padding: 2 }), nb.ShapeError, 'maxPool2d', 'padding');
      expectThrows(() => nb.maxPool2d(nb.zeros([1, 1, 1, 4]), { kernelSize: 2 }), nb.ShapeError, 'maxPool2d', '[1,1,1,4]');
    });
  });
}
