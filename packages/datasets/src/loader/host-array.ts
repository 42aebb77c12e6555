/** Numeric typed arrays a dataset may store on the host. */
export type NumericArray =
  | Float32Array | Float64Array | Int32Array | Int16Array | Int8Array
  | Uint8Array | Uint8ClampedArray | Uint16Array | Uint32Array;

/** A dense row-major host array: `data.length === product(shape)`; axis 0 indexes samples. */
export interface HostArray<T extends NumericArray = NumericArray> {
  /** The values in row-major order. */
  readonly data: T;
  /** Dimensions, axis 0 first; their product is `data.length`. */
  readonly shape: readonly number[];
}

/** Product of a shape's dimensions (1 for a scalar): tensor-core's `sizeOf`, kept under this name. */
export { sizeOf as shapeSize } from '@nabla/tensor-core';

/** True when `value` is one of the {@link NumericArray} typed arrays. */
export function isNumericArray(value: unknown): value is NumericArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array);
}
