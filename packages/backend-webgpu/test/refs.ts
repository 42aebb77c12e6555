/** Independent float64 reference implementations used by the tests (naive, written for clarity). */
import type { BinaryOp, UnaryOp } from '@nabla/tensor-core';

/** Gauss error function: Maclaurin series (|x| < 3), else 1 - erfc by continued fraction. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  if (a < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 80; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (!Number.isFinite(a)) return Math.sign(x);
  // erfc(a) = exp(-a²)/√π · 1/(a + 1/2/(a + 1/(a + 3/2/(a + ...)))) evaluated bottom-up.
  let f = a;
  for (let k = 60; k >= 1; k--) f = a + k / 2 / f;
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/** Round half to even. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/** float64 reference of each unary op on a float input. */
export const UNARY_REF: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (Number.isNaN(x) ? x : x > 0 ? 1 : x < 0 ? -1 : 0),
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
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  softplus: (x) => (Number.isNaN(x) ? x : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)))),
  relu: (x) => (Number.isNaN(x) ? x : Math.max(x, 0)),
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

/** Floored modulo (sign of the divisor). */
export function floorMod(a: number, b: number): number {
  let r = a % b;
  if (r !== 0 && r < 0 !== b < 0) r += b;
  return r;
}

const truthy = (v: number): boolean => v !== 0;

/** float64 reference of each binary op on float operands. */
export const FLOAT_BINARY_REF: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: Math.max,
  minimum: Math.min,
  mod: floorMod,
  floorDiv: (a, b) => Math.floor(a / b),
  atan2: Math.atan2,
  equal: (a, b) => Number(a === b),
  notEqual: (a, b) => Number(a !== b),
  less: (a, b) => Number(a < b),
  lessEqual: (a, b) => Number(a <= b),
  greater: (a, b) => Number(a > b),
  greaterEqual: (a, b) => Number(a >= b),
  logicalAnd: (a, b) => Number(truthy(a) && truthy(b)),
  logicalOr: (a, b) => Number(truthy(a) || truthy(b)),
  logicalXor: (a, b) => Number(truthy(a) !== truthy(b)),
};

/** int32 reference of each binary op (wrapping arithmetic, 0 for division by zero). */
export const INT_BINARY_REF: Record<BinaryOp, (a: number, b: number) => number> = {
  ...FLOAT_BINARY_REF,
  add: (a, b) => (a + b) | 0,
  sub: (a, b) => (a - b) | 0,
  mul: (a, b) => Math.imul(a, b),
  div: (a, b) => (b === 0 ? 0 : Math.trunc(a / b) | 0),
  pow: (a, b) => Math.pow(a, b) | 0,
  mod: (a, b) => (b === 0 ? 0 : floorMod(a, b) | 0),
  floorDiv: (a, b) => (b === 0 ? 0 : Math.floor(a / b) | 0),
  atan2: (a, b) => Math.trunc(Math.atan2(a, b)),
};
