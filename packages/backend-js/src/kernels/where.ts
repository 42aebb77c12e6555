/** Elementwise select `cond ? a : b` with three-way broadcasting. */
import type { TypedArray } from '@nabla/tensor-core';
import { sizeOf } from '@nabla/tensor-core';
import { allocLike } from '../util/typed_array.js';
import { broadcastIndexMap, isIdentityBroadcast } from '../util/broadcast.js';

/** out = cond ? a : b, each operand broadcast to `outShape`; output has a's array type. */
export function whereKernel(
  cond: Uint8Array | TypedArray, condShape: readonly number[],
  a: TypedArray, aShape: readonly number[],
  b: TypedArray, bShape: readonly number[],
  outShape: readonly number[],
): TypedArray {
  const size = sizeOf(outShape);
  const out = allocLike(a, size);
  if (size === 0) return out;
  if (isIdentityBroadcast(condShape, outShape) && isIdentityBroadcast(aShape, outShape) && isIdentityBroadcast(bShape, outShape)) {
    for (let i = 0; i < size; i++) out[i] = cond[i] !== 0 ? a[i] : b[i];
    return out;
  }
  const ci = broadcastIndexMap(condShape, outShape);
  const ai = broadcastIndexMap(aShape, outShape);
  const bi = broadcastIndexMap(bShape, outShape);
  for (let i = 0; i < size; i++) out[i] = cond[ci[i]] !== 0 ? a[ai[i]] : b[bi[i]];
  return out;
}
