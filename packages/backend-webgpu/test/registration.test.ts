import { BackendError, getBackend, listBackends, matmul, setBackend, softmax, tensor } from '@nabla/tensor-core';
import { afterAll, describe, expect, it } from 'vitest';
import '../src/index.js';
import { WebGPUBackend } from '../src/webgpu-backend.js';
import { acquireBackend, expectClose } from './gpu.js';

const probe = await acquireBackend();

describe('registration', () => {
  it("registers 'webgpu' with priority 3 without creating a device", () => {
    const entry = listBackends().find((e) => e.name === 'webgpu');
    expect(entry).toEqual({ name: 'webgpu', priority: 3, initialized: false });
  });
});

describe.skipIf(probe === null)('through tensor-core', () => {
  afterAll(() => {
    const backend = getBackend();
    if (backend instanceof WebGPUBackend) backend.destroy();
  });

  it('runs ops selected with setBackend and reads with await data()', async () => {
    await setBackend('webgpu');
    expect(getBackend()).toBeInstanceOf(WebGPUBackend);
    const a = tensor([[1, 2], [3, 4]]);
    expect(Array.from(await matmul(a, a).data())).toEqual([7, 10, 15, 22]);
    const logits = [1, 2, 3, -1];
    const z = logits.reduce((acc, v) => acc + Math.exp(v), 0);
    expectClose(await softmax(tensor(logits)).data(), logits.map((v) => Math.exp(v) / z), 1e-5, 1e-7);
    expect(() => a.dataSync()).toThrow(BackendError);
    expect(() => a.dataSync()).toThrow(/await/);
  });
});
