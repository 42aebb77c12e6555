/** Matrix products: 1-D promotion, batching, batch broadcasting, transposes, degenerate sizes. */
import { describe, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor, expectThrows } from './check.js';
import { rngFor, uniform } from './data.js';
import { matmul as refMatmul } from './reference/matmul.js';
import { zipBroadcast } from './reference/broadcast.js';
import { ndarray } from './reference/ndarray.js';

/** [a shape, b shape, transposeA, transposeB, expected output shape]. */
const CASES: readonly [number[], number[], boolean, boolean, number[]][] = [
  [[2, 3], [3, 4], false, false, [2, 4]],
  [[1, 1], [1, 1], false, false, [1, 1]],
  [[3], [3, 2], false, false, [2]],
  [[2, 3], [3], false, false, [2]],
  [[4], [4], false, false, []],
  [[2, 2, 3], [2, 3, 5], false, false, [2, 2, 5]],
  [[2, 3, 4], [4, 2], false, false, [2, 3, 2]],
  [[3, 4], [2, 4, 5], false, false, [2, 3, 5]],
  [[3, 1, 2, 4], [5, 4, 3], false, false, [3, 5, 2, 3]],
  [[3, 2], [3, 4], true, false, [2, 4]],
  [[2, 3], [4, 3], false, true, [2, 4]],
  [[3, 2], [4, 3], true, true, [2, 4]],
  [[2, 5, 3], [1, 4, 5], true, true, [2, 3, 4]],
  [[2, 0], [0, 3], false, false, [2, 3]],
  [[0, 4], [4, 3], false, false, [0, 3]],
  [[33, 65], [65, 17], false, false, [33, 17]],
  [[7, 130], [130, 9], false, false, [7, 9]],
];

/** Registers the matmul section. */
export function describeMatmul(ctx: ConformanceContext): void {
  describe('matmul', () => {
    CASES.forEach(([as, bs, ta, tb, out], k) => {
      it(`[${as}]${ta ? 'ᵀ' : ''} x [${bs}]${tb ? 'ᵀ' : ''} → [${out}]`, async () => {
        const rng = rngFor(900 + k);
        const a = uniform(rng, as);
        const b = uniform(rng, bs);
        const expected = refMatmul(a.ref, b.ref, ta, tb);
        await expectTensor(nb.matmul(a.t, b.t, { transposeA: ta, transposeB: tb }), { shape: out, values: expected.data }, ctx.tol('accumulation'), 'float32');
      });
    });
    it('hand-computed 2x2 product and the .T / method forms', async () => {
      const a = nb.tensor([[1, 2], [3, 4]]);
      const b = nb.tensor([[5, 6], [7, 8]]);
      await expectTensor(nb.matmul(a, b), { shape: [2, 2], values: [19, 22, 43, 50] }, ctx.tol('exact'));
      await expectTensor(a.matmul(b.T), { shape: [2, 2], values: [17, 23, 39, 53] }, ctx.tol('exact'));
      await expectTensor(a.T.matmul(b), { shape: [2, 2], values: [26, 30, 38, 44] }, ctx.tol('exact'));
    });
    it('outer product of two vectors', async () => {
      const rng = rngFor(950);
      const a = uniform(rng, [4]);
      const b = uniform(rng, [3]);
      const expected = zipBroadcast(ndarray([4, 1], a.ref.data), ndarray([1, 3], b.ref.data), (x, y) => x * y);
      await expectTensor(nb.outer(a.t, b.t), expected, ctx.tol('basic'));
    });
    it('matmul with an identity returns the input', async () => {
      const a = uniform(rngFor(951), [5, 6]);
      await expectTensor(nb.matmul(a.t, nb.eye(6)), a.ref, ctx.tol('exact'));
      await expectTensor(nb.matmul(nb.eye(5), a.t), a.ref, ctx.tol('exact'));
    });
    it('error names the op, both shapes and the inner sizes', () => {
      expectThrows(() => nb.matmul(nb.zeros([2, 3]), nb.zeros([4, 5])), nb.ShapeError, 'matmul: inner dimensions differ: [2,3] x [4,5] (3 != 4)');
      expectThrows(() => nb.matmul(nb.zeros([2, 3]), nb.zeros([2, 3]), { transposeB: true, transposeA: true }), nb.ShapeError, 'matmul', '[2,3]', '(2 != 3)');
      expectThrows(() => nb.matmul(nb.zeros([2, 2, 3]), nb.zeros([3, 3, 4])), nb.ShapeError, 'matmul', '[2]', '[3]');
      expectThrows(() => nb.matmul(nb.zeros([2, 2], 'int32'), nb.zeros([2, 2], 'int32')), nb.DTypeError, 'matmul', 'int32');
      expectThrows(() => nb.matmul(nb.scalar(1), nb.zeros([2])), nb.ShapeError, 'matmul', 'rank');
    });
    it('operands of different float dtypes are a DTypeError', () => {
      if (!nb.getBackend().supportsFloat64) return;
      expectThrows(() => nb.matmul(nb.zeros([2, 2]), nb.zeros([2, 2], 'float64')), nb.DTypeError, 'matmul', 'float32', 'float64');
    });
  });
}
