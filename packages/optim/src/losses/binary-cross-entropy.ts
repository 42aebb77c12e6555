/** Binary cross-entropy on probabilities and, stably, on logits. */
import { ArgumentError, softplus, tidy, type Tensor } from '@nabla/tensor-core';
import { checkReduction, reduceLoss, type LossOptions } from './reduction.js';
import { assertSameShapeFloat } from './validate.js';

/** Options for binaryCrossEntropy(). */
export interface BinaryCrossEntropyOptions extends LossOptions {
  /** Probabilities are clamped to [eps, 1 − eps] so log never sees 0 (default 1e-7). */
  readonly eps?: number;
}

/** −[y·log p + (1 − y)·log(1 − p)] on probabilities `p` (clamped to [eps, 1 − eps]) and targets y ∈ [0, 1]. */
export function binaryCrossEntropy(probs: Tensor, target: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  const reduction = options.reduction ?? 'mean';
  const eps = options.eps ?? 1e-7;
  checkReduction('binaryCrossEntropy', reduction);
  if (!(eps > 0 && eps < 0.5)) throw new ArgumentError('binaryCrossEntropy', `eps must be in (0, 0.5), got ${eps}`);
  assertSameShapeFloat('binaryCrossEntropy', probs, target);
  return tidy(() => {
    const p = probs.clip(eps, 1 - eps);
    const positive = target.mul(p.log());
    const negative = target.neg().add(1).mul(p.neg().add(1).log());
    return reduceLoss(positive.add(negative).neg(), reduction);
  });
}

/**
 * Binary cross-entropy of σ(x) against y, computed without overflow as softplus(x) − x·y
 * (= max(x, 0) − x·y + log(1 + e^{−|x|})); its gradient is σ(x) − y everywhere, x = 0 included.
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const reduction = options.reduction ?? 'mean';
  checkReduction('binaryCrossEntropyWithLogits', reduction);
  assertSameShapeFloat('binaryCrossEntropyWithLogits', logits, target);
  return tidy(() => {
    return reduceLoss(softplus(logits).sub(logits.mul(target)), reduction);
  });
}
