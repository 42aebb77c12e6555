import type { DType } from '@nabla/tensor-core';

/** The backend's DataId: one pooled GPU buffer holding `size` elements of `dtype` (4 bytes each). */
export class GPUTensorData {
  /** Set once `disposeData` ran; any later use is an error. */
  disposed = false;

  constructor(
    readonly buffer: GPUBuffer,
    readonly size: number,
    readonly dtype: DType,
  ) {}
}

/** A kernel input: a resolved buffer with the logical shape and dtype it holds. */
export interface GPUInput {
  readonly buffer: GPUBuffer;
  readonly shape: readonly number[];
  readonly dtype: DType;
}
