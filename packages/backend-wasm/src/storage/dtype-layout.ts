import type { DType } from '@nabla/tensor-core';

const BYTES: Readonly<Record<DType, number>> = { float32: 4, int32: 4, bool: 1, float64: 8 };
const CODES: Readonly<Record<DType, number>> = { float32: 0, int32: 1, bool: 2, float64: 3 };
const SUFFIX: Readonly<Record<DType, 'f32' | 'i32' | 'u8' | 'f64'>> = { float32: 'f32', int32: 'i32', bool: 'u8', float64: 'f64' };

/** Bytes per element of a dtype in the WebAssembly heap. */
export function bytesPerElement(dtype: DType): number {
  return BYTES[dtype];
}

/** Numeric code of a dtype as the kernels expect it (0 float32, 1 int32, 2 bool, 3 float64). */
export function dtypeCode(dtype: DType): number {
  return CODES[dtype];
}

/** Suffix of the per-dtype kernel exports (unary_f32, binary_u8, ...). */
export function kernelSuffix(dtype: DType): 'f32' | 'i32' | 'u8' | 'f64' {
  return SUFFIX[dtype];
}
