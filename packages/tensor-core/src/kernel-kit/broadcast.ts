/** Broadcast geometry: how an input's elements map onto a (larger) output shape. */
import { stridesOf } from '../shape.js';

/**
 * Element strides of `inShape` read through `outShape` under NumPy broadcasting: aligned to the
 * output's rank (right-aligned), 0 on every axis the input lacks or has size 1. `own` are the
 * input's strides in its buffer (a strided view's; contiguous when omitted).
 */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[], own: readonly number[] = stridesOf(inShape)): number[] {
  const offset = outShape.length - inShape.length;
  const strides = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < inShape.length; i++) strides[i + offset] = inShape[i] === 1 ? 0 : own[i];
  return strides;
}

/** Product of `shape[from..to)` (1 when the range is empty). */
export function sizeBetween(shape: readonly number[], from: number, to: number): number {
  let n = 1;
  for (let i = from; i < to; i++) n *= shape[i];
  return n;
}
