import { describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/create-wasm-backend.js';

describe('smoke', () => {
  it('adds', async () => {
    const be = await createWasmBackend({ numThreads: 2 });
    const a = be.write(new Float32Array([1, 2, 3, 4, 5]), 'float32');
    const b = be.write(new Float32Array([10, 20, 30, 40, 50]), 'float32');
    const c = be.binary('add', { dataId: a, shape: [5], dtype: 'float32' }, { dataId: b, shape: [5], dtype: 'float32' }, [5]);
    expect(Array.from(be.readSync(c))).toEqual([11, 22, 33, 44, 55]);
    be.dispose();
  });
});
