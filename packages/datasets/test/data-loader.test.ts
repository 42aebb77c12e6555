import '@nabla/backend-js';
import { setBackend, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ArrayDataset, DataLoader, DatasetArgumentError, DatasetError, WindowDataset, collate, splitIndices, subset, type Dataset,
} from '../src/index.js';

beforeAll(async () => {
  await setBackend('js');
});

const N = 10;
// x[i] = [10i, 10i+1, 10i+2] (float), y[i] = i (int).
const xData = Float32Array.from({ length: N * 3 }, (_, k) => 10 * Math.floor(k / 3) + (k % 3));
const yData = Int32Array.from({ length: N }, (_, i) => i);
const source = { x: { data: xData, shape: [N, 3] }, y: yData };

function collectIds(loader: DataLoader<'x' | 'y'>, epoch: number): number[][] {
  return [...loader.hostBatches(epoch)].map((b) => Array.from(b.y.data));
}

describe('ArrayDataset', () => {
  it('gathers rows into float32/int32 batches', () => {
    const ds = new ArrayDataset({ ...source, u: Uint8Array.from({ length: N }, (_, i) => 200 + i), f: [0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    const b = ds.gather(Int32Array.of(4, 1));
    expect(b.x.shape).toEqual([2, 3]);
    expect(b.x.data).toBeInstanceOf(Float32Array);
    expect(Array.from(b.x.data)).toEqual([40, 41, 42, 10, 11, 12]);
    expect(b.y.data).toBeInstanceOf(Int32Array);
    expect(Array.from(b.y.data)).toEqual([4, 1]);
    expect(Array.from(b.u.data)).toEqual([204, 201]);
    expect(b.f.data).toBeInstanceOf(Float32Array);
    expect(Array.from(ds.get(3).x.data)).toEqual([30, 31, 32]);
    expect(ds.get(3).x.shape).toEqual([3]);
  });

  it('rejects mismatched columns and indices', () => {
    expect(() => new ArrayDataset({ x: { data: xData, shape: [N, 3] }, y: new Int32Array(N - 1) })).toThrow(/column 'y' has 9 samples but 'x' has 10/);
    expect(() => new ArrayDataset({ x: { data: xData, shape: [N, 4] } })).toThrow(/column 'x' has shape \[10, 4\] but 30 values/);
    expect(() => new ArrayDataset({})).toThrow(/at least one column/);
    expect(() => new ArrayDataset(source).gather(Int32Array.of(10))).toThrow(/index 10 out of range 0..9/);
  });
});

describe('DataLoader batching', () => {
  it('counts batches with and without dropLast', () => {
    expect(new DataLoader(source, { batchSize: 4 }).length).toBe(3);
    expect(new DataLoader(source, { batchSize: 4, dropLast: true }).length).toBe(2);
    expect(new DataLoader(source, { batchSize: 5, dropLast: true }).length).toBe(2);
    expect(new DataLoader(source, { batchSize: 32 }).length).toBe(1);
    expect(new DataLoader(source, { batchSize: 32, dropLast: true }).length).toBe(0);
    expect(() => new DataLoader(source, { batchSize: 0 })).toThrow(DatasetArgumentError);
  });

  it('visits samples in order without shuffle, last batch short unless dropped', () => {
    expect(collectIds(new DataLoader(source, { batchSize: 4 }), 0)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(collectIds(new DataLoader(source, { batchSize: 4, dropLast: true }), 0)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
  });

  it('shuffles deterministically per (seed, epoch), visiting each sample once', () => {
    const a = new DataLoader(source, { batchSize: 3, shuffle: true, seed: 5 });
    const b = new DataLoader(source, { batchSize: 3, shuffle: true, seed: 5 });
    const c = new DataLoader(source, { batchSize: 3, shuffle: true, seed: 6 });
    for (const epoch of [0, 1, 2]) {
      const ids = collectIds(a, epoch);
      expect(ids).toEqual(collectIds(b, epoch));
      expect(ids.flat().sort((p, q) => p - q)).toEqual([...yData]);
    }
    expect(collectIds(a, 0)).not.toEqual(collectIds(a, 1));
    expect(collectIds(a, 0)).not.toEqual(collectIds(c, 0));
    // x rows follow their labels.
    for (const batch of a.hostBatches(3)) {
      batch.y.data.forEach((i, r) => expect(Array.from(batch.x.data.subarray(3 * r, 3 * r + 3))).toEqual([10 * i, 10 * i + 1, 10 * i + 2]));
    }
  });

  it('yields tensors on the current backend; each iteration is the next epoch', () => {
    const loader = new DataLoader(source, { batchSize: 4, shuffle: true, seed: 1 });
    const expectedEpoch0 = collectIds(loader, 0);
    const expectedEpoch1 = collectIds(loader, 1);
    const seen: number[][] = [];
    for (const { x, y } of loader) {
      expect(x.dtype).toBe('float32');
      expect(y.dtype).toBe('int32');
      expect(x.shape).toEqual([y.shape[0], 3]);
      const ids = Array.from(y.dataSync() as Int32Array);
      const xs = Array.from(x.dataSync() as Float32Array);
      ids.forEach((i, r) => expect(xs.slice(3 * r, 3 * r + 3)).toEqual([10 * i, 10 * i + 1, 10 * i + 2]));
      seen.push(ids);
      x.dispose();
      y.dispose();
    }
    expect(seen).toEqual(expectedEpoch0);
    expect(loader.epoch).toBe(1);
    const second = [...loader].map((b) => {
      const ids = Array.from(b.y.dataSync() as Int32Array);
      b.x.dispose();
      b.y.dispose();
      return ids;
    });
    expect(second).toEqual(expectedEpoch1);
  });

  it('iterates asynchronously, also over async datasets', async () => {
    const asyncDs: Dataset<{ v: number; w: number[] }> = {
      length: 5,
      get: async (i) => ({ v: i, w: [i, i / 2] }),
    };
    const loader = new DataLoader(asyncDs, { batchSize: 2 });
    const got: number[][] = [];
    for await (const { v, w } of loader) {
      expect(v.dtype).toBe('int32');
      expect(w.dtype).toBe('float32');
      expect(w.shape).toEqual([v.shape[0], 2]);
      got.push(Array.from(await v.data()));
      v.dispose();
      w.dispose();
    }
    expect(got).toEqual([[0, 1], [2, 3], [4]]);
    expect(() => [...new DataLoader(asyncDs, { batchSize: 2 })]).toThrow(DatasetError);
    expect(() => [...new DataLoader(asyncDs, { batchSize: 2 })]).toThrow(/returned a Promise; use 'for await'/);
  });

  it('uses a dataset gather fast path (WindowDataset)', () => {
    const ds = new WindowDataset(Int32Array.of(5, 6, 7, 8, 9, 10), 2);
    const loader = new DataLoader(ds, { batchSize: 4 });
    const batches = [...loader.hostBatches(0)];
    expect(batches.map((b) => b.input.shape)).toEqual([[4, 2]]);
    expect(Array.from(batches[0].target.data)).toEqual([7, 8, 9, 10]);
    const [first] = [...loader] as { input: Tensor; target: Tensor }[];
    expect(first.input.dtype).toBe('int32');
    expect(Array.from(first.input.dataSync())).toEqual([5, 6, 6, 7, 7, 8, 8, 9]);
    first.input.dispose();
    first.target.dispose();
  });

  it('restricts to subset indices', () => {
    const loader = new DataLoader(source, { batchSize: 2, indices: [9, 3, 5] });
    expect(loader.numSamples).toBe(3);
    expect(collectIds(loader, 0)).toEqual([[9, 3], [5]]);
    expect(() => new DataLoader(source, { indices: [10] })).toThrow(/indices\[0\] = 10 is not an integer in 0..9/);
    expect(() => new DataLoader(source, { indices: [1.5] })).toThrow(DatasetArgumentError);
  });
});

describe('collate', () => {
  it('stacks numbers, arrays and shaped arrays', () => {
    const b = collate([
      { a: 1, b: [1, 2], c: { data: Float32Array.of(1, 2, 3, 4), shape: [2, 2] } },
      { a: 2.5, b: [3, 4], c: { data: Float32Array.of(5, 6, 7, 8), shape: [2, 2] } },
    ]);
    expect(b.a.data).toBeInstanceOf(Float32Array);
    expect(Array.from(b.a.data)).toEqual([1, 2.5]);
    expect(b.b.data).toBeInstanceOf(Float32Array);
    expect(b.c.shape).toEqual([2, 2, 2]);
    expect(Array.from(b.c.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(collate([{ n: 1 }, { n: 2 }]).n.data).toBeInstanceOf(Int32Array);
    expect(() => collate([{ b: [1, 2] }, { b: [1] }])).toThrow(/field 'b' has shape \[1\] in sample 1 but \[2\] in sample 0/);
    expect(() => collate([])).toThrow(/no samples/);
  });
});

describe('splitIndices and subset', () => {
  it('splits disjointly and deterministically', () => {
    const s = splitIndices(1000, { validationFraction: 0.2, seed: 3 });
    expect(s.train.length).toBe(800);
    expect(s.validation.length).toBe(200);
    expect([...s.train, ...s.validation].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(splitIndices(1000, { validationFraction: 0.2, seed: 3 })).toEqual(s);
    expect(splitIndices(1000, { validationFraction: 0.2, seed: 4 }).validation).not.toEqual(s.validation);
    const ordered = splitIndices(5, { validationFraction: 0.4, shuffle: false });
    expect(Array.from(ordered.train)).toEqual([0, 1, 2]);
    expect(Array.from(ordered.validation)).toEqual([3, 4]);
    expect(() => splitIndices(10, { validationFraction: 1.5 })).toThrow(/validationFraction must be in \[0, 1\]/);
  });

  it('views a dataset through indices, keeping the gather fast path', () => {
    const ds = new ArrayDataset(source);
    const sub = subset(ds, Int32Array.of(7, 2));
    expect(sub.length).toBe(2);
    expect(Array.from((sub.get(0) as { y: { data: Int32Array } }).y.data)).toEqual([7]);
    expect(Array.from(sub.gather!(Int32Array.of(1, 0)).y.data)).toEqual([2, 7]);
    expect(() => sub.gather!(Int32Array.of(2))).toThrow(/subset: index 2 out of range 0..1/);
    expect(() => subset(ds, Int32Array.of(11))).toThrow(/out of range 0..9/);
  });
});
