/**
 * The one-op elementwise programs tensor-core sends to `Backend.elementwise`, as direct backend
 * calls: what every backend's kernel tests run (unary, binary, where, clip and cast).
 */
import { binaryProgram, castProgram, clipProgram, unaryProgram, whereProgram } from '@nabla/tensor-core';
import type { Backend, BinaryOp, DataId, DType, TensorInfo, UnaryOp } from '@nabla/tensor-core';

/** Run the one-op program of unary `op` on `x`. */
export function unaryK(b: Backend, op: UnaryOp, x: TensorInfo): DataId {
  return b.elementwise(unaryProgram(op, x.dtype), [x], x.shape);
}

/** Run the one-op program of binary `op` on `x` and `y` broadcast to `outShape`. */
export function binaryK(b: Backend, op: BinaryOp, x: TensorInfo, y: TensorInfo, outShape: readonly number[]): DataId {
  return b.elementwise(binaryProgram(op, x.dtype), [x, y], outShape);
}

/** Run `cond ? x : y` broadcast to `outShape`. */
export function whereK(b: Backend, cond: TensorInfo, x: TensorInfo, y: TensorInfo, outShape: readonly number[]): DataId {
  return b.elementwise(whereProgram(x.dtype), [cond, x, y], outShape);
}

/** Run clip(x, lo, hi). */
export function clipK(b: Backend, x: TensorInfo, lo: number, hi: number): DataId {
  return b.elementwise(clipProgram(x.dtype, lo, hi), [x], x.shape);
}

/** Run a cast of `x` to `dtype`. */
export function castK(b: Backend, x: TensorInfo, dtype: DType): DataId {
  return b.elementwise(castProgram(x.dtype, dtype), [x], x.shape);
}
