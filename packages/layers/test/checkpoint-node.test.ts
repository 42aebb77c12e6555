import '@nabla/backend-js';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memory, setBackend, tensor, type Tensor } from '@nabla/tensor-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from '@nabla/layers/node';
import { CheckpointError } from '../src/checkpoint/index.js';

let folder: string;

beforeAll(async () => {
  await setBackend('js');
  folder = await mkdtemp(join(tmpdir(), 'nabla-checkpoint-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function disposeAll(tensors: Record<string, Tensor>): void {
  for (const t of Object.values(tensors)) t.dispose();
}

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips a model state dict, optimizer state and metadata through a file', async () => {
    const path = join(folder, 'model.safetensors');
    const weight = tensor([[1, 2], [3, 4]]);
    const steps = tensor([5], [1], 'int32');
    const moment = tensor([[0.5, 0.25], [0, -1]]);
    await saveCheckpoint(path, {
      model: { 'fc.weight': weight, 'bn.steps': steps },
      optimizer: { tensors: { '0.expAvg': moment }, meta: { optimizer: 'Adam', steps: [7] } },
      metadata: { epoch: '3' },
    });
    const loaded = await loadCheckpoint(path);
    expect(loaded.metadata).toEqual({ epoch: '3' });
    expect(loaded.model['fc.weight'].arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(loaded.model['bn.steps'].dtype).toBe('int32');
    expect(loaded.optimizer?.meta).toEqual({ optimizer: 'Adam', steps: [7] });
    expect(loaded.optimizer?.tensors['0.expAvg'].arraySync()).toEqual([[0.5, 0.25], [0, -1]]);
    expect((await readdir(folder)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    disposeAll(loaded.model);
    disposeAll(loaded.optimizer!.tensors);
    for (const t of [weight, steps, moment]) t.dispose();
  });

  it('keeps the previous checkpoint when a save fails part-way through writing', async () => {
    const path = join(folder, 'atomic.safetensors');
    const first = tensor([1, 1, 1]);
    await saveCheckpoint(path, { model: { w: first } });
    const before = await readFile(path);

    // The save streams tensors one by one; reading 'z' (written last) fails while the write runs.
    // Values are snapshotted when the save starts, so the fault is injected into the backend's read.
    const a = tensor(new Float32Array(100_000).fill(2));
    const z = tensor([3]);
    const backend = z.backend;
    const read = backend.read.bind(backend);
    const ownRead = Object.getOwnPropertyDescriptor(backend, 'read');
    const zBuffer = z.dataId;
    Object.defineProperty(backend, 'read', {
      configurable: true,
      value: async (id: typeof zBuffer) => {
        if (id === zBuffer) throw new Error('device lost while reading');
        return read(id);
      },
    });
    const pending = saveCheckpoint(path, { model: { a, z } });
    await pending.catch(() => undefined);
    if (ownRead) Object.defineProperty(backend, 'read', ownRead);
    else delete (backend as { read?: unknown }).read;
    z.dispose();
    await expect(pending).rejects.toThrowError(CheckpointError);
    await expect(pending).rejects.toThrowError(/could not write '.*atomic\.safetensors'.*tensor 'z'.*previous file there is unchanged/);

    expect(Buffer.compare(await readFile(path), before)).toBe(0);
    expect((await readdir(folder)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const loaded = await loadCheckpoint(path);
    expect(Array.from(loaded.model.w.dataSync())).toEqual([1, 1, 1]);
    disposeAll(loaded.model);
    first.dispose();
    a.dispose();
  });

  it('fails on a truncated or corrupted file with the file named, creating no tensors', async () => {
    const path = join(folder, 'good.safetensors');
    const w = tensor([1, 2, 3, 4]);
    await saveCheckpoint(path, { model: { w } });
    const bytes = await readFile(path);

    const truncated = join(folder, 'truncated.safetensors');
    await writeFile(truncated, bytes.subarray(0, bytes.length - 3));
    const corrupted = join(folder, 'corrupted.safetensors');
    const flipped = Buffer.from(bytes);
    flipped[9] = '['.charCodeAt(0);
    await writeFile(corrupted, flipped);

    const count = memory().numTensors;
    await expect(loadCheckpoint(truncated)).rejects.toThrowError(/'.*truncated\.safetensors' is not a valid checkpoint: .*truncated/);
    await expect(loadCheckpoint(corrupted)).rejects.toThrowError(/'.*corrupted\.safetensors' is not a valid checkpoint: .*header/);
    await expect(loadCheckpoint(join(folder, 'missing.safetensors'))).rejects.toThrowError(/could not read '.*missing\.safetensors'/);
    expect(memory().numTensors).toBe(count);
    w.dispose();
  });
});
