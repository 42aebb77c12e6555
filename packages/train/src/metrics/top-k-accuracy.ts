/** Top-k accuracy: the share of rows whose target class is among the k largest logits. */
import { arange, equal, expandDims, greater, max, sum, where, type Tensor } from '@nabla/tensor-core';
import { TrainArgumentError } from '../errors.js';
import { Metric, classificationShapes, type BatchCount, type MeasuredValues } from './metric.js';

/**
 * Top-k accuracy of [n, classes] logits against [n] class indices. A row counts when fewer than
 * k logits are strictly larger than the target's (ties count in the target's favour).
 */
export class TopKAccuracy extends Metric {
  readonly name: string;

  constructor(
    /** How many of the highest logits may include the target (a positive integer; TrainArgumentError otherwise). */
    readonly k: number,
  ) {
    super(2);
    if (!Number.isInteger(k) || k < 1) throw new TrainArgumentError('TopKAccuracy', `k must be a positive integer, got ${k}`);
    this.name = `top${k}_accuracy`;
  }

  /** Per row, how many logits beat the target's logit ([n] float32). */
  measure(output: Tensor, target: Tensor): Tensor[] {
    const { classes } = classificationShapes(this.name, output, target);
    const isTarget = equal(expandDims(target.cast('int32'), -1), arange(0, classes, 1, 'int32'));
    const targetLogit = max(where(isTarget, output, Number.NEGATIVE_INFINITY), 1, { keepDims: true });
    return [sum(greater(output, targetLogit).cast('float32'), 1)];
  }

  /** Count the rows where fewer than k logits beat the target. */
  update([beaten]: MeasuredValues, count: BatchCount): void {
    for (let i = 0; i < beaten.length; i++) if (beaten[i] < this.k) this.sums[0] += 1;
    this.sums[1] += count.rows;
  }

  /** `{ topK_accuracy }` in [0, 1]. */
  results(): Record<string, number> {
    return { [this.name]: this.sums[0] / this.sums[1] };
  }
}
