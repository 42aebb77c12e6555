import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmKernelError } from '../src/errors.js';
import { ThreadPool } from '../src/threads/thread-pool.js';
import { compileKernelModule, instantiateKernels, MEMORY_PAGES } from '../src/wasm/load-kernel-module.js';

describe('ThreadPool', () => {
  let pool: ThreadPool | undefined;
  let memory: WebAssembly.Memory;
  const base = 1 << 20;

  beforeAll(async () => {
    memory = new WebAssembly.Memory({ initial: MEMORY_PAGES.initial + 32, maximum: MEMORY_PAGES.maximum, shared: true });
    const module = await compileKernelModule(true);
    pool = await ThreadPool.create(instantiateKernels(module, memory), module, null, memory, 2);
  });
  afterAll(() => pool?.terminate());

  const get = (): ThreadPool => {
    if (pool === undefined) throw new Error('pool not created yet');
    return pool;
  };
  const filled = (count: number): Float32Array => new Float32Array(memory.buffer, base, count);

  it('runs every share of back-to-back jobs, and nothing past the job', () => {
    // each round writes a new value: a share that never ran keeps the previous round's value
    for (let round = 0; round < 200; round++) {
      const n = 1000 + round;
      filled(n + 1)[n] = -1;
      get().run('fill_any', [0, base, n, round + 0.5], 2);
      const view = filled(n + 1);
      expect(view.subarray(0, n).every((v) => v === round + 0.5)).toBe(true);
      expect(view[n]).toBe(-1);
    }
  });

  it('reports a trapping kernel as WasmKernelError naming it, and keeps working afterwards', () => {
    const outOfBounds = memory.buffer.byteLength + 4096;
    expect(() => get().run('fill_any', [0, outOfBounds, 64, 1], 2)).toThrow(WasmKernelError);
    expect(() => get().run('fill_any', [0, outOfBounds, 64, 1], 2)).toThrow(/fill_any/);
    get().run('fill_any', [0, base, 4096, 7], 2);
    expect(Array.from(filled(4096)).every((v) => v === 7)).toBe(true);
  });
});
