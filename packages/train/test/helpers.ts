/** Shared test fixtures: the JS backend, a small classification set and a small MLP. */
import '@nabla/backend-js';
import '@nabla/autograd';
import { Dense, Dropout, Sequential, Tanh } from '@nabla/layers';
import { Rng, setBackend, slice, tensor, type Tensor } from '@nabla/tensor-core';
import { beforeAll } from 'vitest';
import type { Batch, BatchSource } from '../src/index.js';

/** Select the JS backend before the tests of a file. */
export function useJsBackend(): void {
  beforeAll(async () => {
    await setBackend('js');
  });
}

/** n points in 2-D with 3 classes (by angle), deterministic. */
export function blobs(n: number, seed = 3): { x: Float32Array; y: Int32Array } {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const angle = (2 * Math.PI * c) / 3;
    x[2 * i] = Math.cos(angle) * 2 + rng.normal() * 0.7;
    x[2 * i + 1] = Math.sin(angle) * 2 + rng.normal() * 0.7;
    y[i] = c;
  }
  return { x, y };
}

/** Batches of `batchSize` rows in an order reshuffled per epoch from `seed` (like a DataLoader). */
export function arrayBatches(data: { x: Float32Array; y: Int32Array }, batchSize: number, seed = 1): BatchSource & { order(epoch: number): Int32Array } {
  const n = data.y.length;
  const order = (epoch: number): Int32Array => {
    const o = Int32Array.from({ length: n }, (_, i) => i);
    new Rng(seed * 1000 + epoch).shuffle(o);
    return o;
  };
  return {
    length: Math.ceil(n / batchSize),
    order,
    batch(epoch: number, index: number): Batch {
      const idx = order(epoch).subarray(index * batchSize, Math.min(n, (index + 1) * batchSize));
      const xs = new Float32Array(idx.length * 2);
      const ys = new Int32Array(idx.length);
      idx.forEach((j, k) => {
        xs[2 * k] = data.x[2 * j];
        xs[2 * k + 1] = data.x[2 * j + 1];
        ys[k] = data.y[j];
      });
      return { input: tensor(xs, [idx.length, 2]), target: tensor(ys, [idx.length], 'int32') };
    },
  };
}

/** A 2→16→3 MLP with dropout (so the global RNG matters), seeded. */
export function mlp(seed = 7): Sequential {
  return new Sequential(new Dense(2, 16, { seed }), new Tanh(), new Dropout(0.2), new Dense(16, 3, { seed: seed + 1 }));
}

/** Every parameter's values, concatenated. */
export function weightsOf(model: { parameters(): Tensor[] }): number[] {
  return model.parameters().flatMap((p) => Array.from(p.dataSync() as Float32Array));
}

/** Rows [start, start+size) of a 2-D tensor. */
export function rows(t: Tensor, start: number, size: number): Tensor {
  return slice(t, [start, 0], [size, t.shape[1]]);
}
