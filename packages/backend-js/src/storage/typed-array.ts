/** Allocation and conversion of the host arrays that hold each dtype. */
import { BYTES_PER_ELEMENT, OutOfMemoryError, currentOpName, formatBytes, type DType, type TypedArray } from '@nabla/tensor-core';

/**
 * A zeroed array of `size` elements of `dtype`'s array type; an OutOfMemoryError naming the op
 * when the engine refuses it (tensor-core's allocation limit normally refuses such sizes first).
 */
export function allocArray(dtype: DType, size: number): TypedArray {
  try {
    return newArray(dtype, size);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const bytes = size * BYTES_PER_ELEMENT[dtype];
    throw new OutOfMemoryError(currentOpName(), `the JavaScript engine refused ${size} ${dtype} elements (${formatBytes(bytes)}): ${error.message}`, bytes);
  }
}

function newArray(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}

/** A zeroed array of the same type and dtype as `like`. */
export function allocLike(like: TypedArray, size: number): TypedArray {
  if (like instanceof Float32Array) return new Float32Array(size);
  if (like instanceof Float64Array) return new Float64Array(size);
  if (like instanceof Int32Array) return new Int32Array(size);
  return new Uint8Array(size);
}

/** Rewrite every non-zero element of a bool array to exactly 1. */
export function normaliseBool(values: Uint8Array): Uint8Array {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) values[i] = 1;
  return values;
}

/** Copy `values` into a new array of `dtype`: float→int32 truncates toward zero, anything→bool is `!= 0`. */
export function convertArray(values: TypedArray, dtype: DType): TypedArray {
  const n = values.length;
  const out = allocArray(dtype, n);
  if (dtype === 'bool') {
    for (let i = 0; i < n; i++) out[i] = values[i] !== 0 ? 1 : 0;
  } else if (dtype === 'int32' && (values instanceof Float32Array || values instanceof Float64Array)) {
    // Int32Array stores apply ToInt32, which truncates toward zero (NaN and ±Infinity become 0).
    for (let i = 0; i < n; i++) out[i] = values[i];
  } else {
    out.set(values);
  }
  return out;
}
