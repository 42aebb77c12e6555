/** Data movement: reshape, transpose, expandDims, squeeze, broadcastTo, flatten, slice, pad, concat, stack, split. */
import { describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor, expectValues } from './check.js';
import { integers, rngFor, uniform } from './data.js';
import { broadcastTo as refBroadcastTo } from './reference/broadcast.js';
import { concat as refConcat, pad as refPad, slice as refSlice, transpose as refTranspose } from './reference/layout.js';
import { ndarray } from './reference/ndarray.js';

/** Registers the layout section. */
export function describeLayout(ctx: ConformanceContext): void {
  const exact = ctx.tol('exact');
  describe('reshape and views', () => {
    it('reshape keeps row-major order, infers -1 and shares storage', async () => {
      const x = uniform(rngFor(1000), [2, 3, 4]);
      await expectTensor(nb.reshape(x.t, [4, -1]), ndarray([4, 6], x.ref.data), exact);
      await expectTensor(x.t.reshape([24]), ndarray([24], x.ref.data), exact);
      await expectTensor(nb.reshape(x.t, [2, 3, 4, 1]), ndarray([2, 3, 4, 1], x.ref.data), exact);
      await expectTensor(nb.reshape(nb.scalar(3), [1, 1]), { shape: [1, 1], values: [3] }, exact);
      await expectTensor(nb.reshape(nb.zeros([0, 3]), [3, -1]), { shape: [3, 0], values: [] }, exact);
    });
    it('expandDims, squeeze, flatten and clone', async () => {
      const x = uniform(rngFor(1001), [3, 1, 2]);
      expect(nb.expandDims(x.t, 0).shape).toEqual([1, 3, 1, 2]);
      expect(nb.expandDims(x.t, -1).shape).toEqual([3, 1, 2, 1]);
      expect(nb.squeeze(x.t).shape).toEqual([3, 2]);
      expect(nb.squeeze(nb.zeros([1, 1, 2]), -3).shape).toEqual([1, 2]);
      expect(nb.flatten(nb.zeros([2, 3, 4, 5]), 1, 2).shape).toEqual([2, 12, 5]);
      expect(nb.flatten(nb.scalar(1)).shape).toEqual([1]);
      await expectTensor(nb.squeeze(x.t, 1), ndarray([3, 2], x.ref.data), exact);
      await expectTensor(x.t.clone(), x.ref, exact);
      await expectTensor(x.t.flatten(), ndarray([6], x.ref.data), exact);
    });
  });

  describe('transpose', () => {
    const perms: number[][] = [[1, 0, 2], [2, 0, 1], [2, 1, 0], [0, 2, 1], [1, 2, 0]];
    it('every permutation of a [2,3,4] float32 tensor matches the reference', async () => {
      const x = uniform(rngFor(1010), [2, 3, 4]);
      for (const p of perms) await expectTensor(nb.transpose(x.t, p), refTranspose(x.ref, p), exact);
      await expectTensor(nb.transpose(x.t, [0, 1, 2]), x.ref, exact);
    });
    it('int32 and bool transposes are exact; default swaps the last two axes (.T)', async () => {
      const i = integers(rngFor(1011), [3, 5], -1000, 1000);
      await expectTensor(nb.transpose(i.t), refTranspose(i.ref, [1, 0]), exact, 'int32');
      await expectTensor(i.t.T, refTranspose(i.ref, [1, 0]), exact, 'int32');
      const b = nb.tensor([[true, false, true], [false, false, true]]);
      await expectValues(nb.transpose(b, [1, 0]), [1, 0, 0, 0, 1, 1], 'bool');
      const x4 = uniform(rngFor(1012), [2, 3, 4, 5]);
      await expectTensor(x4.t.T, refTranspose(x4.ref, [0, 1, 3, 2]), exact);
      await expectTensor(nb.permute(x4.t, 3, 0, -2, 1), refTranspose(x4.ref, [3, 0, 2, 1]), exact);
    });
    it('transposes with size-0 and size-1 dims', async () => {
      await expectTensor(nb.transpose(nb.zeros([0, 3]), [1, 0]), { shape: [3, 0], values: [] }, exact);
      const x = uniform(rngFor(1013), [1, 5, 1]);
      await expectTensor(nb.transpose(x.t, [2, 1, 0]), refTranspose(x.ref, [2, 1, 0]), exact);
    });
  });

  describe('broadcastTo', () => {
    it('repeats size-1 dims and prepends new ones', async () => {
      const x = uniform(rngFor(1020), [3, 1]);
      await expectTensor(nb.broadcastTo(x.t, [2, 3, 4]), refBroadcastTo(x.ref, [2, 3, 4]), exact);
      await expectTensor(nb.broadcastTo(nb.scalar(7), [2, 2]), { shape: [2, 2], values: [7, 7, 7, 7] }, exact);
      await expectTensor(nb.broadcastTo(x.t, [0, 3, 5]), { shape: [0, 3, 5], values: [] }, exact);
      const i = integers(rngFor(1021), [1, 4], -5, 5);
      await expectTensor(nb.broadcastTo(i.t, [3, 4]), refBroadcastTo(i.ref, [3, 4]), exact, 'int32');
    });
  });

  describe('slice and pad', () => {
    it('slices boxes with negative begins and -1 sizes', async () => {
      const x = uniform(rngFor(1030), [4, 5, 6]);
      await expectTensor(nb.slice(x.t, [1, 2, 3], [2, 3, 2]), refSlice(x.ref, [1, 2, 3], [2, 3, 2]), exact);
      await expectTensor(nb.slice(x.t, [-2, 0, -4], [-1, 2, 3]), refSlice(x.ref, [2, 0, 2], [2, 2, 3]), exact);
      await expectTensor(nb.slice(x.t, [3]), refSlice(x.ref, [3, 0, 0], [1, 5, 6]), exact);
      await expectTensor(nb.slice(x.t, [0, 0, 0], [4, 0, 6]), { shape: [4, 0, 6], values: [] }, exact);
      await expectTensor(x.t.slice([0, 4, 5], [4, 1, 1]), refSlice(x.ref, [0, 4, 5], [4, 1, 1]), exact);
    });
    it('pads with a constant on every side', async () => {
      const x = uniform(rngFor(1031), [2, 3]);
      await expectTensor(nb.pad(x.t, [[1, 2], [0, 3]], -1.5), refPad(x.ref, [[1, 2], [0, 3]], -1.5), exact);
      await expectTensor(nb.pad(x.t, [[0, 0], [2, 0]]), refPad(x.ref, [[0, 0], [2, 0]], 0), exact);
      await expectTensor(nb.pad(x.t, [[1, 1]]), refPad(x.ref, [[1, 1], [0, 0]], 0), exact);
      await expectValues(nb.pad(nb.tensor([5], [1], 'int32'), [[2, 1]], 9), [9, 9, 5, 9], 'int32');
      await expectValues(nb.pad(nb.zeros([0]), [[1, 1]], 4), [4, 4]);
    });
  });

  describe('writeSlice', () => {
    it('overwrites a box in place (KV-cache steps, inner boxes, a whole tensor, int32 and bool) and checks its arguments', async () => {
      const rng = rngFor(1035);
      // a [N, H, T, D] cache receiving steps 2..3: every element outside the box keeps its value
      const cases: { target: number[]; source: number[]; begin: number[] }[] = [
        { target: [2, 3, 5, 4], source: [2, 3, 2, 4], begin: [0, 0, 2, 0] },
        { target: [4, 5, 6], source: [2, 3, 2], begin: [1, 2, 3] },
        { target: [3, 4], source: [3, 4], begin: [0, 0] },
        { target: [6], source: [0], begin: [6] },
      ];
      for (const c of cases) {
        const target = uniform(rng, c.target);
        const source = uniform(rng, c.source);
        const t = nb.mul(target.t, 1);
        nb.writeSlice(t, source.t, c.begin);
        const want = [...target.ref.data];
        const tStrides = c.target.map((_, i) => c.target.slice(i + 1).reduce((a, b) => a * b, 1));
        source.ref.data.forEach((value, flat) => {
          let rest = flat;
          let at = 0;
          for (let d = c.source.length - 1; d >= 0; d--) {
            at += (c.begin[d] + (rest % c.source[d])) * tStrides[d];
            rest = Math.floor(rest / c.source[d]);
          }
          want[at] = value;
        });
        await expectTensor(t, ndarray(c.target, want), exact);
      }
      // a result computed from the target before the write keeps the old values (deferred programs run first)
      const base = nb.mul(nb.tensor([1, 2, 3]), 1);
      const doubled = nb.mul(base, 2);
      nb.writeSlice(base, nb.tensor([9]), [0]);
      await expectValues(doubled, [2, 4, 6]);
      await expectValues(base, [9, 2, 3]);
      const ints = nb.tensor([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
      nb.writeSlice(ints, nb.tensor([-7, -8], [2, 1], 'int32'), [0, 1]);
      await expectValues(ints, [1, -7, 3, 4, -8, 6], 'int32');
      const flags = nb.zeros([2, 2], 'bool');
      nb.writeSlice(flags, nb.ones([1, 2], 'bool'), [1, 0]);
      await expectValues(flags, [0, 0, 1, 1], 'bool');
      expect(() => nb.writeSlice(nb.zeros([2, 3]), nb.zeros([1, 2]), [1, 2])).toThrow(nb.ShapeError);
      expect(() => nb.writeSlice(nb.zeros([2, 3]), nb.zeros([2]), [0])).toThrow(/writeSlice.*rank/);
      expect(() => nb.writeSlice(nb.zeros([2, 3]), nb.zeros([1, 1], 'int32'), [0, 0])).toThrow(nb.DTypeError);
    });
  });

  describe('concat, stack, split, unstack', () => {
    it('concat along each axis, with a size-0 part', async () => {
      const rng = rngFor(1040);
      const a = uniform(rng, [2, 3, 4]);
      const b = uniform(rng, [2, 3, 4]);
      for (const axis of [0, 1, 2]) {
        const c = uniform(rng, [2, 3, 4].map((d, i) => (i === axis ? 1 : d)));
        const empty = uniform(rng, [2, 3, 4].map((d, i) => (i === axis ? 0 : d)));
        await expectTensor(nb.concat([a.t, empty.t, b.t, c.t], axis), refConcat([a.ref, empty.ref, b.ref, c.ref], axis), exact);
      }
      await expectTensor(nb.concat([a.t, b.t], -1), refConcat([a.ref, b.ref], 2), exact);
      await expectTensor(nb.concat([a.t]), a.ref, exact);
    });
    it('concat of many parts of different lengths (more than one launch holds) along each axis', async () => {
      const rng = rngFor(1042);
      for (const axis of [0, 1, 2]) {
        const parts = [2, 1, 0, 3, 1, 2, 1, 4, 1, 2].map((n) => uniform(rng, [2, 3, 2].map((d, i) => (i === axis ? n : d))));
        await expectTensor(nb.concat(parts.map((p) => p.t), axis), refConcat(parts.map((p) => p.ref), axis), exact);
      }
    });
    it('concat int32 and bool', async () => {
      await expectValues(nb.concat([nb.tensor([1, 2], [2], 'int32'), nb.tensor([3], [1], 'int32')]), [1, 2, 3], 'int32');
      await expectValues(nb.concat([nb.tensor([[true], [false]]), nb.tensor([[false], [true]])], 1), [1, 0, 0, 1], 'bool');
    });
    it('stack adds a new axis', async () => {
      const rng = rngFor(1041);
      const a = uniform(rng, [2, 3]);
      const b = uniform(rng, [2, 3]);
      const lifted = (axis: number) => [a, b].map((x) => ndarray([...x.ref.shape.slice(0, axis), 1, ...x.ref.shape.slice(axis)], x.ref.data));
      for (const axis of [0, 1, 2]) await expectTensor(nb.stack([a.t, b.t], axis), refConcat(lifted(axis), axis), exact);
      await expectTensor(nb.stack([a.t, b.t], -1), refConcat(lifted(2), 2), exact);
    });
    it('split into equal sections and into listed sizes', async () => {
      const x = uniform(rngFor(1042), [4, 6]);
      const parts = nb.split(x.t, 3, 1);
      expect(parts.length).toBe(3);
      for (let i = 0; i < 3; i++) await expectTensor(parts[i], refSlice(x.ref, [0, 2 * i], [4, 2]), exact);
      const sized = nb.split(x.t, [1, 0, 3], 0);
      expect(sized.map((p) => p.shape)).toEqual([[1, 6], [0, 6], [3, 6]]);
      await expectTensor(sized[2], refSlice(x.ref, [1, 0], [3, 6]), exact);
      const rows = nb.unstack(x.t, 0);
      expect(rows.length).toBe(4);
      await expectTensor(rows[3], ndarray([6], refSlice(x.ref, [3, 0], [1, 6]).data), exact);
    });
  });
}
