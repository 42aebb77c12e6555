/**
 * The ways a new user writes creation code: `tensor(values, { dtype, shape })` beside the
 * positional form, dtypes inferred from typed arrays, PyTorch-like constructor signatures
 * (`randint(high, shape)`, dtype options objects, `randLike`/`randnLike`), and values `tensor()`
 * refuses with an error naming the element.
 */
import { describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectThrows, expectTensor, expectValues } from './check.js';

/** Registers the construction section. */
export function describeConstruction(ctx: ConformanceContext): void {
  const exact = ctx.tol('exact');
  describe('construction forms and value validation', () => {
    it('tensor(values, { dtype, shape }), tensor(values, dtype) and the positional form agree', async () => {
      await expectTensor(nb.tensor([0, 1, 2], { dtype: 'int32' }), { shape: [3], values: [0, 1, 2] }, exact, 'int32');
      await expectTensor(nb.tensor([1, 2, 3, 4], { shape: [2, 2] }), { shape: [2, 2], values: [1, 2, 3, 4] }, exact, 'float32');
      await expectTensor(nb.tensor([1.7, -1.7], { dtype: 'int32', shape: [2, 1] }), { shape: [2, 1], values: [1, -1] }, exact, 'int32');
      await expectTensor(nb.tensor([[1, 0]], 'bool'), { shape: [1, 2], values: [1, 0] }, exact, 'bool');
      await expectTensor(nb.tensor([1, 2], [2, 1], 'int32'), { shape: [2, 1], values: [1, 2] }, exact, 'int32');
      await expectTensor(nb.tensor([5], {}), { shape: [1], values: [5] }, exact, 'float32');
      expectThrows(() => nb.tensor([1], { dtyp: 'int32' } as unknown as nb.TensorOptions), nb.ArgumentError, 'tensor', 'dtyp');
      expectThrows(() => nb.tensor([1, 2], { shape: [3] }), nb.ShapeError, 'tensor', '[3]');
      expectThrows(() => nb.tensor([1], { dtype: 'float16' as nb.DType }), nb.DTypeError, 'tensor', 'float16');
    });

    it('the dtype follows the typed array: Int8/Int16/Uint16/Uint32 → int32, Uint8 → bool, Float32 → float32', async () => {
      await expectValues(nb.tensor(new Int16Array([-300, 7])), [-300, 7], 'int32');
      await expectValues(nb.tensor(new Int8Array([-3])), [-3], 'int32');
      await expectValues(nb.tensor(new Uint16Array([65535])), [65535], 'int32');
      await expectValues(nb.tensor(new Uint32Array([5])), [5], 'int32');
      await expectValues(nb.tensor(new Uint8Array([2, 0])), [1, 0], 'bool');
      await expectValues(nb.tensor(new Float32Array([0.5]), { shape: [1, 1] }), [0.5], 'float32');
      await expectValues(nb.tensor(new Float32Array([2.5]), { dtype: 'int32' }), [2], 'int32');
      expectThrows(() => nb.tensor(new Uint32Array([2 ** 31])), nb.DTypeError, 'tensor', '2147483648');
      expectThrows(() => nb.tensor(new BigInt64Array(1) as unknown as Int32Array), nb.DTypeError, 'tensor', 'BigInt64Array');
    });

    it('booleans among numbers count as 0 and 1 in a float32 tensor', async () => {
      await expectValues(nb.tensor([true, 2, false]), [1, 2, 0], 'float32');
      await expectValues(nb.tensor([[false], [true]]), [0, 1], 'bool');
    });

    it('refuses strings, undefined, null, tensors and ragged arrays, naming the element', () => {
      expectThrows(() => nb.tensor([1, 'a'] as unknown as number[]), nb.ArgumentError, 'tensor', 'element [1]', 'string "a"');
      expectThrows(() => nb.tensor([1, undefined] as unknown as number[]), nb.ArgumentError, 'tensor', 'element [1]', 'undefined');
      expectThrows(() => nb.tensor([[1, 2], [3, null]] as unknown as number[][]), nb.ArgumentError, 'tensor', 'element [1][1]', 'null');
      expectThrows(() => nb.tensor(undefined as unknown as number), nb.ArgumentError, 'tensor', 'values is undefined');
      expectThrows(() => nb.tensor([nb.scalar(1), nb.scalar(2)] as unknown as number[]), nb.ArgumentError, 'tensor', 'element [0] is a Tensor', 'stack');
      expectThrows(() => nb.tensor(nb.scalar(1) as unknown as number), nb.ArgumentError, 'tensor', 'already a Tensor');
      expectThrows(() => nb.tensor([[1, 2], [3]]), nb.ShapeError, 'tensor', 'element [1] has length 1, expected 2');
      expectThrows(() => nb.tensor([[1, 2], 3] as unknown as number[][]), nb.ShapeError, 'tensor', 'element [1] is a number', 'array of length 2');
      expectThrows(() => nb.tensor([1, [2]] as unknown as number[]), nb.ShapeError, 'tensor', 'element [1] is an array');
    });

    it('constructors take a dtype or { dtype }, like PyTorch keyword arguments', async () => {
      await expectValues(nb.zeros([2], { dtype: 'int32' }), [0, 0], 'int32');
      await expectValues(nb.ones([1], { dtype: 'bool' }), [1], 'bool');
      await expectValues(nb.full([2], 7, { dtype: 'int32' }), [7, 7], 'int32');
      await expectValues(nb.arange(0, 3, 1, { dtype: 'float32' }), [0, 1, 2], 'float32');
      await expectValues(nb.linspace(0, 1, 3, { dtype: 'float32' }), [0, 0.5, 1], 'float32');
      await expectTensor(nb.eye(2, { dtype: 'int32' }), { shape: [2, 2], values: [1, 0, 0, 1] }, exact, 'int32');
      await expectValues(nb.scalar(3, { dtype: 'int32' }), [3], 'int32');
      const t = nb.tensor([[1, 2]], { dtype: 'int32' });
      await expectValues(nb.zerosLike(t, { dtype: 'float32' }), [0, 0], 'float32');
      await expectValues(nb.fullLike(t, 4), [4, 4], 'int32');
      expectThrows(() => nb.arange(0, Infinity), nb.ArgumentError, 'arange', 'stop');
      expectThrows(() => nb.linspace(0, 1, -1), nb.ArgumentError, 'linspace', 'steps');
    });

    it('randint(high, shape) draws from 0, randint(low, high, shape) from low', async () => {
      const fromZero = Array.from(await nb.randint(4, [400], { rng: new nb.Rng(3) }).data());
      expect(new Set(fromZero)).toEqual(new Set([0, 1, 2, 3]));
      const t = nb.randint(-2, 1, [2, 50], { rng: new nb.Rng(4) });
      expect(t.dtype).toBe('int32');
      expect(t.shape).toEqual([2, 50]);
      expect(new Set(await t.data())).toEqual(new Set([-2, -1, 0]));
      expectThrows(() => nb.randint(3, 3, [1]), nb.ArgumentError, 'randint', 'low < high');
    });

    it('randLike and randnLike draw the shape of a template on its backend', async () => {
      const template = nb.zeros([3, 4], 'int32');
      const u = nb.randLike(template, -1, 1, { rng: new nb.Rng(8) });
      expect([u.shape, u.dtype, u.backend]).toEqual([[3, 4], 'float32', template.backend]);
      const values = Array.from(await u.data());
      for (const v of values) expect(v >= -1 && v < 1).toBe(true);
      expect(new Set(values).size).toBe(12);
      // the same generator state gives what rand() gives: one stream of draws
      expect(values).toEqual(Array.from(await nb.rand([3, 4], -1, 1, { rng: new nb.Rng(8) }).data()));
      const g = nb.randnLike(nb.zeros([20000]), 2, 0.5, { rng: new nb.Rng(9) });
      const draws = Array.from(await g.data());
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length);
      expect(Math.abs(mean - 2)).toBeLessThan(0.02);
      expect(Math.abs(sd - 0.5)).toBeLessThan(0.02);
      expectThrows(() => nb.randLike(template, 0, 1, { dtype: 'int32' }), nb.DTypeError, 'randLike', 'int32');
    });
  });
}
