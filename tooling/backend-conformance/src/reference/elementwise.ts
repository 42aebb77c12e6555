/** Float64 reference definitions of every unary and binary kernel, following backend.ts. */
import type { BinaryOp, UnaryOp } from '@nabla/tensor-core';
import { erf } from './erf.js';

/** Round half to even. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/** Stable log(1 + eˣ). */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Logistic function. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Every unary kernel in float64 (bool results as 0/1). */
export const UNARY_REFERENCE: Readonly<Record<UnaryOp, (x: number) => number>> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  sigmoid,
  softplus,
  relu: (x) => (x > 0 || Number.isNaN(x) ? x : 0),
  step: (x) => (x >= 0 ? 1 : 0),
  erf,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  trunc: Math.trunc,
  logicalNot: (x) => (x === 0 ? 1 : 0),
  isNaN: (x) => (Number.isNaN(x) ? 1 : 0),
  isFinite: (x) => (Number.isFinite(x) ? 1 : 0),
};

/** Floored modulo: the result takes the sign of the divisor (Python's %). */
export function flooredMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

const truth = (v: number): boolean => v !== 0;
const bool = (v: boolean): number => (v ? 1 : 0);
const nanMax = (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));
const nanMin = (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b));

/** Every binary kernel on float operands, in float64. */
export const BINARY_REFERENCE: Readonly<Record<BinaryOp, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: nanMax,
  minimum: nanMin,
  mod: flooredMod,
  floorDiv: (a, b) => Math.floor(a / b),
  atan2: Math.atan2,
  equal: (a, b) => bool(a === b),
  notEqual: (a, b) => bool(a !== b),
  less: (a, b) => bool(a < b),
  lessEqual: (a, b) => bool(a <= b),
  greater: (a, b) => bool(a > b),
  greaterEqual: (a, b) => bool(a >= b),
  logicalAnd: (a, b) => bool(truth(a) && truth(b)),
  logicalOr: (a, b) => bool(truth(a) || truth(b)),
  logicalXor: (a, b) => bool(truth(a) !== truth(b)),
};

/** int32 arithmetic: wrap-around add/sub/mul, floored division and modulo with x/0 = x%0 = 0. */
export const INT32_REFERENCE: Readonly<Record<'add' | 'sub' | 'mul' | 'floorDiv' | 'mod' | 'maximum' | 'minimum', (a: number, b: number) => number>> = {
  add: (a, b) => (a + b) | 0,
  sub: (a, b) => (a - b) | 0,
  mul: (a, b) => Math.imul(a, b),
  floorDiv: (a, b) => (b === 0 ? 0 : Math.floor(a / b) | 0),
  mod: (a, b) => (b === 0 ? 0 : flooredMod(a, b) | 0),
  maximum: Math.max,
  minimum: Math.min,
};
