import type { DType } from '@nabla/tensor-core';

/** The DataId of the WebAssembly backend: a block of the shared heap holding `size` elements. */
export class WasmBuffer {
  /** Set once the buffer has been released. */
  disposed = false;

  constructor(
    /** Byte offset in the shared memory (0 for empty buffers, which own no block). */
    readonly ptr: number,
    /** Number of elements. */
    readonly size: number,
    /** Element type. */
    readonly dtype: DType,
    /** Bytes requested from the allocator (0 for empty buffers). */
    readonly byteLength: number,
  ) {}
}
