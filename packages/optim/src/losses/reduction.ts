/** How a per-element loss is folded into the value returned to the caller. */
import { ArgumentError, type Tensor } from '@nabla/tensor-core';

/** `mean` averages, `sum` adds, `none` returns the unreduced per-element (or per-sample) losses. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options shared by every loss. */
export interface LossOptions {
  /** How to fold per-element losses (default `'mean'`). */
  readonly reduction?: Reduction;
}

/** Check `reduction` names a known mode, throwing an ArgumentError naming `loss` otherwise. */
export function checkReduction(loss: string, reduction: Reduction): void {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ArgumentError(loss, `reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
}

/** Apply `reduction` to per-element losses. */
export function reduceLoss(losses: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return losses;
  return reduction === 'sum' ? losses.sum() : losses.mean();
}
