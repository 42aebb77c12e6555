/**
 * Printing: `toStringAsync()` and `print()` show a tensor's values PyTorch-style on every backend;
 * `toString()` (and Node's console.log, through the inspect symbol) does too where the backend
 * reads synchronously, and shows a placeholder pointing at `await t.print()` where it cannot (WebGPU).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

function inspected(t: nb.Tensor): unknown {
  const method = (t as unknown as Record<symbol, (() => unknown) | undefined>)[INSPECT];
  return method?.call(t);
}

/** Registers the printing section. */
export function describePrinting(ctx: ConformanceContext): void {
  const suffix = (dtype: string, shape: string): string => `, dtype=${dtype}, shape=${shape}, backend=${ctx.backend})`;
  describe('printing', () => {
    afterEach(() => {
      nb.setPrintOptions('default');
      vi.restoreAllMocks();
    });

    it('toStringAsync shows values, dtype, shape and backend', async () => {
      expect(await nb.tensor([[1, 2], [3, 4]]).toStringAsync()).toBe(`tensor([[1., 2.],\n        [3., 4.]]${suffix('float32', '[2,2]')}`);
      expect(await nb.tensor([0.5, -2]).toStringAsync()).toBe(`tensor([ 0.5000, -2.0000]${suffix('float32', '[2]')}`);
      expect(await nb.tensor([3, -1], [2], 'int32').toStringAsync()).toBe(`tensor([ 3, -1]${suffix('int32', '[2]')}`);
      expect(await nb.tensor([true, false]).toStringAsync()).toBe(`tensor([ true, false]${suffix('bool', '[2]')}`);
      expect(await nb.scalar(7).toStringAsync()).toBe(`tensor(7.${suffix('float32', '[]')}`);
      const w = nb.ones([1]);
      w.requiresGrad = true;
      expect(await w.toStringAsync()).toBe('tensor([1.], dtype=float32, shape=[1], backend=' + ctx.backend + ', requiresGrad=true)');
    });

    it('summarises a large tensor with ... and follows setPrintOptions', async () => {
      const big = nb.arange(0, 100_000, 1, 'int32').reshape([100, 1000]);
      expect(await big.toStringAsync()).toBe(
        'tensor([[    0,     1,     2, ...,   997,   998,   999],\n' +
        '        [ 1000,  1001,  1002, ...,  1997,  1998,  1999],\n' +
        '        [ 2000,  2001,  2002, ...,  2997,  2998,  2999],\n' +
        '        ...,\n' +
        '        [97000, 97001, 97002, ..., 97997, 97998, 97999],\n' +
        '        [98000, 98001, 98002, ..., 98997, 98998, 98999],\n' +
        `        [99000, 99001, 99002, ..., 99997, 99998, 99999]]${suffix('int32', '[100,1000]')}`,
      );
      nb.setPrintOptions({ threshold: 3, edgeItems: 1, precision: 1 });
      expect(await nb.tensor([0.21, 0.5, 0.75, 1.24]).toStringAsync()).toBe(`tensor([0.2, ..., 1.2]${suffix('float32', '[4]')}`);
    });

    it('toString and console.log show the values where the backend reads synchronously, else a placeholder', async () => {
      const t = nb.tensor([1, 2, 3]);
      const full = await t.toStringAsync();
      if (t.backend.readSync) {
        expect(t.toString()).toBe(full);
        expect(String(t)).toBe(full);
      } else {
        expect(t.toString()).toBe(`tensor(<on ${ctx.backend}: await t.print() or await t.toStringAsync() to read>${suffix('float32', '[3]')}`);
      }
      expect(inspected(t)).toBe(t.toString());
      t.dispose();
      expect(t.toString()).toBe(`tensor(<disposed>${suffix('float32', '[3]')}`);
    });

    it('await print() logs the values on every backend', async () => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      await nb.tensor([[1.5]]).print();
      expect(log).toHaveBeenCalledWith(`tensor([[1.5000]]${suffix('float32', '[1,1]')}`);
    });
  });
}
