import type { NumericArray } from './host-array.js';

/** True for typed arrays holding floats (batched as float32); integer arrays batch as int32. */
export function isFloatArray(data: NumericArray | readonly number[]): boolean {
  return data instanceof Float32Array || data instanceof Float64Array || Array.isArray(data);
}

/** A zeroed batch buffer of the type a source array batches into. */
export function allocBatchArray(floating: boolean, size: number): Float32Array | Int32Array {
  return floating ? new Float32Array(size) : new Int32Array(size);
}
