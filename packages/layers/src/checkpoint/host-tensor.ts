/** Tensor values on the host, as stored in a safetensors buffer. */
import type { DType, TypedArray } from '@nabla/tensor-core';

/** A dtype, a shape and the values (row-major) of one tensor, independent of any backend. */
export interface HostTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: TypedArray;
}

/** Host tensors by name plus the string-to-string metadata of a safetensors buffer. */
export interface SafetensorsContents<T> {
  readonly tensors: Record<string, T>;
  readonly metadata: Record<string, string>;
}
