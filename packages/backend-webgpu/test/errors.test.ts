import { BackendError, DTypeError, OutOfMemoryError } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { WebGPUDeviceError, WebGPUDTypeError, WebGPUSyncReadError, WebGPUUnavailableError } from '../src/errors.js';
import { createWebGPUBackend } from '../src/webgpu-backend.js';
import { acquireBackend, download, upload, unaryK } from './gpu.js';

const probe = await acquireBackend();

describe('availability', () => {
  it('rejects with WebGPUUnavailableError when the GPU offers no adapter', async () => {
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    const attempt = createWebGPUBackend({ gpu: noAdapter });
    await expect(attempt).rejects.toBeInstanceOf(WebGPUUnavailableError);
    await expect(attempt).rejects.toThrow(/no WebGPU adapter/);
  });

  it('explains that synchronous reads need await t.data()', () => {
    const error = new WebGPUSyncReadError();
    expect(error).toBeInstanceOf(BackendError);
    expect(error.message).toMatch(/await t\.data\(\)/);
  });
});

describe.skipIf(probe === null)('device failures surface as typed errors, never hangs', () => {
  it('reports float64 as a DTypeError naming the op', () => {
    expect(() => probe!.fill(2, 1, 'float64')).toThrow(WebGPUDTypeError);
    expect(() => probe!.fill(2, 1, 'float64')).toThrow(DTypeError);
    expect(() => probe!.fill(2, 1, 'float64')).toThrow(/fill: dtype 'float64'/);
  });

  it('refuses an allocation above the device limit synchronously, with an OutOfMemoryError; the device stays usable', async () => {
    const b = await createWebGPUBackend();
    const ok = upload(b, [1, 2], [2]);
    expect(await download(b, ok.dataId)).toEqual([1, 2]);
    // One element more than the device allows: refused before the device sees it (it used to poison the device).
    const tooMany = Math.floor(b.maxAllocationBytes / 4) + 1;
    expect(() => b.fill(tooMany, 0, 'float32')).toThrow(OutOfMemoryError);
    expect(() => b.fill(tooMany, 0, 'float32')).toThrow(/elements need \d+ bytes .* on the GPU .* above the device's limit/);
    expect(b.usable).toBe(true);
    const neg = unaryK(b, 'neg', ok);
    expect(await download(b, neg)).toEqual([-1, -2]);
    expect(await download(b, ok.dataId)).toEqual([1, 2]);
    b.destroy();
  });

  it('turns device loss into an error on the next op', async () => {
    const b = await createWebGPUBackend();
    const x = upload(b, [3], [1]);
    expect(await download(b, x.dataId)).toEqual([3]);
    b.device.destroy();
    await b.device.lost;
    expect(() => unaryK(b, 'neg', x)).toThrow(/device lost/);
    await expect(b.read(x.dataId)).rejects.toBeInstanceOf(WebGPUDeviceError);
  });
});
