/**
 * Shape arithmetic for the kernels' host-side parameter builders that @nabla/tensor-core does not
 * export (it has `sizeOf`, `stridesOf`, `shapesEqual`, which the kernels import from there).
 */
import { stridesOf } from '@nabla/tensor-core';

/** Strides of `inShape` aligned to the right of `outShape`, 0 along broadcast (size-1 or missing) axes. */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const inStrides = stridesOf(inShape);
  const offset = outShape.length - inShape.length;
  return outShape.map((_, i) => {
    const j = i - offset;
    return j < 0 || inShape[j] === 1 ? 0 : inStrides[j];
  });
}

/** Product of `shape[from..to)`. */
export function sizeBetween(shape: readonly number[], from: number, to: number): number {
  let n = 1;
  for (let i = from; i < to; i++) n *= shape[i];
  return n;
}
