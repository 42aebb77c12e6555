import { describe, expect, it, vi } from 'vitest';
import type * as SpawnWorker from '../src/threads/spawn-worker.js';
import type { WorkerInit } from '../src/threads/spawn-worker.js';

// Worker 2 of every pool fails to start; the others start for real.
vi.mock('../src/threads/spawn-worker.js', async (importOriginal) => {
  const actual = await importOriginal<typeof SpawnWorker>();
  return {
    ...actual,
    spawnWorker: (init: WorkerInit) => (init.tid === 2 ? Promise.reject(new Error('worker 2 refused to start')) : actual.spawnWorker(init)),
  };
});

const { createWasmBackend } = await import('../src/create-wasm-backend.js');

describe('a worker that fails to start', () => {
  it('leaves a working single-thread backend and a console warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const backend = await createWasmBackend({ numThreads: 3 });
      expect(backend.numThreads).toBe(1);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/worker 2 refused to start.*1 thread/));
      const x = backend.fill(200_000, 3, 'float32');
      const sum = backend.reduce('sum', { dataId: x, shape: [200_000], dtype: 'float32' }, [0], []);
      expect(Array.from(backend.readSync(sum))).toEqual([600_000]);
      backend.dispose();
    } finally {
      warn.mockRestore();
    }
  });
});
