import { describe, expect, it } from 'vitest';
import { callKernel } from '../src/threads/call-kernel.js';
import { WORKER_CALL } from '../src/threads/worker-source.js';

describe('callKernel', () => {
  it('passes every argument list in order, then share and shares, for each count up to 20', () => {
    for (let count = 0; count <= 20; count++) {
      const args = Array.from({ length: count }, (_, i) => 100 + i);
      let seen: number[] = [];
      callKernel((...received: number[]) => {
        seen = received;
      }, args, 3, 7);
      expect(seen).toEqual([...args, 3, 7]);
    }
  });
});

describe("the worker's kernel call", () => {
  it('passes the first argc slots in order, then share and shares, for each count up to 20', () => {
    const call = new Function(`${WORKER_CALL}; return call;`)() as (kernel: (...a: number[]) => void, slots: Float64Array, argc: number, share: number, shares: number) => void;
    const slots = Float64Array.from({ length: 32 }, (_, i) => 100 + i);
    for (let count = 0; count <= 20; count++) {
      let seen: number[] = [];
      call((...received: number[]) => {
        seen = received;
      }, slots, count, 1, 2);
      expect(seen).toEqual([...Array.from({ length: count }, (_, i) => 100 + i), 1, 2]);
    }
  });
});
