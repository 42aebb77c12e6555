import { describe, expect, it } from 'vitest';
import { callKernel } from '../src/threads/call-kernel.js';

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
