/** The Metric base class: device-side per-batch summaries, host-side running sums. */
import type { Tensor } from '@nabla/tensor-core';
import { TrainArgumentError } from '../errors.js';

/** Host values read back from the tensors `measure` returned, in the same order. */
export type MeasuredValues = readonly ArrayLike<number>[];

/** The size of the batch being added: rows of the target (its first axis) and all its elements. */
export interface BatchCount {
  /** Rows of the target: its first axis (1 for a scalar target). */
  readonly rows: number;
  /** Elements of the target (rows × the rest of its shape). */
  readonly elements: number;
}

/**
 * A metric that accumulates over batches. `measure` runs inside the training step's `tidy` and
 * returns small tensors summarising one batch (fit reads them back and disposes them, so nothing
 * leaks); `update` adds their host values to running sums; `results` gives the named figures since
 * the last `reset`. The running sums are the whole state (`state`/`loadState`), so a resumed run
 * continues a half-finished epoch exactly.
 */
export abstract class Metric {
  /** Name used in logs (the first key of `results`). */
  abstract readonly name: string;
  /** The running sums since the last reset; their meaning is the subclass's (e.g. correct rows and rows). */
  protected sums: Float64Array;

  protected constructor(size: number) {
    this.sums = new Float64Array(size);
  }

  /** Tensors summarising one batch of `output` against `target` (called inside a tidy, without recording). */
  abstract measure(output: Tensor, target: Tensor): Tensor[];

  /** Add the host values of one batch's `measure` tensors. */
  abstract update(values: MeasuredValues, count: BatchCount): void;

  /** The named figures over every batch since the last reset (NaN before any batch). */
  abstract results(): Record<string, number>;

  /** Start a new accumulation. */
  reset(): void {
    this.sums.fill(0);
  }

  /** The running sums (JSON-able). */
  state(): number[] {
    return Array.from(this.sums);
  }

  /** Restore `state()` output. */
  loadState(state: unknown): void {
    if (!Array.isArray(state) || state.length !== this.sums.length || state.some((v) => typeof v !== 'number')) {
      throw new TrainArgumentError(`${this.name}.loadState`, `expected ${this.sums.length} numbers, got ${JSON.stringify(state)?.slice(0, 80)}`);
    }
    this.sums.set(state as number[]);
  }
}

/** Check that `output` is [n, classes] logits and `target` n class indices; returns n and classes. */
export function classificationShapes(metric: string, output: Tensor, target: Tensor): { n: number; classes: number } {
  if (output.shape.length !== 2 || target.shape.length !== 1 || target.shape[0] !== output.shape[0]) {
    throw new TrainArgumentError(metric, `expects output [n, classes] and target [n] class indices, got output [${output.shape.join(',')}] and target [${target.shape.join(',')}]`);
  }
  return { n: output.shape[0], classes: output.shape[1] };
}
