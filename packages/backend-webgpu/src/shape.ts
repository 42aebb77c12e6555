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

/**
 * The fewest axes describing how `inShapes` broadcast to `outShape` (see {@link collapseAxes});
 * e.g. a [C, 1, 1] bias over [N, C, H, W] becomes [N, C, H·W].
 */
export function collapseBroadcast(inShapes: readonly (readonly number[])[], outShape: readonly number[]): { shape: number[]; strides: number[][] } {
  return collapseAxes(outShape, inShapes.map((s) => broadcastStrides(s, outShape)));
}

/**
 * The fewest axes walking `shape` with per-input `strides`: size-1 axes are dropped and
 * neighbouring axes merged wherever every input walks them as one run (its stride on the outer
 * axis equals its stride × extent on the inner one, 0 and 0 included), so each index costs fewer
 * divisions.
 */
export function collapseAxes(shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  shape.forEach((dim, d) => {
    if (dim === 1) return;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((st, k) => outStrides[k][last] === st[d] * dim)) {
      outShape[last] *= dim;
      strides.forEach((st, k) => (outStrides[k][last] = st[d]));
    } else {
      outShape.push(dim);
      strides.forEach((st, k) => outStrides[k].push(st[d]));
    }
  });
  return { shape: outShape, strides: outStrides };
}
