import { DTypeError, fmtShape, type DType } from '@nabla/tensor-core';

/** Throw unless `dtype` is float32 or float64 (GEMM-based kernels compute in floats only). */
export function requireFloat(op: string, dtype: DType, shape: readonly number[]): void {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new DTypeError(op, `the wasm backend needs float32 or float64 operands, got ${dtype} ${fmtShape(shape)}`);
  }
}
