/**
 * Training batches for the GPT, as nanoGPT draws them: `batchSize` blocks of `blockSize + 1`
 * consecutive tokens at random offsets of the training stream (inputs = the first blockSize,
 * targets = the same shifted by one). Offsets come from the seed and the global step, so a
 * resumed run sees exactly the batches an uninterrupted one would.
 */
import { deriveSeed } from '@nabla/datasets';
import { Rng, ShapeError, tensor } from '@nabla/tensor-core';
import type { BatchSource } from '@nabla/train';

/** Sizes of the GPT's random-block batches. */
export interface BlockBatchOptions {
  readonly batchSize: number;
  readonly blockSize: number;
  /** Batches per fit epoch (the evaluation interval). */
  readonly stepsPerEpoch: number;
  readonly seed: number;
}

/** The token ids of one batch: input [B·T] and targets [B·T], row-major [B, T]. */
export function blockBatch(stream: Int32Array, batchSize: number, blockSize: number, rng: Rng): { input: Int32Array; target: Int32Array } {
  if (stream.length < blockSize + 1) throw new ShapeError('GPT batches', `the training stream has ${stream.length} tokens, fewer than block size ${blockSize} + 1`);
  const input = new Int32Array(batchSize * blockSize);
  const target = new Int32Array(batchSize * blockSize);
  for (let b = 0; b < batchSize; b++) {
    const at = rng.int(0, stream.length - blockSize);
    input.set(stream.subarray(at, at + blockSize), b * blockSize);
    target.set(stream.subarray(at + 1, at + blockSize + 1), b * blockSize);
  }
  return { input, target };
}

/** A BatchSource of random blocks: input int32 [B, T], target int32 [B·T]. */
export function blockBatches(stream: Int32Array, o: BlockBatchOptions): BatchSource {
  return {
    length: o.stepsPerEpoch,
    batch: (epoch, i) => {
      const { input, target } = blockBatch(stream, o.batchSize, o.blockSize, new Rng(deriveSeed(o.seed, epoch * o.stepsPerEpoch + i)));
      return { input: tensor(input, [o.batchSize, o.blockSize], 'int32'), target: tensor(target, [target.length], 'int32') };
    },
  };
}
