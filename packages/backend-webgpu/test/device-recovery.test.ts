/**
 * Through the registry, as users meet it: an unsatisfiable allocation on 'webgpu' throws a typed
 * OutOfMemoryError and leaves the device usable (later reads, new layers, setBackend all work),
 * and a lost device is replaced by a new one on the next `setBackend('webgpu')`.
 */
import '../src/index.js';
import { Dense } from '@nabla/layers';
import { OutOfMemoryError, getBackend, setBackend, tensor, tidy, zeros } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { WebGPUDeviceError } from '../src/errors.js';
import type { WebGPUBackend } from '../src/webgpu-backend.js';
import { acquireBackend } from './gpu.js';

const probe = await acquireBackend();

describe.skipIf(probe === null)('webgpu device recovery (registry)', () => {
  it('zeros([1e6, 1e6]) throws an OutOfMemoryError naming op, shape and bytes; reads, new layers and setBackend keep working', async () => {
    await setBackend('webgpu');
    const before = tensor([1, 2, 3]);
    expect(() => zeros([1e6, 1e6])).toThrow(OutOfMemoryError);
    expect(() => zeros([1e6, 1e6])).toThrow(/^zeros: float32 \[1000000,1000000\] needs 4000000000000 bytes/);
    expect(Array.from(await before.data())).toEqual([1, 2, 3]);
    const layer = new Dense(3, 2, { seed: 1 });
    const y = tidy(() => layer.forward(before.reshape([1, 3])));
    expect((await y.data()).length).toBe(2);
    await setBackend('webgpu');
    expect(getBackend().usable).toBe(true);
    for (const t of [before, y]) t.dispose();
    layer.dispose();
  });

  it('after device loss, setBackend("webgpu") creates a new device and work continues', async () => {
    await setBackend('webgpu');
    const old = getBackend() as WebGPUBackend;
    const stale = tensor([5, 6]);
    old.device.destroy();
    await old.device.lost;
    expect(old.usable).toBe(false);
    expect(() => stale.neg()).toThrow(WebGPUDeviceError);
    const fresh = await setBackend('webgpu');
    expect(fresh).not.toBe(old);
    expect(fresh.usable).toBe(true);
    const x = tensor([1, 2, 3]);
    const doubled = x.mul(2);
    expect(Array.from(await doubled.data())).toEqual([2, 4, 6]);
    for (const t of [x, doubled]) t.dispose();
    stale.dispose(); // its buffer went with the old device; disposing is still safe
  });
});
