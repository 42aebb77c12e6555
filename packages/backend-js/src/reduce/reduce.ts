/** Reductions (sum, prod, max, min, any, all) over any set of axes. */
import type { DType, ReduceOp, TypedArray } from '@nabla/tensor-core';
import { sizeOf } from '@nabla/tensor-core';
import { allocArray } from '../storage/typed-array.js';
import { sizeBetween } from '@nabla/tensor-core/kernel-kit';
import { transposeKernel } from '../movement/transpose.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** The value an empty reduction yields. */
function identity(op: ReduceOp, dtype: DType): number {
  switch (op) {
    case 'sum': return 0;
    case 'prod': return 1;
    case 'max': return dtype === 'int32' ? INT32_MIN : dtype === 'bool' ? 0 : -Infinity;
    case 'min': return dtype === 'int32' ? INT32_MAX : dtype === 'bool' ? 1 : Infinity;
    case 'any': return 0;
    case 'all': return 1;
  }
}

/** Combine the accumulator with one value. NaN propagates through max/min. */
function combine(op: ReduceOp, isInt: boolean, acc: number, v: number): number {
  switch (op) {
    case 'sum': return isInt ? (acc + v) | 0 : acc + v;
    case 'prod': return isInt ? Math.imul(acc, v) : acc * v;
    case 'max': return v > acc || v !== v ? v : acc;
    case 'min': return v < acc || v !== v ? v : acc;
    case 'any': return acc !== 0 || v !== 0 ? 1 : 0;
    case 'all': return acc !== 0 && v !== 0 ? 1 : 0;
  }
}

/**
 * Reduce `x` (of `shape`, `dtype`) over `axes` (sorted, unique) into `outShape` (shape without
 * them). Contiguous axis runs are reduced in place as [outer, reduced, inner]; scattered axes are
 * first moved to the end.
 */
export function reduceKernel(
  op: ReduceOp, x: TypedArray, shape: readonly number[], dtype: DType, axes: readonly number[], outShape: readonly number[],
): TypedArray {
  const outDType: DType = op === 'any' || op === 'all' ? 'bool' : dtype;
  const outSize = sizeOf(outShape);
  const out = allocArray(outDType, outSize);
  if (outSize === 0) return out;
  if (axes.length === 0) {
    // nothing to reduce: copy, but bool results must test != 0 before the Uint8 store truncates
    if (outDType === 'bool') for (let i = 0; i < outSize; i++) out[i] = x[i] !== 0 ? 1 : 0;
    else out.set(x);
    return out;
  }
  let src = x;
  let first = axes[0];
  let last = axes[axes.length - 1];
  if (last - first + 1 !== axes.length) {
    // gather the reduced axes at the end so they form one contiguous run
    const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const perm = [...kept, ...axes];
    const moved = perm.map((p) => shape[p]);
    src = transposeKernel(x, shape, perm, moved);
    shape = moved;
    first = kept.length;
    last = shape.length - 1;
  }
  const outer = sizeBetween(shape, 0, first);
  const reduced = sizeBetween(shape, first, last + 1);
  const inner = sizeBetween(shape, last + 1, shape.length);
  reduceBlocks(op, dtype === 'int32', src, outer, reduced, inner, identity(op, dtype), out);
  return out;
}

/** out[o, i] = reduce over r of src[o, r, i]. */
function reduceBlocks(
  op: ReduceOp, isInt: boolean, src: TypedArray, outer: number, reduced: number, inner: number,
  init: number, out: TypedArray,
): void {
  // float sum, max and min get their own loops (softmax, norms, losses); the rest go through `combine`
  const fast = op === 'sum' ? (isInt ? null : 'sum') : op === 'max' || op === 'min' ? op : null;
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let acc = init;
      const base = o * reduced;
      const end = base + reduced;
      if (fast === 'sum') {
        for (let r = base; r < end; r++) acc += src[r];
      } else if (fast === 'max') {
        for (let r = base; r < end; r++) { const v = src[r]; if (v > acc || v !== v) acc = v; }
      } else if (fast === 'min') {
        for (let r = base; r < end; r++) { const v = src[r]; if (v < acc || v !== v) acc = v; }
      } else {
        for (let r = base; r < end; r++) acc = combine(op, isInt, acc, src[r]);
      }
      out[o] = acc;
    }
    return;
  }
  // accumulate whole inner rows so reads stay contiguous
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(init);
    for (let r = 0; r < reduced; r++) {
      const base = (o * reduced + r) * inner;
      if (fast === 'sum') {
        for (let i = 0; i < inner; i++) acc[i] += src[base + i];
      } else if (fast === 'max') {
        for (let i = 0; i < inner; i++) { const v = src[base + i]; if (v > acc[i] || v !== v) acc[i] = v; }
      } else if (fast === 'min') {
        for (let i = 0; i < inner; i++) { const v = src[base + i]; if (v < acc[i] || v !== v) acc[i] = v; }
      } else {
        for (let i = 0; i < inner; i++) acc[i] = combine(op, isInt, acc[i], src[base + i]);
      }
    }
    out.set(acc, o * inner);
  }
}
