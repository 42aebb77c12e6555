import { BackendError, DTypeError } from '@nabla/tensor-core';
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

  it('turns an impossible allocation into an error on the next read, then on every op', async () => {
    const b = await createWebGPUBackend();
    const ok = upload(b, [1, 2], [2]);
    expect(await download(b, ok.dataId)).toEqual([1, 2]);
    // One element more than the device's maxBufferSize allows: the allocation fails validation.
    const huge = b.fill(Math.floor(b.device.limits.maxBufferSize / 4) + 1, 0, 'float32');
    await expect(b.read(huge)).rejects.toBeInstanceOf(WebGPUDeviceError);
    expect(() => unaryK(b, 'neg', ok)).toThrow(WebGPUDeviceError);
    await expect(b.read(ok.dataId)).rejects.toThrow(/device is unusable/);
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
