/**
 * Elementwise binary kernel with NumPy broadcasting. Fast paths for equal shapes, a scalar
 * operand and a row broadcast; everything else walks the output row by row with strides.
 */
import type { BinaryOp, DType, TypedArray } from '@nabla/tensor-core';
import { sizeOf } from '@nabla/tensor-core';
import { allocArray, convertArray } from '../util/typed_array.js';
import { broadcastStrides, forEachBroadcastRow, isIdentityBroadcast } from '../util/broadcast.js';

const BOOL_OUT = new Set<BinaryOp>([
  'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr', 'logicalXor',
]);

/** Floored modulo of floats (sign of the divisor), like Python's `%`. */
function floatMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

/** Floored modulo of int32 values; modulo by zero gives 0. */
function intMod(a: number, b: number): number {
  if (b === 0) return 0;
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

/** Floored division of int32 values; division by zero gives 0 (the store wraps -2^31 / -1). */
function intFloorDiv(a: number, b: number): number {
  return b === 0 ? 0 : Math.floor(a / b);
}

/**
 * out[o + i] = a[ai] op b[bi] for i < len, with ai/bi advancing by aStep/bStep (0 broadcasts).
 * One loop per op so each stays monomorphic and inlines its arithmetic.
 */
function binaryRow(
  op: BinaryOp, isInt: boolean, out: TypedArray, o: number,
  a: TypedArray, ai: number, aStep: number, b: TypedArray, bi: number, bStep: number, len: number,
): void {
  const end = o + len;
  switch (op) {
    case 'add': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] + b[bi]; break;
    case 'sub': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] - b[bi]; break;
    case 'mul':
      if (isInt) for (; o < end; o++, ai += aStep, bi += bStep) out[o] = Math.imul(a[ai], b[bi]);
      else for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] * b[bi];
      break;
    case 'div': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] / b[bi]; break;
    case 'pow': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = Math.pow(a[ai], b[bi]); break;
    case 'maximum': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = Math.max(a[ai], b[bi]); break;
    case 'minimum': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = Math.min(a[ai], b[bi]); break;
    case 'mod':
      if (isInt) for (; o < end; o++, ai += aStep, bi += bStep) out[o] = intMod(a[ai], b[bi]);
      else for (; o < end; o++, ai += aStep, bi += bStep) out[o] = floatMod(a[ai], b[bi]);
      break;
    case 'floorDiv':
      if (isInt) for (; o < end; o++, ai += aStep, bi += bStep) out[o] = intFloorDiv(a[ai], b[bi]);
      else for (; o < end; o++, ai += aStep, bi += bStep) out[o] = Math.floor(a[ai] / b[bi]);
      break;
    case 'atan2': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = Math.atan2(a[ai], b[bi]); break;
    case 'equal': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] === b[bi] ? 1 : 0; break;
    case 'notEqual': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] !== b[bi] ? 1 : 0; break;
    case 'less': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] < b[bi] ? 1 : 0; break;
    case 'lessEqual': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] <= b[bi] ? 1 : 0; break;
    case 'greater': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] > b[bi] ? 1 : 0; break;
    case 'greaterEqual': for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] >= b[bi] ? 1 : 0; break;
    case 'logicalAnd':
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] !== 0 && b[bi] !== 0 ? 1 : 0;
      break;
    case 'logicalOr':
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] !== 0 || b[bi] !== 0 ? 1 : 0;
      break;
    case 'logicalXor':
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = (a[ai] !== 0) !== (b[bi] !== 0) ? 1 : 0;
      break;
  }
}

/** `a op b` broadcast to `outShape`; both operands share `dtype`. */
export function binaryKernel(
  op: BinaryOp, a: TypedArray, aShape: readonly number[], b: TypedArray, bShape: readonly number[],
  dtype: DType, outShape: readonly number[],
): TypedArray {
  const size = sizeOf(outShape);
  // arithmetic on bool operands runs in float64, then stores `!= 0` (a Uint8 store would truncate 0.5 to 0)
  const boolArithmetic = dtype === 'bool' && !BOOL_OUT.has(op);
  const out = boolArithmetic ? new Float64Array(size) : allocArray(BOOL_OUT.has(op) ? 'bool' : dtype, size);
  if (size === 0) return out;
  const isInt = dtype === 'int32';
  const aFull = isIdentityBroadcast(aShape, outShape);
  const bFull = isIdentityBroadcast(bShape, outShape);
  if (aFull && bFull) {
    binaryRow(op, isInt, out, 0, a, 0, 1, b, 0, 1, size);
  } else if (aFull && b.length === 1) {
    binaryRow(op, isInt, out, 0, a, 0, 1, b, 0, 0, size);
  } else if (bFull && a.length === 1) {
    binaryRow(op, isInt, out, 0, a, 0, 0, b, 0, 1, size);
  } else if (aFull && isTrailingRow(bShape, outShape)) {
    const len = b.length;
    for (let o = 0; o < size; o += len) binaryRow(op, isInt, out, o, a, o, 1, b, 0, 1, len);
  } else if (bFull && isTrailingRow(aShape, outShape)) {
    const len = a.length;
    for (let o = 0; o < size; o += len) binaryRow(op, isInt, out, o, a, 0, 1, b, o, 1, len);
  } else {
    const aStrides = broadcastStrides(aShape, outShape);
    const bStrides = broadcastStrides(bShape, outShape);
    forEachBroadcastRow(outShape, aStrides, bStrides, (o, ai, aStep, bi, bStep, len) => {
      binaryRow(op, isInt, out, o, a, ai, aStep, b, bi, bStep, len);
    });
  }
  return boolArithmetic ? convertArray(out, 'bool') : out;
}

/**
 * True when `shape` broadcasts as one repeated row: after dropping leading 1s it equals the
 * trailing dims of `outShape` (e.g. a bias [C] against [N, C]).
 */
function isTrailingRow(shape: readonly number[], outShape: readonly number[]): boolean {
  let start = 0;
  while (start < shape.length && shape[start] === 1) start++;
  const rest = shape.length - start;
  if (rest === 0) return false;
  const offset = outShape.length - rest;
  for (let i = 0; i < rest; i++) if (shape[start + i] !== outShape[offset + i]) return false;
  return true;
}
