/** Creating tensors (values, constants, ranges, random draws) and reading them back asynchronously. */
import { describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectThrows, expectTensor, expectValues } from './check.js';

/** Registers the creation section. */
export function describeCreation(ctx: ConformanceContext): void {
  const exact = ctx.tol('exact');
  describe('creation and reads', () => {
    it('tensor() from nested arrays, flat arrays with a shape, and typed arrays', async () => {
      const a = nb.tensor([[1, 2, 3], [4, 5, 6]]);
      expect(a.shape).toEqual([2, 3]);
      expect(a.size).toBe(6);
      await expectValues(a, [1, 2, 3, 4, 5, 6], 'float32');
      await expectTensor(nb.tensor([1, 2, 3, 4], [2, 2]), { shape: [2, 2], values: [1, 2, 3, 4] }, exact, 'float32');
      await expectValues(nb.tensor(new Int32Array([7, -8])), [7, -8], 'int32');
      await expectValues(nb.tensor(new Uint8Array([1, 0])), [1, 0], 'bool');
      await expectValues(nb.tensor(new Float32Array([0.5]), [1, 1]), [0.5], 'float32');
      await expectValues(nb.tensor([1.9, -1.9], [2], 'int32'), [1, -1], 'int32');
      await expectValues(nb.tensor([3, 0, -1], [3], 'bool'), [1, 0, 1], 'bool');
      await expectValues(nb.tensor([[true], [false]]), [1, 0], 'bool');
    });
    it('float32 storage rounds values and keeps specials', async () => {
      await expectValues(nb.tensor([0.1, 1e-40, 3.5e38, 1e39, -Infinity, NaN]), [Math.fround(0.1), Math.fround(1e-40), Math.fround(3.5e38), Infinity, -Infinity, NaN]);
    });
    it('int32 storage keeps the full range', async () => {
      await expectValues(nb.tensor([2 ** 31 - 1, -(2 ** 31), 16777217], [3], 'int32'), [2 ** 31 - 1, -(2 ** 31), 16777217], 'int32');
    });
    it('scalars, size-0 and size-1 tensors', async () => {
      const s = nb.scalar(4.5);
      expect(s.shape).toEqual([]);
      expect(s.size).toBe(1);
      expect(await s.itemAsync()).toBe(4.5);
      expect(await s.array()).toBe(4.5);
      const e = nb.zeros([2, 0, 3]);
      expect(e.size).toBe(0);
      expect((await e.data()).length).toBe(0);
      expect(await e.array()).toEqual([[], []]);
      expect(await nb.ones([1, 1, 1]).array()).toEqual([[[1]]]);
      expect(await nb.scalar(true).array()).toBe(true);
    });
    it('array() nests by shape and returns booleans for bool', async () => {
      expect(await nb.tensor([[1, 2], [3, 4], [5, 6]]).array()).toEqual([[1, 2], [3, 4], [5, 6]]);
      expect(await nb.tensor([[true, false]]).array()).toEqual([[true, false]]);
      expect(await nb.tensor([1, 2], [2], 'int32').array()).toEqual([1, 2]);
    });
    it('data() returns the dtype\'s typed array', async () => {
      expect(await nb.zeros([2]).data()).toBeInstanceOf(Float32Array);
      expect(await nb.zeros([2], 'int32').data()).toBeInstanceOf(Int32Array);
      expect(await nb.zeros([2], 'bool').data()).toBeInstanceOf(Uint8Array);
    });
    it('full, zeros, ones and the *Like variants', async () => {
      await expectTensor(nb.full([2, 2], -3.25), { shape: [2, 2], values: [-3.25, -3.25, -3.25, -3.25] }, exact, 'float32');
      await expectTensor(nb.full([3], 7, 'int32'), { shape: [3], values: [7, 7, 7] }, exact, 'int32');
      await expectTensor(nb.full([2], 2, 'bool'), { shape: [2], values: [1, 1] }, exact, 'bool');
      await expectTensor(nb.zeros([3, 1]), { shape: [3, 1], values: [0, 0, 0] }, exact, 'float32');
      await expectTensor(nb.ones([2], 'int32'), { shape: [2], values: [1, 1] }, exact, 'int32');
      const t = nb.tensor([[1, 2, 3]], undefined, 'int32');
      await expectTensor(nb.zerosLike(t), { shape: [1, 3], values: [0, 0, 0] }, exact, 'int32');
      await expectTensor(nb.onesLike(t, 'float32'), { shape: [1, 3], values: [1, 1, 1] }, exact, 'float32');
      await expectTensor(nb.fullLike(t, -2), { shape: [1, 3], values: [-2, -2, -2] }, exact, 'int32');
      await expectValues(nb.full([1], NaN), [NaN]);
    });
    it('arange, linspace and eye', async () => {
      await expectValues(nb.arange(5), [0, 1, 2, 3, 4], 'int32');
      await expectValues(nb.arange(2, -4, -2), [2, 0, -2], 'int32');
      await expectValues(nb.arange(0, 1, 0.25), [0, 0.25, 0.5, 0.75], 'float32');
      await expectValues(nb.arange(3, 3), [], 'int32');
      await expectValues(nb.linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1], 'float32');
      await expectValues(nb.linspace(2, 2, 1), [2]);
      await expectTensor(nb.eye(2, 3), { shape: [2, 3], values: [1, 0, 0, 0, 1, 0] }, exact, 'float32');
      await expectTensor(nb.eye(3, 2, 'int32'), { shape: [3, 2], values: [1, 0, 0, 1, 0, 0] }, exact, 'int32');
    });
    it('random draws are reproducible for a seed and respect their ranges', async () => {
      const draw = async (s: number): Promise<number[]> => Array.from(await nb.rand([100], -2, 3, { rng: new nb.Rng(s) }).data());
      const first = await draw(5);
      expect(await draw(5)).toEqual(first);
      expect(await draw(6)).not.toEqual(first);
      for (const v of first) expect(v >= -2 && v < 3).toBe(true);
      const ints = Array.from(await nb.randint(-3, 3, [200], { rng: new nb.Rng(1) }).data());
      expect(new Set(ints)).toEqual(new Set([-3, -2, -1, 0, 1, 2]));
      nb.seed(9);
      const g1 = Array.from(await nb.randn([50]).data());
      nb.seed(9);
      expect(Array.from(await nb.randn([50]).data())).toEqual(g1);
    });
    it('randn has the requested mean and std over 20k samples', async () => {
      const v = Array.from(await nb.randn([20000], 3, 0.5, { rng: new nb.Rng(77) }).data());
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
      expect(Math.abs(mean - 3)).toBeLessThan(0.02);
      expect(Math.abs(sd - 0.5)).toBeLessThan(0.02);
    });
    it('toBackend copies to the same backend', async () => {
      const t = nb.tensor([1, 2, 3], [3], 'int32');
      const copy = await nb.toBackend(t, nb.getBackend());
      t.dispose();
      await expectValues(copy, [1, 2, 3], 'int32');
    });
    it('synchronous reads agree with asynchronous ones where the backend offers them', async () => {
      const t = nb.tensor([1.5, -2]);
      if (!nb.getBackend().readSync) {
        // each sync read names itself and its asynchronous equivalent
        expectThrows(() => t.dataSync(), nb.BackendError, 'dataSync', 'await t.data()');
        expectThrows(() => t.arraySync(), nb.BackendError, 'arraySync', 'await t.array()');
        expectThrows(() => nb.scalar(1).item(), nb.BackendError, 'item', 'await t.itemAsync()');
        return;
      }
      expect(nb.scalar(2.5).item()).toBe(await nb.scalar(2.5).itemAsync());
      expect(Array.from(t.dataSync())).toEqual(Array.from(await t.data()));
      expect(t.arraySync()).toEqual(await t.array());
    });
  });
}
