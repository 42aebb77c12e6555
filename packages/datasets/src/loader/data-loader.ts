import { DatasetArgumentError, DatasetError } from '../errors.js';
import { ArrayDataset, type ArraySource } from './array-dataset.js';
import { baseIndices, epochOrder } from './batch-order.js';
import { collate } from './collate.js';
import type { Dataset, HostBatch, Sample } from './dataset.js';
import { batchToTensors, type TensorBatch } from './to-tensor.js';

/** DataLoader settings. */
export interface DataLoaderOptions {
  /** Samples per batch; default 32. */
  readonly batchSize?: number;
  /** Reshuffle every epoch (deterministically from `seed` and the epoch number); default false. */
  readonly shuffle?: boolean;
  /** Shuffle seed; default 0. */
  readonly seed?: number;
  /** Drop a final batch smaller than `batchSize`; default false. */
  readonly dropLast?: boolean;
  /** Only visit these sample indices (e.g. one side of `splitIndices`). */
  readonly indices?: ArrayLike<number>;
}

function isDataset(source: unknown): source is Dataset {
  const s = source as { get?: unknown; length?: unknown };
  return typeof s.get === 'function' && typeof s.length === 'number';
}

/**
 * Batches a dataset into tensors on the current backend. Sources: any {@link Dataset}
 * (`length` + `get(i)`, optional `gather` fast path) or named arrays (an {@link ArraySource}).
 * Iterating (sync or async) runs one epoch; each new iteration is the next epoch, reshuffled
 * deterministically. The caller owns the yielded tensors and should dispose them.
 */
export class DataLoader<K extends string = string> {
  /** Samples per batch. */
  readonly batchSize: number;
  /** Whether each epoch visits the samples in a fresh order drawn from `seed` and the epoch number. */
  readonly shuffle: boolean;
  /** Seed of the shuffle (the same seed and epoch give the same order). */
  readonly seed: number;
  /** Whether a final batch smaller than `batchSize` is left out. */
  readonly dropLast: boolean;
  /** The epoch the next iteration will run (starts at 0). */
  epoch = 0;
  private readonly dataset: Dataset<Sample<K>>;
  private readonly base: Int32Array;

  constructor(source: Dataset<Sample<K>> | ArraySource<K>, options: DataLoaderOptions = {}) {
    this.dataset = isDataset(source) ? (source as Dataset<Sample<K>>) : (new ArrayDataset(source as ArraySource<K>) as unknown as Dataset<Sample<K>>);
    this.batchSize = options.batchSize ?? 32;
    this.shuffle = options.shuffle ?? false;
    this.seed = options.seed ?? 0;
    this.dropLast = options.dropLast ?? false;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new DatasetArgumentError('DataLoader', `batchSize must be a positive integer, got ${this.batchSize}`);
    }
    if (!Number.isFinite(this.seed)) throw new DatasetArgumentError('DataLoader', `seed must be a finite number, got ${this.seed}`);
    if (!Number.isInteger(this.dataset.length) || this.dataset.length < 0) {
      throw new DatasetArgumentError('DataLoader', `dataset length must be a non-negative integer, got ${this.dataset.length}`);
    }
    this.base = baseIndices(this.dataset.length, options.indices, 'DataLoader');
  }

  /** Number of samples visited per epoch. */
  get numSamples(): number {
    return this.base.length;
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.base.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Sample indices of `epoch`, in visiting order. */
  order(epoch: number): Int32Array {
    return epochOrder(this.base, this.shuffle, this.seed, epoch);
  }

  /** Index arrays of each batch of `epoch`. */
  *batchIndices(epoch: number): Generator<Int32Array> {
    const order = this.order(epoch);
    for (let b = 0; b < this.length; b++) {
      yield order.subarray(b * this.batchSize, Math.min(order.length, (b + 1) * this.batchSize));
    }
  }

  /** Host-side batches of `epoch` (no tensors); synchronous datasets only. */
  *hostBatches(epoch: number): Generator<HostBatch<K>> {
    for (const idx of this.batchIndices(epoch)) yield this.gatherSync(idx);
  }

  /** Host-side batches of `epoch`; awaits asynchronous `get`. */
  async *hostBatchesAsync(epoch: number): AsyncGenerator<HostBatch<K>> {
    for (const idx of this.batchIndices(epoch)) {
      if (this.dataset.gather) {
        yield this.dataset.gather(idx);
      } else {
        const samples = await Promise.all(Array.from(idx, (i) => this.dataset.get(i)));
        yield collate(samples);
      }
    }
  }

  /** Runs the next epoch, yielding tensor batches. */
  *[Symbol.iterator](): Generator<TensorBatch<K>> {
    const epoch = this.epoch++;
    for (const batch of this.hostBatches(epoch)) yield batchToTensors(batch);
  }

  /** Runs the next epoch asynchronously, yielding tensor batches. */
  async *[Symbol.asyncIterator](): AsyncGenerator<TensorBatch<K>> {
    const epoch = this.epoch++;
    for await (const batch of this.hostBatchesAsync(epoch)) yield batchToTensors(batch);
  }

  private gatherSync(idx: Int32Array): HostBatch<K> {
    if (this.dataset.gather) return this.dataset.gather(idx);
    const samples = Array.from(idx, (i) => {
      const s = this.dataset.get(i);
      if (s instanceof Promise) {
        throw new DatasetError('DataLoader', `dataset.get(${i}) returned a Promise; use 'for await' (async iteration) for asynchronous datasets`);
      }
      return s;
    });
    return collate(samples);
  }
}
