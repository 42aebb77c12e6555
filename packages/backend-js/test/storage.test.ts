import { unaryProgram } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { JsBackend } from '../src/js-backend.js';

describe('storage', () => {
  it('writes, reads (sync and async) copies and converts to the requested dtype', async () => {
    const b = new JsBackend();
    const id = b.write(new Float32Array([1.5, -2.5]), 'int32');
    expect(b.readSync(id)).toEqual(new Int32Array([1, -2]));
    const copy = await b.read(id);
    copy[0] = 99;
    expect(b.readSync(id)).toEqual(new Int32Array([1, -2]));
    expect(b.readSync(b.write(new Float64Array([0, 3, NaN]), 'bool'))).toEqual(new Uint8Array([0, 1, 1]));
  });

  it('copies on write so later host edits do not leak in', () => {
    const b = new JsBackend();
    const host = new Float32Array([1, 2]);
    const id = b.write(host, 'float32');
    host[0] = 5;
    expect(b.readSync(id)).toEqual(new Float32Array([1, 2]));
  });

  it('fills with a value in each dtype', () => {
    const b = new JsBackend();
    expect(b.readSync(b.fill(3, 2.5, 'float64'))).toEqual(new Float64Array([2.5, 2.5, 2.5]));
    expect(b.readSync(b.fill(2, 7, 'bool'))).toEqual(new Uint8Array([1, 1]));
    expect(b.readSync(b.fill(0, 1, 'float32'))).toEqual(new Float32Array([]));
  });

  it('tracks bytes and buffers and releases them on dispose', () => {
    const b = new JsBackend({ numThreads: 1 });
    const x = b.write(new Float32Array(10), 'float32');
    const y = b.fill(4, 1, 'float64');
    const details = { numThreads: 1, sharedScratchBytes: 0 };
    expect(b.memory()).toEqual({ numBytes: 72, numDataBuffers: 2, details });
    b.disposeData(x);
    expect(b.memory()).toEqual({ numBytes: 32, numDataBuffers: 1, details });
    b.disposeData(y);
    expect(b.memory()).toEqual({ numBytes: 0, numDataBuffers: 0, details });
  });

  it('refuses disposed and foreign buffers with BackendErrors', async () => {
    const b = new JsBackend();
    const x = b.write(new Float32Array(2), 'float32');
    b.disposeData(x);
    expect(() => b.readSync(x)).toThrow(/readSync.*already disposed/);
    expect(() => b.disposeData(x)).toThrow(/disposeData/);
    await expect(b.read({})).rejects.toThrow(/read.*did not create/);
    expect(() => b.elementwise(unaryProgram('neg', 'float32'), [{ dataId: {}, shape: [1], dtype: 'float32' }], [1])).toThrow(/elementwise.*did not create/);
  });

  it('declares its identity', () => {
    const b = new JsBackend();
    expect(b.name).toBe('js');
    expect(b.supportsFloat64).toBe(true);
  });
});
