/** dtype conversion. */
import type { DType, TypedArray } from '@nabla/tensor-core';
import { convertArray } from '../util/typed_array.js';

/** Convert `x` to `dtype`: float→int32 truncates toward zero, anything→bool is `!= 0`. */
export function castKernel(x: TypedArray, dtype: DType): TypedArray {
  return convertArray(x, dtype);
}
