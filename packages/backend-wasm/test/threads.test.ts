import { describe, expect, it, vi } from 'vitest';
import { createWasmBackend } from '../src/create-wasm-backend.js';
import { uniform } from './support/random.js';
import { unaryK } from './support/programs.js';

describe('thread pool', () => {
  it('reports the thread count in use', async () => {
    const backend = await createWasmBackend({ numThreads: 3 });
    expect(backend.numThreads).toBe(3);
    expect(backend.memory().details?.numThreads).toBe(3);
    backend.dispose();
  });

  it('defaults to the number of cores', async () => {
    const { availableParallelism } = await import('node:os');
    const backend = await createWasmBackend();
    expect(backend.numThreads).toBe(availableParallelism());
    backend.dispose();
  });

  it('rejects a non-positive thread count', async () => {
    await expect(createWasmBackend({ numThreads: 0 })).rejects.toThrow(/numThreads/);
  });

  it('gives bit-identical results on 1, 2 and 3 threads', async () => {
    const [m, n, k] = [200, 150, 300];
    const av = Float32Array.from(uniform(m * k, 1));
    const bv = Float32Array.from(uniform(k * n, 2));
    const xv = Float32Array.from(uniform(300_000, 3));
    const results: Float32Array[][] = [];
    for (const numThreads of [1, 2, 3]) {
      const backend = await createWasmBackend({ numThreads });
      const a = { dataId: backend.write(av, 'float32'), shape: [1, m, k], dtype: 'float32' as const };
      const b = { dataId: backend.write(bv, 'float32'), shape: [1, k, n], dtype: 'float32' as const };
      const x = { dataId: backend.write(xv, 'float32'), shape: [300, 1000], dtype: 'float32' as const };
      results.push([
        backend.readSync(backend.matmul(a, b, false, false, [1, m, n])),
        backend.readSync(unaryK(backend, 'tanh', x)),
        backend.readSync(backend.reduce('max', x, [1], [300])),
        backend.readSync(backend.reduce('sum', x, [0], [1000])),
      ] as Float32Array[]);
      backend.dispose();
    }
    const mismatches = (u: Float32Array, v: Float32Array): number => u.reduce((count, value, i) => count + (Object.is(value, v[i]) ? 0 : 1), 0);
    for (const other of [results[1], results[2]]) {
      other.forEach((result, kernel) => {
        expect(result.length).toBe(results[0][kernel].length);
        expect(mismatches(result, results[0][kernel])).toBe(0);
      });
    }
  });

  it('runs many back-to-back parallel jobs of different kernels without mixing them up', async () => {
    const backend = await createWasmBackend({ numThreads: 2 });
    const n = 300_000;
    const x = { dataId: backend.write(Float32Array.from(uniform(n, 5)), 'float32'), shape: [n], dtype: 'float32' as const };
    const host = backend.readSync(x.dataId);
    const [m, k] = [64, 1024];
    const av = Float32Array.from(uniform(m * k, 6));
    const a = { dataId: backend.write(av, 'float32'), shape: [m, k], dtype: 'float32' as const };
    const ones = { dataId: backend.fill(k * 64, 1, 'float32'), shape: [k, 64], dtype: 'float32' as const };
    const rowSums = Array.from({ length: m }, (_, i) => av.subarray(i * k, (i + 1) * k).reduce((s, v) => s + v, 0));
    for (let round = 0; round < 40; round++) {
      const value = round % 7;
      const filled = backend.readSync(backend.fill(n, value, 'float32'));
      expect(filled[round * 997]).toBe(value);
      const squared = backend.readSync(unaryK(backend, 'square', x));
      expect(squared[round * 1013]).toBe(Math.fround(host[round * 1013] * host[round * 1013]));
      const product = backend.readSync(backend.matmul(a, ones, false, false, [1, m, 64]));
      const row = round % m;
      expect(Math.abs(product[row * 64 + (round % 64)] - rowSums[row])).toBeLessThan(1e-3);
    }
    backend.dispose();
  }, 30_000);

  it('keeps working on the calling thread after dispose()', async () => {
    const backend = await createWasmBackend({ numThreads: 2 });
    backend.dispose();
    const x = backend.fill(100_000, 2, 'float32');
    const y = unaryK(backend, 'square', { dataId: x, shape: [100_000], dtype: 'float32' });
    expect(backend.readSync(y)[99_999]).toBe(4);
  });
});

describe('without SharedArrayBuffer (a page that is not cross-origin isolated)', () => {
  it('falls back to one thread on the non-shared module and says so', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    vi.stubGlobal('SharedArrayBuffer', undefined);
    try {
      const backend = await createWasmBackend({ numThreads: 4 });
      expect(backend.numThreads).toBe(1);
      expect(info).toHaveBeenCalledWith(expect.stringMatching(/1 thread/));
      const a = { dataId: backend.write(new Float32Array([1, 2, 3, 4]), 'float32'), shape: [1, 2, 2], dtype: 'float32' as const };
      expect(Array.from(backend.readSync(backend.matmul(a, a, false, false, [1, 2, 2])))).toEqual([7, 10, 15, 22]);
      const big = backend.fill(10_000_000, 1, 'float32');
      expect(Array.from(backend.readSync(backend.reduce('sum', { dataId: big, shape: [10_000_000], dtype: 'float32' }, [0], [])))).toEqual([10_000_000]);
    } finally {
      vi.unstubAllGlobals();
      info.mockRestore();
    }
  });
});
