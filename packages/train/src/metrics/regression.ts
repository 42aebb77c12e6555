/** Regression errors averaged over every element: MSE and MAE. */
import { abs, square, sub, sum, type Tensor } from '@nabla/tensor-core';
import { TrainArgumentError } from '../errors.js';
import { Metric, type BatchCount, type MeasuredValues } from './metric.js';

function checkSameSize(metric: string, output: Tensor, target: Tensor): void {
  if (output.size !== target.size) {
    throw new TrainArgumentError(metric, `output [${output.shape.join(',')}] and target [${target.shape.join(',')}] must have the same number of elements`);
  }
}

/** Mean squared error over every element (output and target of the same size). */
export class MeanSquaredError extends Metric {
  readonly name = 'mse';

  constructor() {
    super(2);
  }

  /** Sum of squared differences. */
  measure(output: Tensor, target: Tensor): Tensor[] {
    checkSameSize(this.name, output, target);
    return [sum(square(sub(output.reshape([output.size]).cast('float32'), target.reshape([target.size]).cast('float32'))))];
  }

  /** Add one batch's sum and element count. */
  update([total]: MeasuredValues, count: BatchCount): void {
    this.sums[0] += total[0];
    this.sums[1] += count.elements;
  }

  /** `{ mse }`. */
  results(): Record<string, number> {
    return { mse: this.sums[0] / this.sums[1] };
  }
}

/** Mean absolute error over every element. */
export class MeanAbsoluteError extends Metric {
  readonly name = 'mae';

  constructor() {
    super(2);
  }

  /** Sum of absolute differences. */
  measure(output: Tensor, target: Tensor): Tensor[] {
    checkSameSize(this.name, output, target);
    return [sum(abs(sub(output.reshape([output.size]).cast('float32'), target.reshape([target.size]).cast('float32'))))];
  }

  /** Add one batch's sum and element count. */
  update([total]: MeasuredValues, count: BatchCount): void {
    this.sums[0] += total[0];
    this.sums[1] += count.elements;
  }

  /** `{ mae }`. */
  results(): Record<string, number> {
    return { mae: this.sums[0] / this.sums[1] };
  }
}
