/** Mean absolute error. */
import { tidy, type Tensor } from '@nabla/tensor-core';
import { checkReduction, reduceLoss, type LossOptions } from './reduction.js';
import { assertSameShapeFloat } from './validate.js';

/** Absolute error |input − target|, reduced (default: mean). */
export function l1(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const reduction = options.reduction ?? 'mean';
  checkReduction('l1', reduction);
  assertSameShapeFloat('l1', input, target);
  return tidy(() => reduceLoss(input.sub(target).abs(), reduction));
}
