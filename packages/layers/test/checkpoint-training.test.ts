import '@nabla/backend-js';
import '@nabla/autograd';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setBackend, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { Adam, mse } from '@nabla/optim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from '@nabla/layers/node';
import { Dense, ReLU, Sequential } from '../src/index.js';

let folder: string;

beforeAll(async () => {
  await setBackend('js');
  folder = await mkdtemp(join(tmpdir(), 'nabla-resume-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function makeModel(seed: number): Sequential {
  return new Sequential(new Dense(3, 8, { seed }), new ReLU(), new Dense(8, 2, { seed: seed + 1 }));
}

function train(model: Sequential, optimizer: Adam, x: Tensor, y: Tensor, steps: number): void {
  for (let i = 0; i < steps; i++) {
    const loss = tidy(() => mse(model.forward(x), y));
    loss.backward();
    loss.dispose();
    optimizer.step();
    optimizer.zeroGrad();
  }
}

function snapshot(model: Sequential): Record<string, number[]> {
  return Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, Array.from(t.dataSync())]));
}

describe('save → load → resume', () => {
  it('gives identical outputs and bitwise-identical continued training with Adam state restored', async () => {
    const x = tensor([[0.1, -0.4, 0.9], [1.2, 0.3, -0.7], [-0.5, 0.8, 0.2], [0.05, 0.6, -1.1]]);
    const y = tensor([[1, 0], [0, 1], [0.5, 0.5], [1, -1]]);
    const model = makeModel(1);
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    train(model, optimizer, x, y, 3);

    const path = join(folder, 'resume.safetensors');
    await saveCheckpoint(path, { model: model.stateDict(), optimizer: optimizer.stateDict() });

    const restored = makeModel(99);
    const restoredOptimizer = new Adam(restored.parameters(), { lr: 0.5 });
    const checkpoint = await loadCheckpoint(path);
    restored.loadStateDict(checkpoint.model);
    restoredOptimizer.loadStateDict(checkpoint.optimizer!);
    for (const t of Object.values(checkpoint.model)) t.dispose();
    for (const t of Object.values(checkpoint.optimizer!.tensors)) t.dispose();

    const [out, outRestored] = tidy(() => [model.forward(x), restored.forward(x)]);
    expect(Array.from(outRestored.dataSync())).toEqual(Array.from(out.dataSync()));
    out.dispose();
    outRestored.dispose();
    expect(restoredOptimizer.lr).toBe(0.01);

    train(model, optimizer, x, y, 4);
    train(restored, restoredOptimizer, x, y, 4);
    expect(snapshot(restored)).toEqual(snapshot(model));
    // and training really moved the weights since the checkpoint
    const reloaded = await loadCheckpoint(path);
    expect(Array.from(reloaded.model['0.weight'].dataSync())).not.toEqual(snapshot(model)['0.weight']);
    for (const t of Object.values(reloaded.model)) t.dispose();
    for (const t of Object.values(reloaded.optimizer!.tensors)) t.dispose();

    optimizer.disposeState();
    restoredOptimizer.disposeState();
    model.dispose();
    restored.dispose();
    x.dispose();
    y.dispose();
  });
});
