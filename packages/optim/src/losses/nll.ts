/** Negative log-likelihood of class labels under given log-probabilities. */
import { arange, equal, tidy, where, type Tensor } from '@nabla/tensor-core';
import { checkReduction, reduceLoss, type LossOptions } from './reduction.js';
import { assertClassLabels } from './validate.js';

/**
 * −logProbs[i, labels[i]] for log-probabilities [N, C] and int32 labels [N]; reduced over N.
 * Entries of other classes are never multiplied, so log(0) = −∞ there does not turn into NaN.
 */
export function nll(logProbs: Tensor, labels: Tensor, options: LossOptions = {}): Tensor {
  const reduction = options.reduction ?? 'mean';
  checkReduction('nll', reduction);
  assertClassLabels('nll', logProbs, labels);
  return tidy(() => {
    const isLabel = equal(labels.expandDims(1), arange(0, logProbs.shape[1], 1, 'int32'));
    const picked = where(isLabel, logProbs, 0).sum(1);
    return reduceLoss(picked.neg(), reduction);
  });
}
