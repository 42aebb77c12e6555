/** Classification accuracy: the share of rows whose largest logit is the target class. */
import { argmax, equal, sum, type Tensor } from '@nabla/tensor-core';
import { Metric, classificationShapes, type BatchCount, type MeasuredValues } from './metric.js';

/** Accuracy of [n, classes] logits against [n] class indices. */
export class Accuracy extends Metric {
  readonly name = 'accuracy';

  constructor() {
    super(2);
  }

  /** The number of correct rows, as one scalar. */
  measure(output: Tensor, target: Tensor): Tensor[] {
    classificationShapes('Accuracy', output, target);
    return [sum(equal(argmax(output, 1), target.cast('int32')).cast('float32'))];
  }

  /** Add one batch's correct count. */
  update([correct]: MeasuredValues, count: BatchCount): void {
    this.sums[0] += correct[0];
    this.sums[1] += count.rows;
  }

  /** `{ accuracy }` in [0, 1]. */
  results(): Record<string, number> {
    return { accuracy: this.sums[0] / this.sums[1] };
  }
}
