/** Tensor values on the host, as stored in a safetensors buffer. */
import type { DType, TypedArray } from '@nabla/tensor-core';

/** A dtype, a shape and the values (row-major) of one tensor, independent of any backend. */
export interface HostTensor {
  /** Element type; `data` is the matching typed array (bool: Uint8Array of 0/1). */
  readonly dtype: DType;
  /** Dimensions; their product is `data.length`. */
  readonly shape: readonly number[];
  /** The values in row-major order. */
  readonly data: TypedArray;
}

/** Host tensors by name plus the string-to-string metadata of a safetensors buffer. */
export interface SafetensorsContents<T> {
  /** Tensors by name, in the order the file lists them. */
  readonly tensors: Record<string, T>;
  /** The header's `__metadata__` entries (empty when there are none). */
  readonly metadata: Record<string, string>;
}
