/** conv2d, conv1d and both conv2d backprops against direct loops. */
import { describe, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { Conv2dOptions } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor, expectThrows } from './check.js';
import { rngFor, uniform } from './data.js';
import { conv2d as refConv2d, conv2dBackpropFilter as refBackpropFilter, conv2dBackpropInput as refBackpropInput } from './reference/conv.js';
import { ndarray } from './reference/ndarray.js';

/** [label, x shape, w shape, options]. */
const CASES: readonly [string, number[], number[], Conv2dOptions][] = [
  ['3x3 valid', [2, 3, 6, 7], [4, 3, 3, 3], {}],
  ['1x1 kernel', [1, 5, 4, 4], [2, 5, 1, 1], {}],
  ['stride 2, padding 1', [2, 2, 7, 6], [3, 2, 3, 3], { stride: 2, padding: 1 }],
  ['asymmetric stride, pads and dilation', [1, 3, 9, 8], [2, 3, 3, 2], { stride: [2, 1], padding: [1, 2, 0, 1], dilation: [1, 2] }],
  ['same padding, stride 2', [2, 1, 7, 5], [3, 1, 4, 3], { stride: 2, padding: 'same' }],
  ['same padding, dilation 2', [1, 2, 6, 6], [2, 2, 3, 3], { padding: 'same', dilation: 2 }],
  ['kernel as large as the input', [1, 2, 3, 4], [3, 2, 3, 4], {}],
  ['[h, w] padding pair', [1, 1, 4, 5], [1, 1, 2, 2], { padding: [2, 1] }],
];

/** Registers the convolution section. */
export function describeConv(ctx: ConformanceContext): void {
  describe('conv2d and its backprops', () => {
    CASES.forEach(([label, xs, ws, options], k) => {
      it(`${label}: x [${xs}] w [${ws}]`, async () => {
        const rng = rngFor(1200 + k);
        const x = uniform(rng, xs);
        const w = uniform(rng, ws);
        const y = nb.conv2d(x.t, w.t, options);
        const p = nb.conv2dParams('conv2d', xs, ws, options);
        const g = { strides: p.strides, pads: p.pads, dilations: p.dilations };
        const expected = refConv2d(x.ref, w.ref, g);
        await expectTensor(y, expected, ctx.tol('accumulation'), 'float32');
        const dy = uniform(rng, expected.shape);
        await expectTensor(nb.conv2dBackpropInput(dy.t, w.t, xs, p), refBackpropInput(dy.ref, w.ref, xs, g), ctx.tol('accumulation'));
        await expectTensor(nb.conv2dBackpropFilter(x.t, dy.t, ws, p), refBackpropFilter(x.ref, dy.ref, ws, g), ctx.tol('accumulation'));
      });
    });
    it('hand-computed 2x2 filter on a 3x3 ramp', async () => {
      const x = nb.reshape(nb.arange(1, 10, 1, 'float32'), [1, 1, 3, 3]);
      const w = nb.tensor([1, 0, 0, -1], [1, 1, 2, 2]);
      await expectTensor(nb.conv2d(x, w), { shape: [1, 1, 2, 2], values: [-4, -4, -4, -4] }, ctx.tol('exact'));
      await expectTensor(nb.conv2d(x, nb.ones([1, 1, 3, 3]), { padding: 1 }), {
        shape: [1, 1, 3, 3], values: [12, 21, 16, 27, 45, 33, 24, 39, 28],
      }, ctx.tol('exact'));
    });
    it('conv1d equals a height-1 conv2d reference', async () => {
      const rng = rngFor(1250);
      const x = uniform(rng, [2, 3, 11]);
      const w = uniform(rng, [4, 3, 3]);
      const g = { strides: [2, 2] as const, pads: [0, 0, 2, 1] as const, dilations: [1, 2] as const };
      const ref = refConv2d(ndarray([2, 3, 1, 11], x.ref.data), ndarray([4, 3, 1, 3], w.ref.data), { ...g, strides: [1, 2] });
      await expectTensor(nb.conv1d(x.t, w.t, { stride: 2, padding: [2, 1], dilation: 2 }), ndarray([2, 4, ref.shape[3]], ref.data), ctx.tol('accumulation'));
      const same = refConv2d(ndarray([2, 3, 1, 11], x.ref.data), ndarray([4, 3, 1, 3], w.ref.data), { strides: [1, 1], pads: [0, 0, 1, 1], dilations: [1, 1] });
      await expectTensor(nb.conv1d(x.t, w.t, { padding: 'same' }), ndarray([2, 4, 11], same.data), ctx.tol('accumulation'));
    });
    it('shape and dtype errors name the op and shapes', () => {
      expectThrows(() => nb.conv2d(nb.zeros([1, 3, 5, 5]), nb.zeros([2, 4, 3, 3])), nb.ShapeError, 'conv2d', 'input channels 3', '[1,3,5,5]', '[2,4,3,3]');
      expectThrows(() => nb.conv2d(nb.zeros([3, 5, 5]), nb.zeros([2, 3, 3, 3])), nb.ShapeError, 'conv2d', 'rank 4', '[3,5,5]');
      expectThrows(() => nb.conv2d(nb.zeros([1, 1, 2, 2]), nb.zeros([1, 1, 3, 3])), nb.ShapeError, 'conv2d', 'does not fit', '[1,1,2,2]');
      expectThrows(() => nb.conv2d(nb.zeros([1, 1, 4, 4], 'int32'), nb.zeros([1, 1, 3, 3], 'int32')), nb.DTypeError, 'conv2d', 'int32');
      expectThrows(() => nb.conv2d(nb.zeros([1, 1, 4, 4]), nb.zeros([1, 1, 3, 3]), { stride: 0 }), nb.ArgumentError, 'conv2d', 'stride');
    });
  });
}
