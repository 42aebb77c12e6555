/** Choosing and bounding values: where and clip. */
import { promoteTypes, type DType } from '../dtype.js';
import { tidy } from '../engine.js';
import { ArgumentError, DTypeError, fmtShape } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { cast } from './cast.js';
import { checkAllocation } from '../allocation.js';
import { clipProgram, whereProgram } from '../elementwise/programs.js';
import { describeValue } from '../describe-value.js';
import { elementwiseResult } from '../fusion/defer.js';
import { backendOf, runElementwise } from './run.js';
import { dtypeForNumber, scalarOn } from './scalar-operand.js';

/** cond ? a : b elementwise: cond [C] (bool), a [A], b [B] → [broadcast(C, A, B)]. Gradient flows to the chosen side. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const tensors = [cond, a, b].filter((v): v is Tensor => typeof v !== 'number');
  const backend = backendOf('where', tensors);
  if (cond.dtype !== 'bool') throw new DTypeError('where', `condition must be bool, got ${cond.dtype} ${fmtShape(cond.shape)}`);
  return tidy(() => {
    const dtypeOf = (v: TensorLike, other: TensorLike): DType =>
      typeof v === 'number' ? dtypeForNumber(v, typeof other === 'number' ? undefined : other.dtype) : v.dtype;
    const dtype = promoteTypes(dtypeOf(a, b), dtypeOf(b, a));
    const lift = (v: TensorLike): Tensor => (typeof v === 'number' ? scalarOn(backend, v, dtype) : v.dtype === dtype ? v : cast(v, dtype));
    const x = lift(a);
    const y = lift(b);
    const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, x.shape), y.shape);
    checkAllocation('where', backend, shape, dtype);
    return runElementwise('where', [cond, x, y], {}, () => elementwiseResult('where', backend, whereProgram(dtype), [cond, x, y], shape, dtype));
  });
}

/** min(max(x, lo), hi), x [...] → same shape; the gradient is 1 inside [lo, hi] (inclusive) and 0 outside. */
export function clip(x: Tensor, lo: number, hi: number): Tensor {
  const backend = backendOf('clip', [x]);
  if (typeof lo !== 'number' || typeof hi !== 'number') throw new ArgumentError('clip', `lo and hi must be numbers, got ${describeValue(lo)} and ${describeValue(hi)}`);
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) throw new ArgumentError('clip', `need lo <= hi, got lo=${lo} hi=${hi}`);
  return runElementwise('clip', [x], { lo, hi }, () => elementwiseResult('clip', backend, clipProgram(x.dtype, lo, hi), [x], x.shape, x.dtype));
}
