/** Softmax cross-entropy from logits, against class labels or target distributions. */
import { ArgumentError, DTypeError, ShapeError, fmtShape, oneHot, tidy, type Tensor } from '@nabla/tensor-core';
import { checkReduction, reduceLoss, type LossOptions } from './reduction.js';
import { assertClassLabels, assertFloatInput } from './validate.js';

/** Options for crossEntropy(). */
export interface CrossEntropyOptions extends LossOptions {
  /** Mix the target with the uniform distribution: q = (1 − ε)·target + ε/C (default 0). */
  readonly labelSmoothing?: number;
}

/**
 * −Σ_c q_c · log softmax(logits)_c per row of `logits` [N, C], where q is the one-hot of int32
 * `target` [N] or the float `target` [N, C] itself (one-hot or probabilities). The log-softmax is
 * computed as x − logsumexp(x), so large logits do not overflow. Reduction is over the N rows.
 *
 * @example
 * ```ts
 * import { crossEntropy } from '@nabla/optim';
 * import { tensor } from '@nabla/tensor-core';
 *
 * const logits = tensor([[2, 0, 0], [0, 0, 3]]);          // [N, C]
 * const classes = tensor([0, 2], [2], 'int32');           // [N] class indices
 * const loss = crossEntropy(logits, classes);             // scalar: mean over the batch
 * const smoothed = crossEntropy(logits, classes, { labelSmoothing: 0.1 });
 * ```
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  const reduction = options.reduction ?? 'mean';
  const smoothing = options.labelSmoothing ?? 0;
  checkReduction(op, reduction);
  if (!(smoothing >= 0 && smoothing <= 1)) throw new ArgumentError(op, `labelSmoothing must be in [0, 1], got ${smoothing}`);
  assertFloatInput(op, 'logits', logits);
  if (logits.rank !== 2) throw new ShapeError(op, `logits must be [N, C], got ${fmtShape(logits.shape)}`);
  const classes = logits.shape[1];
  if (target.dtype === 'int32') assertClassLabels(op, logits, target);
  else {
    assertFloatInput(op, 'target', target);
    if (target.rank !== 2 || target.shape[0] !== logits.shape[0] || target.shape[1] !== classes) {
      throw new ShapeError(op, `target ${fmtShape(target.shape)} must be int32 [N] labels or float [N, C] = ${fmtShape(logits.shape)} probabilities`);
    }
    if (target.dtype !== logits.dtype) throw new DTypeError(op, `target ${target.dtype} and logits ${logits.dtype} must have the same dtype`);
  }
  return tidy(() => {
    let q = target.dtype === 'int32' ? oneHot(target, classes).cast(logits.dtype) : target;
    if (smoothing > 0) q = q.mul(1 - smoothing).add(smoothing / classes);
    const perRow = q.mul(logits.logSoftmax(1)).sum(1).neg();
    return reduceLoss(perRow, reduction);
  });
}
