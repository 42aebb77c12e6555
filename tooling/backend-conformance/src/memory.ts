/** Memory: tidy/keep/using free every intermediate, dispose is idempotent, use-after-dispose throws. */
import { beforeEach, describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectValues } from './check.js';

/** Tensor count, buffer count, bytes, and the backend's own buffer count. */
function snapshot(): [number, number, number, number] {
  const m = nb.memory();
  return [m.numTensors, m.numDataBuffers, m.numBytes, nb.getBackend().memory().numDataBuffers];
}

/** Composite ops that create intermediates internally: [name, inputs, op]. Each must leave only its result behind. */
const COMPOSITES: readonly [string, () => Tensor[], (xs: Tensor[]) => Tensor][] = [
  ['softmax', () => [nb.tensor([[1, 2, 3], [4, 5, 6]])], ([x]) => nb.softmax(x)],
  ['logSoftmax', () => [nb.tensor([1, 2, 3])], ([x]) => nb.logSoftmax(x)],
  ['logsumexp', () => [nb.tensor([[1, 2], [3, 4]])], ([x]) => nb.logsumexp(x, 1)],
  ['variance', () => [nb.tensor([1, 2, 4])], ([x]) => nb.variance(x)],
  ['std', () => [nb.tensor([1, 2, 4])], ([x]) => nb.std(x, 0, { correction: 1 })],
  ['mean of int32', () => [nb.tensor([1, 2], [2], 'int32')], ([x]) => nb.mean(x)],
  ['broadcast batch matmul', () => [nb.ones([2, 1, 2, 3]), nb.ones([3, 3, 2])], ([a, b]) => nb.matmul(a, b)],
  ['conv1d', () => [nb.ones([1, 2, 5]), nb.ones([3, 2, 2])], ([x, w]) => nb.conv1d(x, w)],
  ['oneHot', () => [nb.tensor([0, 2], [2], 'int32')], ([i]) => nb.oneHot(i, 3)],
  ['stack', () => [nb.ones([2]), nb.zeros([2])], (xs) => nb.stack(xs)],
  ['gelu', () => [nb.tensor([-1, 0, 1])], ([x]) => nb.gelu(x)],
  ['elu', () => [nb.tensor([-1, 0, 1])], ([x]) => nb.elu(x)],
  ['add with promotion and a number', () => [nb.tensor([1, 2], [2], 'int32')], ([x]) => nb.add(x, 0.5)],
  ['where with numbers', () => [nb.tensor([true, false])], ([c]) => nb.where(c, 1, 2)],
  ['argmax of bool, flattened', () => [nb.tensor([[false, true]])], ([x]) => nb.argmax(x)],
  ['sum of bool', () => [nb.tensor([true, true])], ([x]) => nb.sum(x)],
  ['unstack', () => [nb.ones([3, 2])], ([x]) => nb.concat(nb.unstack(x), 0)],
];

/** Registers the memory section. */
export function describeMemory(ctx: ConformanceContext): void {
  describe(`memory (${ctx.backend})`, () => {
    // Index checks pending on an asynchronous device hold one scalar until the next read: settle them first.
    beforeEach(() => nb.synchronize());
    it('tidy frees every intermediate and keeps only the result', async () => {
      const before = snapshot();
      const out = nb.tidy(() => {
        const a = nb.tensor([[1, 2], [3, 4]]);
        const b = a.add(1).mul(a).sub(2);
        // b = [[0,4],[10,18]], b·aᵀ = [[8,16],[46,102]], halved and summed per row: [12, 74]
        return nb.sum(nb.matmul(b, a.T).div(2), 1);
      });
      const [tensors, buffers] = snapshot();
      expect(tensors).toBe(before[0] + 1);
      expect(buffers).toBe(before[1] + 1);
      await expectValues(out, [12, 74]);
      out.dispose();
      expect(snapshot()).toEqual(before);
    });
    it('nested tidy with keep, and containers of tensors', () => {
      const before = snapshot()[0];
      let kept: Tensor | undefined;
      const result = nb.tidy(() => {
        const inner = nb.tidy(() => {
          kept = nb.keep(nb.ones([2]).add(1));
          nb.zeros([3]);
          return { a: nb.ones([1]), list: [nb.zeros([2]), 3] };
        });
        nb.ones([4]);
        return inner;
      });
      expect(snapshot()[0]).toBe(before + 3);
      expect(result.list[1]).toBe(3);
      (result.list[0] as Tensor).dispose();
      result.a.dispose();
      kept?.dispose();
      expect(snapshot()[0]).toBe(before);
    });
    it('tidy disposes its tensors when the function throws', () => {
      const before = snapshot();
      expect(() => nb.tidy(() => {
        nb.ones([3]).mul(2);
        return nb.matmul(nb.zeros([2, 3]), nb.zeros([2, 3]));
      })).toThrow(nb.ShapeError);
      expect(snapshot()).toEqual(before);
    });
    it('`using` disposes at the end of the block', async () => {
      const before = snapshot();
      {
        using t = nb.ones([2, 2]);
        using u = t.add(1);
        expect(snapshot()[0]).toBe(before[0] + 2);
        await expectValues(u, [2, 2, 2, 2]);
      }
      expect(snapshot()).toEqual(before);
    });
    it('dispose twice is safe and counts once', () => {
      const before = snapshot();
      const t = nb.zeros([5]);
      t.dispose();
      t.dispose();
      expect(t.isDisposed).toBe(true);
      expect(snapshot()).toEqual(before);
    });
    it('use after dispose throws DisposedError naming the op', async () => {
      const t = nb.tensor([1, 2, 3]);
      t.dispose();
      expect(() => nb.add(t, 1)).toThrow(nb.DisposedError);
      expect(() => t.reshape([3, 1])).toThrow(/reshape: tensor #\d+ \[3\] float32 was disposed/);
      expect(() => nb.sum(t)).toThrow(nb.DisposedError);
      expect(() => nb.matmul(t, t)).toThrow(nb.DisposedError);
      await expect(t.data()).rejects.toThrow(nb.DisposedError);
    });
    it('reshape views share one buffer that lives until the last view is disposed', async () => {
      const before = snapshot();
      const a = nb.tensor([1, 2, 3, 4]);
      const b = a.reshape([2, 2]);
      const c = b.detach();
      expect(snapshot()[1]).toBe(before[1] + 1);
      a.dispose();
      b.dispose();
      await expectValues(c, [1, 2, 3, 4]);
      c.dispose();
      expect(snapshot()).toEqual(before);
    });
    it('assign swaps in new values, keeps identity and frees the old buffer', async () => {
      const before = snapshot();
      const w = nb.tensor([1, 2, 3]);
      const view = w.reshape([3, 1]);
      const id = w.id;
      const next = nb.mul(w, 10);
      expect(w.assign(next)).toBe(w);
      next.dispose();
      expect(w.id).toBe(id);
      await expectValues(w, [10, 20, 30]);
      await expectValues(view, [1, 2, 3]);
      expect(snapshot()[1]).toBe(before[1] + 2);
      view.dispose();
      w.dispose();
      expect(snapshot()).toEqual(before);
    });
    it('assign refuses a different shape or dtype, naming both', () => {
      const w = nb.zeros([2, 2]);
      expect(() => w.assign(nb.zeros([4]))).toThrow(nb.NablaError);
      expect(() => w.assign(nb.zeros([4]))).toThrow('assign: value float32 [4] does not match float32 [2,2]');
      expect(() => w.assign(nb.zeros([2, 2], 'int32'))).toThrow('int32 [2,2]');
    });
    it('numBytes counts element sizes per dtype', () => {
      const before = snapshot()[2];
      const ts = [nb.zeros([10]), nb.zeros([10], 'int32'), nb.zeros([10], 'bool')];
      expect(snapshot()[2] - before).toBe(40 + 40 + 10);
      ts.forEach((t) => t.dispose());
      expect(snapshot()[2]).toBe(before);
    });
    COMPOSITES.forEach(([name, inputs, op]) => {
      it(`${name} leaves only its result (tensors and backend buffers)`, async () => {
        const initial = snapshot();
        const xs = inputs();
        const before = snapshot();
        const out = nb.tidy(() => op(xs));
        await nb.synchronize();
        const after = snapshot();
        expect(after[0], 'live tensors').toBe(before[0] + 1);
        expect(after[3], 'backend buffers').toBe(before[3] + 1);
        out.dispose();
        xs.forEach((x) => x.dispose());
        expect(snapshot()).toEqual(initial);
      });
    });
    it('ops outside tidy create exactly one tensor and one buffer each', () => {
      const x = nb.tensor([[1, 2], [3, 4]]);
      const before = snapshot();
      const made = [nb.softmax(x), nb.logsumexp(x), nb.variance(x, 0), nb.gelu(x), nb.matmul(x, x), nb.mean(x, 1)];
      const after = snapshot();
      expect(after[0], 'live tensors').toBe(before[0] + made.length);
      expect(after[3], 'backend buffers').toBe(before[3] + made.length);
      made.forEach((t) => t.dispose());
      x.dispose();
    });
    it('a long training-like loop inside tidy does not grow memory', async () => {
      let w = nb.ones([4, 4]);
      const before = snapshot();
      for (let i = 0; i < 50; i++) {
        const next = nb.tidy(() => nb.sub(w, nb.mul(nb.matmul(w, w.T).softmax(), 0.01)));
        w.dispose();
        w = next;
      }
      expect(snapshot()).toEqual(before);
      expect((await w.data()).every(Number.isFinite)).toBe(true);
      w.dispose();
    });
  });
}
