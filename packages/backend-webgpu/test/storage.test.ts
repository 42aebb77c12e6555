import type { Backend } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { WebGPUDataError } from '../src/errors.js';
import { acquireBackend, download, upload, unaryK, binaryK } from './gpu.js';

const backend = await acquireBackend();

describe.skipIf(backend === null)('storage (write / read / fill / dispose / memory)', () => {
  const b = backend!;

  it('round-trips every dtype with its host array type', async () => {
    const f = await b.read(b.write(Float32Array.from([1.5, -2, Number.NaN, Infinity]), 'float32'));
    expect(f).toBeInstanceOf(Float32Array);
    expect(Array.from(f)).toEqual([1.5, -2, Number.NaN, Infinity]);
    const i = await b.read(b.write(Int32Array.from([-2147483648, 7, 2147483647]), 'int32'));
    expect(i).toBeInstanceOf(Int32Array);
    expect(Array.from(i)).toEqual([-2147483648, 7, 2147483647]);
    const bools = await b.read(b.write(Uint8Array.from([0, 1, 5, 0]), 'bool'));
    expect(bools).toBeInstanceOf(Uint8Array);
    expect(Array.from(bools)).toEqual([0, 1, 1, 0]);
  });

  it('converts values passed in another typed array to the target dtype', async () => {
    expect(await download(b, b.write(Float32Array.from([1.9, -1.9]), 'int32'))).toEqual([1, -1]);
  });

  it('fills with the value converted to the dtype', async () => {
    expect(await download(b, b.fill(5, 2.5, 'float32'))).toEqual([2.5, 2.5, 2.5, 2.5, 2.5]);
    expect(await download(b, b.fill(3, -7.9, 'int32'))).toEqual([-7, -7, -7]);
    expect(await download(b, b.fill(2, 0.25, 'bool'))).toEqual([1, 1]);
    expect(await download(b, b.fill(1, Number.NaN, 'float32'))).toEqual([Number.NaN]);
  });

  it('handles empty buffers', async () => {
    const empty = await b.read(b.write(new Float32Array(0), 'float32'));
    expect(empty.length).toBe(0);
    expect((await b.read(b.fill(0, 1, 'int32'))).length).toBe(0);
  });

  it('does not store float64', () => {
    expect(() => b.write(new Float64Array(2), 'float64')).toThrow(/float64/);
  });

  it('reads many buffers concurrently', async () => {
    const ids = Array.from({ length: 20 }, (_, k) => b.fill(100 + k, k, 'float32'));
    const results = await Promise.all(ids.map((id) => b.read(id)));
    results.forEach((r, k) => {
      expect(r.length).toBe(100 + k);
      expect(r.every((v) => v === k)).toBe(true);
    });
  });

  it('tracks memory and reuses pooled buffers after dispose', async () => {
    const before = b.memory();
    const x = upload(b, [1, 2, 3, 4], [4]);
    expect(b.memory().numDataBuffers).toBe(before.numDataBuffers + 1);
    expect(b.memory().numBytes).toBeGreaterThanOrEqual(before.numBytes + 16);
    b.disposeData(x.dataId);
    expect(b.memory().numDataBuffers).toBe(before.numDataBuffers);
    expect(b.memory().numBytes).toBe(before.numBytes);
    await b.flush();
    const createdBefore = b.memory().details?.buffersCreated;
    const y = b.fill(4, 9, 'float32');
    expect(b.memory().details?.buffersCreated).toBe(createdBefore);
    expect(await download(b, y)).toEqual([9, 9, 9, 9]);
  });

  it('rejects disposed and foreign handles with a typed error', () => {
    const x = upload(b, [1], [1]);
    b.disposeData(x.dataId);
    expect(() => unaryK(b, 'neg', x)).toThrow(WebGPUDataError);
    expect(() => b.read({})).rejects.toThrow(WebGPUDataError);
  });

  it('has no synchronous read', () => {
    const asBackend: Backend = b;
    expect(asBackend.readSync).toBeUndefined();
    expect('readSync' in b).toBe(false);
    expect(b.name).toBe('webgpu');
    expect(b.supportsFloat64).toBe(false);
  });

  it('keeps recorded work correct across batch submissions', async () => {
    let x = upload(b, [1], [1]);
    for (let k = 0; k < 150; k++) x = { ...x, dataId: binaryK(b, 'add', x, x, [1]) };
    // 2^150 overflows float32.
    expect(await download(b, x.dataId)).toEqual([Infinity]);
    let y = upload(b, [1], [1]);
    const one = upload(b, [1], [1]);
    for (let k = 0; k < 150; k++) {
      const next = binaryK(b, 'add', y, one, [1]);
      b.disposeData(y.dataId);
      y = { ...y, dataId: next };
    }
    expect(await download(b, y.dataId)).toEqual([151]);
  });
});
