/** Huber loss: quadratic near zero, linear in the tails. */
import { ArgumentError, minimum, tidy, type Tensor } from '@nabla/tensor-core';
import { checkReduction, reduceLoss, type LossOptions } from './reduction.js';
import { assertSameShapeFloat } from './validate.js';

/** Options for huber(). */
export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1, must be > 0). */
  readonly delta?: number;
}

/**
 * ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond, with d = input − target. Computed as ½q² + δ(|d| − q)
 * where q = min(|d|, δ), which is the same function without a branch.
 */
export function huber(input: Tensor, target: Tensor, options: HuberOptions = {}): Tensor {
  const reduction = options.reduction ?? 'mean';
  const delta = options.delta ?? 1;
  checkReduction('huber', reduction);
  if (!(delta > 0) || !Number.isFinite(delta)) throw new ArgumentError('huber', `delta must be a positive finite number, got ${delta}`);
  assertSameShapeFloat('huber', input, target);
  return tidy(() => {
    const absDiff = input.sub(target).abs();
    const q = minimum(absDiff, delta);
    return reduceLoss(q.square().mul(0.5).add(absDiff.sub(q).mul(delta)), reduction);
  });
}
