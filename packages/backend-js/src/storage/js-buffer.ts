/** The DataId of the JS backend: a host typed array tagged with its dtype. */
import type { DType, TypedArray } from '@nabla/tensor-core';

/** A buffer owned by a {@link JsBackend}; `values` is never handed out, only copies of it. */
export class JsBuffer {
  /** Set once `disposeData` released the buffer. */
  disposed = false;
  constructor(
    /** The elements, in the array type of `dtype`. */
    public values: TypedArray,
    /** The dtype the elements are stored as. */
    readonly dtype: DType,
  ) {}
}
