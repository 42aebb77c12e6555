/** Element types, their host arrays, promotion and checks. */
import { DTypeError } from './errors.js';

/** Element types a tensor can hold. `float64` exists only on backends that report `supportsFloat64`. */
export type DType = 'float32' | 'int32' | 'bool' | 'float64';

/** The typed array that stores each dtype on the host. */
export interface DTypeArrayMap {
  /** 32-bit floats. */
  float32: Float32Array;
  /** 32-bit signed integers. */
  int32: Int32Array;
  /** One byte per element, 0 (false) or 1 (true). */
  bool: Uint8Array;
  /** 64-bit floats (only on backends with supportsFloat64). */
  float64: Float64Array;
}

/** Any typed array Nabla hands out or accepts. */
export type TypedArray = Float32Array | Int32Array | Uint8Array | Float64Array;

/** Bytes per element for each dtype. */
export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  float64: 8,
};

/** Allocate a zeroed host array of the dtype's array type. */
export function allocHostArray<D extends DType>(dtype: D, size: number): DTypeArrayMap[D] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size) as DTypeArrayMap[D];
    case 'int32':
      return new Int32Array(size) as DTypeArrayMap[D];
    case 'bool':
      return new Uint8Array(size) as DTypeArrayMap[D];
    case 'float64':
      return new Float64Array(size) as DTypeArrayMap[D];
  }
  throw new DTypeError('allocHostArray', `unknown dtype '${String(dtype)}'`);
}

const RANK: Readonly<Record<DType, number>> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** The dtype both operands are promoted to by arithmetic (bool < int32 < float32 < float64). */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** True for float32 and float64. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** True when `value` names a dtype. */
export function isDType(value: unknown): value is DType {
  return value === 'float32' || value === 'int32' || value === 'bool' || value === 'float64';
}
