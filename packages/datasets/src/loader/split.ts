import { DatasetArgumentError } from '../errors.js';
import { seededPermutation } from '../random/permutation.js';
import type { Dataset, HostBatch, Sample } from './dataset.js';

/** Disjoint train/validation index sets covering 0..length-1. */
export interface IndexSplit {
  /** Indices of the training samples (shuffled when the split shuffles). */
  readonly train: Int32Array;
  /** Indices of the held-out samples: round(length × validationFraction) of them. */
  readonly validation: Int32Array;
}

/** Options for {@link splitIndices}. */
export interface SplitOptions {
  /** Fraction held out for validation, in [0, 1]; default 0.1. Rounded to whole samples. */
  readonly validationFraction?: number;
  /** Shuffle before splitting (seeded); default true. */
  readonly shuffle?: boolean;
  /** Seed of the shuffle; default 0. */
  readonly seed?: number;
}

/** Deterministic train/validation split of `length` sample indices (pass to DataLoader `indices`). */
export function splitIndices(length: number, options: SplitOptions = {}): IndexSplit {
  const fraction = options.validationFraction ?? 0.1;
  if (!Number.isInteger(length) || length < 0) throw new DatasetArgumentError('splitIndices', `length must be a non-negative integer, got ${length}`);
  if (!(fraction >= 0 && fraction <= 1)) throw new DatasetArgumentError('splitIndices', `validationFraction must be in [0, 1], got ${fraction}`);
  let order: Int32Array;
  if (options.shuffle ?? true) {
    order = seededPermutation(length, options.seed ?? 0);
  } else {
    order = new Int32Array(length);
    for (let i = 0; i < length; i++) order[i] = i;
  }
  const numValidation = Math.round(length * fraction);
  const numTrain = length - numValidation;
  return { train: order.slice(0, numTrain), validation: order.slice(numTrain) };
}

/** A view of `dataset` restricted to `indices` (no copying). */
export function subset<T extends Sample>(dataset: Dataset<T>, indices: Int32Array): Dataset<T> {
  for (let i = 0; i < indices.length; i++) {
    if (!(indices[i] >= 0 && indices[i] < dataset.length)) {
      throw new DatasetArgumentError('subset', `indices[${i}] = ${indices[i]} is out of range 0..${dataset.length - 1}`);
    }
  }
  const gather = dataset.gather?.bind(dataset);
  return {
    length: indices.length,
    get: (i: number) => {
      if (!(Number.isInteger(i) && i >= 0 && i < indices.length)) throw new DatasetArgumentError('subset', `index ${i} out of range 0..${indices.length - 1}`);
      return dataset.get(indices[i]);
    },
    ...(gather ? { gather: (idx: Int32Array): HostBatch<keyof T & string> => gather(idx.map((i) => {
      if (!(i >= 0 && i < indices.length)) throw new DatasetArgumentError('subset', `index ${i} out of range 0..${indices.length - 1}`);
      return indices[i];
    })) } : {}),
  };
}
