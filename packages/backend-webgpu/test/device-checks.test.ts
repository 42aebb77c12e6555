/**
 * Index checks on an asynchronous backend: WebGPU cannot stop at the op without a stall, so an
 * out-of-range index is found on the device and reported, naming the op, at the next read
 * (like CUDA's device-side assertions). It used to give a silent zero row.
 */
import '../src/index.js';
import { ArgumentError, gather, memory, oneHot, pendingFusionCount, scatterAdd, setBackend, synchronize, tensor, zeros } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { acquireBackend } from './gpu.js';

const probe = await acquireBackend();

describe.skipIf(probe === null)('webgpu index checks (reported at the next read)', () => {
  it('oneHot of an out-of-range label throws an ArgumentError naming oneHot at the next read; the device stays usable', async () => {
    await setBackend('webgpu');
    const labels = tensor([0, 3, 1], 'int32');
    const rows = oneHot(labels, 3);
    await expect(rows.data()).rejects.toThrow(ArgumentError);
    const again = oneHot(labels, 3);
    await expect(again.data()).rejects.toThrow(/^oneHot: indices \[3\] hold a value out of range \[0, 3\) \(found on the webgpu device/);
    // Reported once: later reads of good work succeed.
    const good = oneHot(tensor([2, 0], 'int32'), 3);
    expect(Array.from(await good.data())).toEqual([0, 0, 1, 1, 0, 0]);
    expect(Array.from(await rows.data())).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0]);
    for (const t of [labels, rows, again, good]) t.dispose();
  });

  it('negative indices to gather and scatterAdd are reported too, with the first failing op', async () => {
    await setBackend('webgpu');
    const table = tensor([[1, 2], [3, 4]]);
    const bad = tensor([1, -1], 'int32');
    const picked = gather(table, bad);
    const scattered = scatterAdd(zeros([2, 2]), bad, tensor([[1, 1], [1, 1]]));
    await expect(scattered.data()).rejects.toThrow(/^gather: indices \[2\] hold a value out of range \[0, 2\)/);
    expect(Array.from(await table.data())).toEqual([1, 2, 3, 4]);
    for (const t of [table, bad, picked, scattered]) t.dispose();
  });

  it('in-range indices cost no error and leave no tensor behind after the read', async () => {
    await setBackend('webgpu');
    const before = memory().numTensors;
    const table = tensor([[1, 2], [3, 4]]);
    const idx = tensor([1, 0], 'int32');
    const picked = gather(table, idx);
    expect(memory().numTensors).toBe(before + 4); // table, idx, picked and the pending check
    expect(Array.from(await picked.data())).toEqual([3, 4, 1, 2]);
    for (const t of [table, idx, picked]) t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('past 1,024 pending checks a bad index is still reported, and the same bad buffer fails again after the error', async () => {
    await setBackend('webgpu');
    const table = tensor([[1, 2], [3, 4]]);
    const good = Array.from({ length: 1030 }, (_, i) => tensor([i % 2], 'int32'));
    const bad = tensor([5], 'int32');
    const rows = good.map((idx) => gather(table, idx));
    const picked = gather(table, bad); // check number 1,031: past the kept messages
    await expect(picked.data()).rejects.toThrow(/^gather: indices out of range in one of the checks after the first 1024/);
    const again = gather(table, bad);
    await expect(again.data()).rejects.toThrow(/^gather: indices \[1\] hold a value out of range \[0, 2\)/);
    for (const t of [table, bad, picked, again, ...good, ...rows]) t.dispose();
  }, 60_000);

  it('synchronize() also runs the deferred (fusible) elementwise programs', async () => {
    await setBackend('webgpu');
    const x = tensor([1, 2, 3]);
    const y = x.mul(2).add(1);
    expect(pendingFusionCount()).toBeGreaterThan(0);
    await synchronize();
    expect(pendingFusionCount()).toBe(0);
    expect(Array.from(await y.data())).toEqual([3, 5, 7]);
    x.dispose();
    y.dispose();
  });
});
