/**
 * writeSlice: overwrite a box of an existing tensor in place (a KV cache writes each new step
 * at its position instead of concatenating the whole prefix again).
 */
import { isRecording } from '../engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { describeValue } from '../describe-value.js';
import type { Tensor } from '../tensor.js';
import { flushFusion } from '../fusion/materialize.js';
import { backendOf } from './run.js';

/**
 * Overwrite, in place, the box of `target` starting at `begin` with `source`: target [...],
 * source [...] of the same rank and dtype, begin[i] + source.shape[i] ≤ target.shape[i].
 * Not recorded for autodiff (it throws while gradients are being recorded for either tensor);
 * every tensor sharing `target`'s storage sees the change.
 */
export function writeSlice(target: Tensor, source: Tensor, begin: readonly number[]): void {
  const op = 'writeSlice';
  const backend = backendOf(op, [target, source]);
  if (!Array.isArray(begin) || !begin.every((b) => Number.isInteger(b))) {
    throw new ArgumentError(op, `begin must be an array of integers, got ${describeValue(begin)}`);
  }
  const what = `target ${target.dtype} ${fmtShape(target.shape)}, source ${source.dtype} ${fmtShape(source.shape)}, begin [${begin.join(',')}]`;
  if (target.dtype !== source.dtype) throw new DTypeError(op, `target and source must share one dtype (${what})`);
  if (source.rank !== target.rank || begin.length !== target.rank) throw new ShapeError(op, `source and begin must have the target's rank ${target.rank} (${what})`);
  for (let d = 0; d < target.rank; d++) {
    if (begin[d] < 0 || begin[d] + source.shape[d] > target.shape[d]) throw new ShapeError(op, `the box is outside the target along axis ${d} (${what})`);
  }
  if (isRecording() && (target.requiresGrad || source.requiresGrad)) {
    throw new ArgumentError(op, `an in-place write cannot be differentiated; call it under noGrad or on tensors that do not require gradients (${what})`);
  }
  // deferred elementwise programs may still read the target's old values: run them first
  flushFusion();
  backend.writeSlice(target, source, begin);
  target.storage.indexBound = 0;
}
