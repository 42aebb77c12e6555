/** Running an elementwise program over broadcast inputs on host arrays. */
import { programConstants, programOutDType, sizeOf, type ElementwiseProgram, type StridedView, type TypedArray } from '@nabla/tensor-core';
import { broadcastStrides, coalesce } from '@nabla/tensor-core/kernel-kit';
import { allocArray } from '../storage/typed-array.js';
import { compileRow, strideClass, type RowFn } from './compile-row.js';

/**
 * Row functions per program key, each keyed by the inner stride classes packed into one number
 * (stridesKey). Programs carry interned key strings (the per-op programs are cached objects, fused
 * programs take their key from fusion's key trie), so the lookup hashes no string per call.
 */
const rowsByKey = new Map<string, Map<number, RowFn>>();

/** The inner stride classes ('0', '1', 'n') of every input packed base 3 into one number. */
function stridesKey(innerStrides: readonly number[]): number {
  let key = 0;
  for (let i = innerStrides.length - 1; i >= 0; i--) {
    const s = innerStrides[i];
    key = key * 3 + (s === 0 ? 0 : s === 1 ? 1 : 2);
  }
  return key;
}

/**
 * The cached row function of `program` for the given inner strides. Looked up on every kernel
 * call, so it builds no string and no array on a hit (programs are cached objects in tensor-core).
 */
function rowFor(program: ElementwiseProgram, innerStrides: readonly number[]): RowFn {
  let rows = rowsByKey.get(program.key);
  if (rows === undefined) {
    rows = new Map<number, RowFn>();
    rowsByKey.set(program.key, rows);
  }
  const key = stridesKey(innerStrides);
  let row = rows.get(key);
  if (row === undefined) {
    row = compileRow(program, innerStrides.map(strideClass));
    rows.set(key, row);
  }
  return row;
}

/**
 * Evaluate `program` over `inputs` (with their shapes, each read contiguously or through its strided
 * view) broadcast to `outShape`: the output space is coalesced to as few axes as possible and
 * walked one innermost row at a time.
 */
export function runProgram(
  program: ElementwiseProgram, inputs: readonly TypedArray[], shapes: readonly (readonly number[])[], outShape: readonly number[],
  views: readonly (StridedView | undefined)[] = [],
): TypedArray {
  const size = sizeOf(outShape);
  const out = allocArray(programOutDType(program), size);
  if (size === 0) return out;
  const { dims, strides } = coalesce(outShape, shapes.map((s, k) => broadcastStrides(s, outShape, views[k]?.strides)));
  const rank = dims.length;
  const last = rank - 1;
  const len = dims[last];
  const inner = strides.map((s) => s[last]);
  const row = rowFor(program, inner);
  const consts = programConstants(program);
  const offsets = inputs.map((_, k) => views[k]?.offset ?? 0);
  if (rank === 1) {
    row(out, 0, len, inputs, offsets, inner, consts);
    return out;
  }
  const counter = new Array<number>(rank).fill(0);
  for (let o = 0; o < size; o += len) {
    row(out, o, len, inputs, offsets, inner, consts);
    // advance the odometer over the outer axes
    for (let ax = last - 1; ax >= 0; ax--) {
      counter[ax]++;
      for (let k = 0; k < offsets.length; k++) offsets[k] += strides[k][ax];
      if (counter[ax] < dims[ax]) break;
      for (let k = 0; k < offsets.length; k++) offsets[k] -= strides[k][ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return out;
}
