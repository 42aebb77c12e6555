/** Broadcast geometry: how an input's elements map onto a (larger) output shape. */
import { sizeOf, stridesOf } from '@nabla/tensor-core';

/**
 * Strides of `inShape` seen through `outShape` under NumPy broadcasting: aligned to the
 * output's rank, 0 on every axis the input lacks or has size 1.
 */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(inShape);
  const offset = outShape.length - inShape.length;
  const strides = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < inShape.length; i++) {
    strides[i + offset] = inShape[i] === 1 ? 0 : own[i];
  }
  return strides;
}

/**
 * True when broadcasting `inShape` to `outShape` copies nothing: a broadcast never shrinks, so
 * equal sizes mean every expanded axis has size 1 and the elements keep their order.
 */
export function isIdentityBroadcast(inShape: readonly number[], outShape: readonly number[]): boolean {
  return sizeOf(inShape) === sizeOf(outShape);
}

/**
 * For every output element (row-major), the flat index of the input element it reads.
 * Used by kernels with several broadcast operands (where, broadcastTo).
 */
export function broadcastIndexMap(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const strides = broadcastStrides(inShape, outShape);
  const size = sizeOf(outShape);
  const map = new Int32Array(size);
  const rank = outShape.length;
  if (size === 0) return map;
  if (rank === 0) return map;
  const counter = new Array<number>(rank).fill(0);
  const last = rank - 1;
  const innerLen = outShape[last];
  const innerStride = strides[last];
  let base = 0;
  for (let o = 0; o < size; o += innerLen) {
    for (let j = 0, src = base; j < innerLen; j++, src += innerStride) map[o + j] = src;
    // advance the odometer over the outer axes
    for (let ax = last - 1; ax >= 0; ax--) {
      counter[ax]++;
      base += strides[ax];
      if (counter[ax] < outShape[ax]) break;
      base -= strides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return map;
}

/**
 * Visit the output of a two-operand broadcast one innermost row at a time: `visit` receives the
 * row's output offset and each operand's starting offset and step along the row.
 */
export function forEachBroadcastRow(
  outShape: readonly number[],
  aStrides: readonly number[],
  bStrides: readonly number[],
  visit: (outOffset: number, aOffset: number, aStep: number, bOffset: number, bStep: number, len: number) => void,
): void {
  const rank = outShape.length;
  const size = sizeOf(outShape);
  if (size === 0) return;
  if (rank === 0) {
    visit(0, 0, 0, 0, 0, 1);
    return;
  }
  const last = rank - 1;
  const len = outShape[last];
  const aStep = aStrides[last];
  const bStep = bStrides[last];
  const counter = new Array<number>(rank).fill(0);
  let aBase = 0;
  let bBase = 0;
  for (let o = 0; o < size; o += len) {
    visit(o, aBase, aStep, bBase, bStep, len);
    for (let ax = last - 1; ax >= 0; ax--) {
      counter[ax]++;
      aBase += aStrides[ax];
      bBase += bStrides[ax];
      if (counter[ax] < outShape[ax]) break;
      aBase -= aStrides[ax] * counter[ax];
      bBase -= bStrides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
}
