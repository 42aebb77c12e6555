/** Elementwise unary kernel: one tight loop per op, over any dtype's array. */
import type { DType, TypedArray, UnaryOp } from '@nabla/tensor-core';
import { allocArray, convertArray } from '../util/typed_array.js';
import { erf } from '../util/erf.js';

/** Output dtype: bool for the predicates, the input dtype otherwise. */
function outDType(op: UnaryOp, dtype: DType): DType {
  return op === 'logicalNot' || op === 'isNaN' || op === 'isFinite' ? 'bool' : dtype;
}

/** Round half to even (banker's rounding), like NumPy's `round`. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  // Math.round rounds .5 up; step back to the even neighbour on exact ties
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Numerically stable log(1 + exp(v)). */
function softplus(v: number): number {
  return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
}

/** Numerically stable logistic function. */
function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** Apply `op` to every element of `x` (of `dtype`) into a new array. */
export function unaryKernel(op: UnaryOp, x: TypedArray, dtype: DType): TypedArray {
  const n = x.length;
  // arithmetic on bool runs in float64, then stores `!= 0` (a Uint8 store would truncate 0.5 to 0)
  const boolArithmetic = dtype === 'bool' && outDType(op, dtype) === 'bool' && op !== 'logicalNot';
  const out = boolArithmetic ? new Float64Array(n) : allocArray(outDType(op, dtype), n);
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]; break;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]); break;
    case 'sign': for (let i = 0; i < n; i++) out[i] = Math.sign(x[i]); break;
    case 'square':
      if (dtype === 'int32') for (let i = 0; i < n; i++) out[i] = Math.imul(x[i], x[i]);
      else for (let i = 0; i < n; i++) out[i] = x[i] * x[i];
      break;
    case 'reciprocal': for (let i = 0; i < n; i++) out[i] = 1 / x[i]; break;
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]); break;
    case 'expm1': for (let i = 0; i < n; i++) out[i] = Math.expm1(x[i]); break;
    case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]); break;
    case 'log1p': for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]); break;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]); break;
    case 'rsqrt': for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]); break;
    case 'sin': for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]); break;
    case 'cos': for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]); break;
    case 'tan': for (let i = 0; i < n; i++) out[i] = Math.tan(x[i]); break;
    case 'asin': for (let i = 0; i < n; i++) out[i] = Math.asin(x[i]); break;
    case 'acos': for (let i = 0; i < n; i++) out[i] = Math.acos(x[i]); break;
    case 'atan': for (let i = 0; i < n; i++) out[i] = Math.atan(x[i]); break;
    case 'sinh': for (let i = 0; i < n; i++) out[i] = Math.sinh(x[i]); break;
    case 'cosh': for (let i = 0; i < n; i++) out[i] = Math.cosh(x[i]); break;
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]); break;
    case 'asinh': for (let i = 0; i < n; i++) out[i] = Math.asinh(x[i]); break;
    case 'acosh': for (let i = 0; i < n; i++) out[i] = Math.acosh(x[i]); break;
    case 'atanh': for (let i = 0; i < n; i++) out[i] = Math.atanh(x[i]); break;
    case 'sigmoid': for (let i = 0; i < n; i++) out[i] = sigmoid(x[i]); break;
    case 'softplus': for (let i = 0; i < n; i++) out[i] = softplus(x[i]); break;
    // NaN fails `v > 0`, so relu must test explicitly to keep NaN
    case 'relu': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 || v !== v ? v : 0; } break;
    case 'step': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v >= 0 ? 1 : v !== v ? v : 0; } break;
    case 'erf': for (let i = 0; i < n; i++) out[i] = erf(x[i]); break;
    case 'floor': for (let i = 0; i < n; i++) out[i] = Math.floor(x[i]); break;
    case 'ceil': for (let i = 0; i < n; i++) out[i] = Math.ceil(x[i]); break;
    case 'round': for (let i = 0; i < n; i++) out[i] = roundHalfEven(x[i]); break;
    case 'trunc': for (let i = 0; i < n; i++) out[i] = Math.trunc(x[i]); break;
    case 'logicalNot': for (let i = 0; i < n; i++) out[i] = x[i] === 0 ? 1 : 0; break;
    case 'isNaN': for (let i = 0; i < n; i++) out[i] = x[i] !== x[i] ? 1 : 0; break;
    case 'isFinite': for (let i = 0; i < n; i++) out[i] = Number.isFinite(x[i]) ? 1 : 0; break;
  }
  return boolArithmetic ? convertArray(out, 'bool') : out;
}
