import { DatasetArgumentError } from '../errors.js';
import type { HostBatch } from '../loader/dataset.js';

/** Options for {@link SequenceBatches}. */
export interface SequenceBatchOptions {
  /** Number of parallel streams (rows). */
  readonly batchSize: number;
  /** Time steps per chunk (the truncated-BPTT length). */
  readonly seqLength: number;
  /** Drop a final chunk shorter than `seqLength`; default false. */
  readonly dropLast?: boolean;
}

/**
 * Contiguous batches for truncated backpropagation through time. The token stream is cut into
 * `batchSize` equal contiguous streams (the tail that does not divide evenly is dropped); row b of
 * chunk c continues row b of chunk c − 1, so recurrent state can carry across chunks.
 * Chunk c has `input` [B, T] = streams[:, cT : cT+T] and `target` = the same shifted by one step.
 */
export class SequenceBatches implements Iterable<HostBatch<'input' | 'target'>> {
  /** Tokens per stream. */
  readonly streamLength: number;
  /** Number of chunks (batches). */
  readonly length: number;
  /** B: parallel streams, the rows of every chunk. */
  readonly batchSize: number;
  /** T: time steps per chunk, the columns of every chunk. */
  readonly seqLength: number;

  constructor(
    /** The token stream the chunks are cut from (not copied). */
    readonly tokens: Int32Array,
    options: SequenceBatchOptions,
  ) {
    const { batchSize, seqLength } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new DatasetArgumentError('SequenceBatches', `batchSize must be a positive integer, got ${batchSize}`);
    if (!Number.isInteger(seqLength) || seqLength < 1) throw new DatasetArgumentError('SequenceBatches', `seqLength must be a positive integer, got ${seqLength}`);
    this.batchSize = batchSize;
    this.seqLength = seqLength;
    this.streamLength = Math.floor(tokens.length / batchSize);
    if (this.streamLength < 2) {
      throw new DatasetArgumentError('SequenceBatches', `${tokens.length} tokens are too few for ${batchSize} streams of at least 2 tokens`);
    }
    const steps = this.streamLength - 1;
    this.length = options.dropLast ? Math.floor(steps / seqLength) : Math.ceil(steps / seqLength);
  }

  /** Chunk `c`: inputs and next-token targets, both [batchSize, T] with T ≤ seqLength. */
  chunk(c: number): HostBatch<'input' | 'target'> {
    if (!(Number.isInteger(c) && c >= 0 && c < this.length)) {
      throw new DatasetArgumentError('SequenceBatches', `chunk ${c} out of range 0..${this.length - 1}`);
    }
    const start = c * this.seqLength;
    const t = Math.min(this.seqLength, this.streamLength - 1 - start);
    const input = new Int32Array(this.batchSize * t);
    const target = new Int32Array(this.batchSize * t);
    for (let b = 0; b < this.batchSize; b++) {
      const from = b * this.streamLength + start;
      input.set(this.tokens.subarray(from, from + t), b * t);
      target.set(this.tokens.subarray(from + 1, from + 1 + t), b * t);
    }
    return { input: { data: input, shape: [this.batchSize, t] }, target: { data: target, shape: [this.batchSize, t] } };
  }

  /** Chunks in order. */
  *[Symbol.iterator](): Iterator<HostBatch<'input' | 'target'>> {
    for (let c = 0; c < this.length; c++) yield this.chunk(c);
  }
}
