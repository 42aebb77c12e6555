import { DatasetArgumentError } from '../errors.js';
import type { Dataset, HostBatch } from '../loader/dataset.js';
import type { HostArray } from '../loader/host-array.js';

/** One window sample: `windowSize` previous token ids and the id that follows them. */
export type WindowSample = {
  /** The window's token ids, [windowSize]. */
  readonly input: HostArray<Int32Array>;
  /** The id of the token after the window. */
  readonly target: number;
};

/**
 * Fixed-window language-model dataset: sample i is tokens[i .. i+n) → tokens[i+n], so a stream
 * of L tokens gives L − n samples. Batches gather straight into `input` [B, n] and `target` [B].
 */
export class WindowDataset implements Dataset<WindowSample> {
  /** Samples: tokens.length − windowSize (0 when the stream is no longer than a window). */
  readonly length: number;

  constructor(
    /** The token stream (not copied; samples are views of it). */
    readonly tokens: Int32Array,
    /** n, token ids per input window (a positive integer; DatasetArgumentError otherwise). */
    readonly windowSize: number,
  ) {
    if (!Number.isInteger(windowSize) || windowSize < 1) {
      throw new DatasetArgumentError('WindowDataset', `windowSize must be a positive integer, got ${windowSize}`);
    }
    this.length = Math.max(0, tokens.length - windowSize);
  }

  /** Window i (a view into `tokens`) and its next token. */
  get(index: number): WindowSample {
    this.check(index);
    return { input: { data: this.tokens.subarray(index, index + this.windowSize), shape: [this.windowSize] }, target: this.tokens[index + this.windowSize] };
  }

  /** Batch fast path. */
  gather(indices: Int32Array): HostBatch<'input' | 'target'> {
    const n = this.windowSize;
    const input = new Int32Array(indices.length * n);
    const target = new Int32Array(indices.length);
    for (let b = 0; b < indices.length; b++) {
      const i = indices[b];
      this.check(i);
      input.set(this.tokens.subarray(i, i + n), b * n);
      target[b] = this.tokens[i + n];
    }
    return { input: { data: input, shape: [indices.length, n] }, target: { data: target, shape: [indices.length] } };
  }

  private check(index: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.length)) {
      throw new DatasetArgumentError('WindowDataset', `index ${index} out of range 0..${this.length - 1}`);
    }
  }
}
