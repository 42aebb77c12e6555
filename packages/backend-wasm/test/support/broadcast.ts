import { numel, strides, unravel } from './close.js';

/** Flat index into an operand of `shape` for an output multi-index (NumPy right-aligned broadcasting). */
export function broadcastIndex(outIdx: readonly number[], shape: readonly number[]): number {
  const s = strides(shape);
  const offset = outIdx.length - shape.length;
  let flat = 0;
  for (let i = 0; i < shape.length; i++) flat += (shape[i] === 1 ? 0 : outIdx[i + offset]) * s[i];
  return flat;
}

/** Naive broadcast map over any number of operands. */
export function broadcastMap(
  operands: readonly { values: ArrayLike<number>; shape: readonly number[] }[],
  outShape: readonly number[],
  fn: (...xs: number[]) => number,
): number[] {
  const out: number[] = [];
  const sameShape = operands.every((o) => o.shape.length === outShape.length && o.shape.every((d, i) => d === outShape[i]));
  if (sameShape) {
    for (let i = 0; i < numel(outShape); i++) out.push(fn(...operands.map((o) => o.values[i])));
    return out;
  }
  for (let i = 0; i < numel(outShape); i++) {
    const idx = unravel(i, outShape);
    out.push(fn(...operands.map((o) => o.values[broadcastIndex(idx, o.shape)])));
  }
  return out;
}
