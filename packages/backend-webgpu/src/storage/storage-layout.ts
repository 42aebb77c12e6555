import type { DType, TypedArray } from '@nabla/tensor-core';
import { WebGPUDTypeError } from '../errors.js';

/**
 * Storage layout: every element occupies one 32-bit word.
 * float32 → `f32`, int32 → `i32`, bool → `u32` holding exactly 0 or 1. float64 is not stored.
 */
export type StorageType = 'f32' | 'i32' | 'u32';

/** Bytes of GPU memory per element, for every storable dtype. */
export const BYTES_PER_WORD = 4;

/** WGSL element type that stores `dtype`; throws for float64. */
export function storageType(dtype: DType, op: string): StorageType {
  switch (dtype) {
    case 'float32':
      return 'f32';
    case 'int32':
      return 'i32';
    case 'bool':
      return 'u32';
    case 'float64':
      throw new WebGPUDTypeError(op, `dtype '${dtype}' is not supported by the 'webgpu' backend (supportsFloat64 is false)`);
  }
}

/** WGSL type arithmetic kernels compute in: f32 for float32, i32 for int32 and bool. */
export function computeType(dtype: DType, op: string): 'f32' | 'i32' {
  return storageType(dtype, op) === 'f32' ? 'f32' : 'i32';
}

/** WGSL expression turning a stored value `expr` into the compute type. */
export function loadAsCompute(dtype: DType, expr: string): string {
  return dtype === 'bool' ? `i32(${expr})` : expr;
}

/** WGSL expression turning a compute-type value `expr` into the stored representation of `dtype`. */
export function storeFromCompute(dtype: DType, expr: string): string {
  return dtype === 'bool' ? `u32((${expr}) != 0)` : expr;
}

/** Host words to upload for `values` stored as `dtype`. */
export function toStorageWords(values: TypedArray, dtype: DType): Float32Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> {
  storageType(dtype, 'write');
  const plain = values.buffer instanceof ArrayBuffer;
  if (dtype === 'float32') return values instanceof Float32Array && plain ? (values as Float32Array<ArrayBuffer>) : Float32Array.from(values);
  if (dtype === 'int32') return values instanceof Int32Array && plain ? (values as Int32Array<ArrayBuffer>) : Int32Array.from(values);
  const words = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) words[i] = values[i] !== 0 ? 1 : 0;
  return words;
}

/** Host typed array of `dtype` decoded from raw GPU words. */
export function fromStorageWords(words: ArrayBuffer, size: number, dtype: DType): Float32Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return new Float32Array(words.slice(0, size * BYTES_PER_WORD));
  if (dtype === 'int32') return new Int32Array(words.slice(0, size * BYTES_PER_WORD));
  const raw = new Uint32Array(words, 0, size);
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = raw[i] !== 0 ? 1 : 0;
  return out;
}

/** The 32-bit word storing `value` as `dtype` (float bits, wrapped int32, or 0/1). */
export function scalarWord(value: number, dtype: DType, op: string): number {
  const type = storageType(dtype, op);
  if (type === 'f32') return new Uint32Array(new Float32Array([value]).buffer)[0];
  if (type === 'i32') return new Int32Array([value])[0] >>> 0;
  return value !== 0 ? 1 : 0;
}

/** Throw unless `dtype` is float32 (for float-only kernels such as convolution and pooling). */
export function requireFloat32(dtype: DType, op: string, shape: readonly number[]): void {
  if (dtype !== 'float32') {
    throw new WebGPUDTypeError(op, `expected a float32 tensor, got ${dtype} with shape [${shape.join(', ')}]`);
  }
}
