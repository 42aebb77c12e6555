/** The safetensors dtype codes Nabla reads and writes. */
import type { DType } from '@nabla/tensor-core';

/** Safetensors dtype strings for each Nabla dtype. */
export const SAFETENSORS_DTYPE: Readonly<Record<DType, string>> = {
  float32: 'F32',
  float64: 'F64',
  int32: 'I32',
  bool: 'BOOL',
};

const FROM_CODE: ReadonlyMap<string, DType> = new Map(
  (Object.entries(SAFETENSORS_DTYPE) as [DType, string][]).map(([dtype, code]) => [code, dtype]),
);

/** The Nabla dtype for a safetensors dtype string, or undefined for codes Nabla has no dtype for. */
export function dtypeFromSafetensors(code: string): DType | undefined {
  return FROM_CODE.get(code);
}
