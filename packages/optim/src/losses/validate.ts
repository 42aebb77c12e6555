/** Input checks shared by the losses: float dtypes, matching shapes, integer class labels. */
import { ArgumentError, DTypeError, ShapeError, findIndexOutside, fmtShape, type Tensor } from '@nabla/tensor-core';

/** Throws a DTypeError naming `loss` unless `t` is float32 or float64. */
export function assertFloatInput(loss: string, what: string, t: Tensor): void {
  t.assertAlive(loss);
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new DTypeError(loss, `${what} must be float32 or float64, got ${t.dtype} ${fmtShape(t.shape)}`);
  }
}

/** Throws unless `input` and `target` are float tensors of identical shape and dtype. */
export function assertSameShapeFloat(loss: string, input: Tensor, target: Tensor): void {
  assertFloatInput(loss, 'input', input);
  assertFloatInput(loss, 'target', target);
  if (input.shape.length !== target.shape.length || input.shape.some((d, i) => d !== target.shape[i])) {
    throw new ShapeError(loss, `input ${fmtShape(input.shape)} and target ${fmtShape(target.shape)} must have the same shape`);
  }
  if (input.dtype !== target.dtype) {
    throw new DTypeError(loss, `input ${input.dtype} and target ${target.dtype} must have the same dtype`);
  }
}

/** Throws unless `scores` is [N, C] float and `labels` is int32 [N] with every label in [0, C). */
export function assertClassLabels(loss: string, scores: Tensor, labels: Tensor): void {
  assertFloatInput(loss, 'input', scores);
  labels.assertAlive(loss);
  if (scores.rank !== 2) throw new ShapeError(loss, `input must be [N, C], got ${fmtShape(scores.shape)}`);
  if (labels.dtype !== 'int32') throw new DTypeError(loss, `class labels must be int32, got ${labels.dtype} ${fmtShape(labels.shape)}`);
  if (labels.rank !== 1 || labels.shape[0] !== scores.shape[0]) {
    throw new ShapeError(loss, `labels ${fmtShape(labels.shape)} must be [N] = [${scores.shape[0]}] for input ${fmtShape(scores.shape)}`);
  }
  // asynchronous backends cannot be checked without a stall ('unreadable'): out-of-range rows select nothing
  const outside = labels.size === 0 ? null : findIndexOutside(labels, scores.shape[1]);
  if (outside !== null && outside !== 'unreadable') {
    throw new ArgumentError(loss, `label ${outside.value} at position ${outside.position} is out of range [0, ${scores.shape[1]})`);
  }
}
