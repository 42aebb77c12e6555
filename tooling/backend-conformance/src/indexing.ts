/** gather, scatterAdd and oneHot. */
import { describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor, expectThrows, expectValues } from './check.js';
import { integers, rngFor, uniform } from './data.js';
import { gather as refGather, scatterAdd as refScatterAdd } from './reference/indexing.js';

/** Registers the indexing section. */
export function describeIndexing(ctx: ConformanceContext): void {
  describe('gather', () => {
    it('gathers along every axis with vector and matrix indices', async () => {
      const rng = rngFor(1100);
      const x = uniform(rng, [4, 5, 3]);
      for (const axis of [0, 1, 2]) {
        const n = x.ref.shape[axis];
        const vec = integers(rng, [7], 0, n);
        const mat = integers(rng, [2, 3], 0, n);
        await expectTensor(nb.gather(x.t, vec.t, axis), refGather(x.ref, vec.ref, axis), ctx.tol('exact'));
        await expectTensor(nb.gather(x.t, mat.t, axis), refGather(x.ref, mat.ref, axis), ctx.tol('exact'));
      }
      const last = integers(rng, [2], 0, 3);
      await expectTensor(nb.gather(x.t, last.t, -1), refGather(x.ref, last.ref, 2), ctx.tol('exact'));
    });
    it('embedding-style lookup with repeated rows, scalar and empty indices', async () => {
      const table = nb.tensor([[0, 1], [10, 11], [20, 21]]);
      await expectValues(nb.gather(table, nb.tensor([2, 0, 2], [3], 'int32')), [20, 21, 0, 1, 20, 21]);
      await expectTensor(nb.gather(table, nb.tensor([1], [], 'int32')), { shape: [2], values: [10, 11] }, ctx.tol('exact'));
      await expectTensor(nb.gather(table, nb.zeros([0], 'int32')), { shape: [0, 2], values: [] }, ctx.tol('exact'));
    });
    it('gathers int32 values exactly', async () => {
      const x = integers(rngFor(1101), [6], -(2 ** 30), 2 ** 30);
      const idx = integers(rngFor(1102), [4], 0, 6);
      await expectTensor(nb.gather(x.t, idx.t), refGather(x.ref, idx.ref, 0), ctx.tol('exact'), 'int32');
    });
    it('out-of-range indices are refused on backends that can check them synchronously', () => {
      if (!nb.getBackend().readSync) return;
      expectThrows(() => nb.gather(nb.zeros([3, 2]), nb.tensor([0, 3], [2], 'int32')), nb.ArgumentError, 'gather', 'index 3', '[0, 3)');
      expectThrows(() => nb.gather(nb.zeros([3, 2]), nb.tensor([-1], [1], 'int32')), nb.ArgumentError, 'gather', 'index -1');
    });
    it('indices checked once are not read back again for as large a limit; a smaller limit or an in-place write checks anew', () => {
      const backend = nb.getBackend();
      if (!backend.readSync) return;
      const table = nb.zeros([4, 2]);
      const idx = nb.tensor([0, 3, 1], [3], 'int32');
      const readSync = backend.readSync;
      let reads = 0;
      (backend as { readSync?: typeof readSync }).readSync = (id) => {
        reads++;
        return readSync.call(backend, id);
      };
      try {
        nb.gather(table, idx).dispose();
        nb.oneHot(idx, 5).dispose();
        nb.gather(table, idx.reshape([3, 1])).dispose();
        expect(reads).toBe(1);
        expectThrows(() => nb.gather(nb.zeros([3, 2]), idx), nb.ArgumentError, 'gather', 'index 3', 'position 1');
        nb.writeSlice(idx, nb.tensor([4], [1], 'int32'), [2]);
        expectThrows(() => nb.gather(table, idx), nb.ArgumentError, 'gather', 'index 4', 'position 2');
      } finally {
        (backend as { readSync?: typeof readSync }).readSync = readSync;
      }
    });
  });

  describe('scatterAdd', () => {
    it('accumulates duplicates along every axis', async () => {
      const rng = rngFor(1110);
      const x = uniform(rng, [4, 5, 3]);
      for (const axis of [0, 1, 2]) {
        const n = x.ref.shape[axis];
        const idx = integers(rng, [2, 4], 0, n);
        const updShape = [...x.ref.shape.slice(0, axis), 2, 4, ...x.ref.shape.slice(axis + 1)];
        const upd = uniform(rng, updShape);
        await expectTensor(nb.scatterAdd(x.t, idx.t, upd.t, axis), refScatterAdd(x.ref, idx.ref, upd.ref, axis), ctx.tol('basic'));
      }
    });
    it('hand-computed duplicates', async () => {
      const x = nb.zeros([3, 2]);
      const idx = nb.tensor([0, 2, 0, 0], [4], 'int32');
      const upd = nb.tensor([[1, 2], [3, 4], [5, 6], [7, 8]]);
      await expectValues(nb.scatterAdd(x, idx, upd), [13, 16, 0, 0, 3, 4]);
      await expectValues(nb.scatterAdd(nb.zeros([2], 'int32'), nb.tensor([1, 1], [2], 'int32'), nb.tensor([5, 6], [2], 'int32')), [0, 11], 'int32');
    });
    it('is the adjoint of gather: <gather(x), u> = <x, scatterAdd(0, u)>', async () => {
      const rng = rngFor(1111);
      const x = uniform(rng, [5, 4]);
      const idx = integers(rng, [6], 0, 5);
      const u = uniform(rng, [6, 4]);
      const lhs = await nb.sum(nb.mul(nb.gather(x.t, idx.t), u.t)).data();
      const rhs = await nb.sum(nb.mul(x.t, nb.scatterAdd(nb.zerosLike(x.t), idx.t, u.t))).data();
      await expectTensor(nb.tensor(Float32Array.from(lhs), []), { shape: [], values: [rhs[0]] }, ctx.tol('accumulation'));
    });
  });

  describe('oneHot', () => {
    it('builds float32 rows', async () => {
      await expectTensor(nb.oneHot(nb.tensor([[0, 2], [1, 1]], undefined, 'int32'), 3), {
        shape: [2, 2, 3], values: [1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0],
      }, ctx.tol('exact'), 'float32');
    });
    it('refuses out-of-range and negative labels: at the call, or at the next read on asynchronous backends', async () => {
      if (!nb.getBackend().readSync) {
        await expect(nb.oneHot(nb.tensor([1, 5, -1], [3], 'int32'), 3).data()).rejects.toThrow(/^oneHot: indices \[3\] hold a value out of range \[0, 3\)/);
        await expect(nb.oneHot(nb.tensor([-1], [1], 'int32'), 3).data()).rejects.toThrow(nb.ArgumentError);
        await expectTensor(nb.oneHot(nb.tensor([2], [1], 'int32'), 3), { shape: [1, 3], values: [0, 0, 1] }, ctx.tol('exact'), 'float32');
        return;
      }
      expectThrows(() => nb.oneHot(nb.tensor([[0, 2], [1, 5]], undefined, 'int32'), 3), nb.ArgumentError, 'oneHot', 'index 5', 'position 3', '[0, 3)');
      expectThrows(() => nb.oneHot(nb.tensor([-1], [1], 'int32'), 3), nb.ArgumentError, 'oneHot', 'index -1');
      expectThrows(() => nb.oneHot(nb.tensor([3], [1], 'int32'), 3), nb.ArgumentError, 'oneHot', 'index 3');
    });
  });
}
