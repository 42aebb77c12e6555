/** Mean squared error. */
import { tidy, type Tensor } from '@nabla/tensor-core';
import { checkReduction, reduceLoss, type LossOptions } from './reduction.js';
import { assertSameShapeFloat } from './validate.js';

/**
 * Squared error (input − target)², reduced (default: mean).
 *
 * @example
 * ```ts
 * import { mse } from '@nabla/optim';
 * import { tensor } from '@nabla/tensor-core';
 *
 * mse(tensor([1, 2, 3]), tensor([1, 2, 5])).item();                        // 4/3
 * mse(tensor([1, 2, 3]), tensor([1, 2, 5]), { reduction: 'sum' }).item(); // 4
 * ```
 */
export function mse(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const reduction = options.reduction ?? 'mean';
  checkReduction('mse', reduction);
  assertSameShapeFloat('mse', input, target);
  return tidy(() => reduceLoss(input.sub(target).square(), reduction));
}
