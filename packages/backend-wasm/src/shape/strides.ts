/**
 * Shape arithmetic @nabla/tensor-core does not export (it has `sizeOf` and `stridesOf`, which the
 * kernels import from there).
 */
import { stridesOf } from '@nabla/tensor-core';

/** Strides that read `inShape` broadcast (NumPy rules, right-aligned) to `outShape`: 0 on broadcast axes. */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const inStrides = stridesOf(inShape);
  const offset = outShape.length - inShape.length;
  return outShape.map((_dim, i) => {
    const j = i - offset;
    if (j < 0) return 0;
    return inShape[j] === 1 ? 0 : inStrides[j];
  });
}

/** Product of shape[from..to). */
export function sizeBetween(shape: readonly number[], from: number, to: number): number {
  let size = 1;
  for (let i = from; i < to; i++) size *= shape[i];
  return size;
}
