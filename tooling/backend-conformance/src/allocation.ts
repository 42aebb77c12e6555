/**
 * Allocation limits: a request above the limit (`setAllocationLimit`, the 4 GiB default, or the
 * backend's own capacity) throws an OutOfMemoryError naming the op, the shape and the bytes
 * before anything is allocated, and the backend stays usable: the next ops compute correct values
 * and memory is where it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import { OutOfMemoryError, type Tensor } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectValues } from './check.js';

/** Live tensors, buffers and bytes, and the backend's own buffer count. */
function snapshot(): number[] {
  const m = nb.memory();
  return [m.numTensors, m.numDataBuffers, m.numBytes, nb.getBackend().memory().numDataBuffers];
}

/** The error `fn` throws (fails the test when it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an OutOfMemoryError, but the call returned');
}

/** Registers the allocation section. */
export function describeAllocation(ctx: ConformanceContext): void {
  describe(`allocation limits (${ctx.backend})`, () => {
    afterEach(() => {
      nb.setAllocationLimit(null);
    });

    it('zeros([1e6, 1e6]) throws an OutOfMemoryError naming the op, shape and bytes; the backend stays usable', async () => {
      const before = snapshot();
      const err = thrown(() => nb.zeros([1e6, 1e6]));
      expect(err).toBeInstanceOf(OutOfMemoryError);
      const oom = err as OutOfMemoryError;
      expect(oom.op).toBe('zeros');
      expect(oom.bytes).toBe(4e12);
      expect(oom.message).toMatch(/^zeros: float32 \[1000000,1000000\] needs 4000000000000 bytes \(3\.64 TiB\), above the allocation limit/);
      expect(snapshot()).toEqual(before);
      // the next, unrelated work runs and reads back correct values
      const a = nb.tensor([[1, 2], [3, 4]]);
      const b = nb.tidy(() => nb.matmul(a, a).add(1));
      await expectValues(b, [8, 11, 16, 23]);
      a.dispose();
      b.dispose();
      expect(snapshot()).toEqual(before);
    });

    it('8 and 16 GiB requests (above the 4 GiB default) throw instead of silently succeeding', () => {
      const before = snapshot();
      for (const shape of [[2 ** 31], [2 ** 30, 4], [1, 2 ** 32]]) {
        const err = thrown(() => nb.ones(shape));
        expect(err).toBeInstanceOf(OutOfMemoryError);
        expect((err as OutOfMemoryError).bytes).toBe(4 * shape.reduce((x, y) => x * y, 1));
      }
      expect(thrown(() => nb.randn([2 ** 31]))).toBeInstanceOf(OutOfMemoryError);
      expect(thrown(() => nb.full([2 ** 30, 2], 1, 'int32'))).toBeInstanceOf(OutOfMemoryError);
      expect(snapshot()).toEqual(before);
    });

    it('computed outputs are checked before the kernel runs: broadcasting, matmul, broadcastTo, pad', () => {
      const before = snapshot();
      const column = nb.zeros([65536, 1]);
      const row = nb.zeros([1, 70000]);
      const mid = snapshot();
      const cases: [string, () => Tensor, RegExp][] = [
        ['add', () => nb.add(column, row), /^add: float32 \[65536,70000\] needs 18350080000 bytes \(17\.09 GiB\)/],
        ['matmul', () => nb.matmul(column, row), /^matmul: float32 \[65536,70000\] needs 18350080000 bytes/],
        ['broadcastTo', () => nb.broadcastTo(row, [65536, 70000]), /^broadcastTo: float32 \[65536,70000\]/],
        ['pad', () => nb.pad(row, [[40000, 40000]]), /^pad: float32 \[80001,70000\]/],
        ['less', () => nb.less(column, row), /^less: bool \[65536,70000\] needs 4587520000 bytes/],
      ];
      for (const [op, fn, message] of cases) {
        const err = thrown(fn);
        expect(err, op).toBeInstanceOf(OutOfMemoryError);
        expect((err as Error).message, op).toMatch(message);
      }
      expect(snapshot()).toEqual(mid);
      column.dispose();
      row.dispose();
      expect(snapshot()).toEqual(before);
    });

    it('a limit raised above what the backend can hold still ends in an OutOfMemoryError, never a RangeError', async () => {
      const before = snapshot();
      nb.setAllocationLimit(2 ** 40);
      const err = thrown(() => nb.zeros([2 ** 33])); // 32 GiB: above the heap, the device, or the engine's array length
      expect(err).toBeInstanceOf(OutOfMemoryError);
      expect((err as Error).message).toMatch(/^zeros: /);
      nb.setAllocationLimit(null);
      expect(snapshot()).toEqual(before);
      const ok = nb.ones([3]);
      await expectValues(ok, [1, 1, 1]);
      ok.dispose();
    });

    it('setAllocationLimit(bytes) lowers the limit for every op, and null restores the default', async () => {
      nb.setAllocationLimit(1000);
      expect(nb.allocationLimit(nb.getBackend())).toBe(1000);
      const small = nb.ones([250]); // exactly 1000 bytes: allowed
      expect(thrown(() => nb.ones([251]))).toBeInstanceOf(OutOfMemoryError);
      const err = thrown(() => nb.tidy(() => nb.add(small.reshape([1, 250]), nb.zeros([2, 1]))));
      expect(err).toBeInstanceOf(OutOfMemoryError);
      expect((err as Error).message).toMatch(/from setAllocationLimit/);
      nb.setAllocationLimit(null);
      expect(nb.allocationLimit(nb.getBackend())).toBe(Math.min(nb.DEFAULT_ALLOCATION_LIMIT, nb.getBackend().maxAllocationBytes ?? Number.POSITIVE_INFINITY));
      const big = nb.ones([251]);
      const total = nb.sum(big);
      await expectValues(total, [251]);
      for (const t of [small, big, total]) t.dispose();
      // outputs larger than their inputs: a widening cast and a concat of one tensor with itself
      nb.setAllocationLimit(1000);
      const flags = nb.zeros([500], 'bool');
      const part = nb.zeros([100]);
      expect(() => nb.cast(flags, 'float32')).toThrow(/^cast: float32 \[500\] needs 2000 bytes/);
      expect(() => nb.concat([part, part, part])).toThrow(/^concat: float32 \[300\] needs 1200 bytes/);
      nb.setAllocationLimit(null);
      flags.dispose();
      part.dispose();
      expect(() => nb.setAllocationLimit(0)).toThrow(nb.ArgumentError);
      expect(() => nb.setAllocationLimit(1.5)).toThrow(nb.ArgumentError);
    });
  });
}
