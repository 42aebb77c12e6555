/** Float64 reference definitions of every unary and binary op, from the op tables, and hand-written int32 arithmetic. */
import { BINARY_OPS, BINARY_TABLE, UNARY_OPS, UNARY_TABLE, type BinaryOp, type UnaryOp } from '@nabla/tensor-core';

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

/**
 * Every unary op in float64 (bool results as 0/1): the op table's scalar semantics, which are the
 * conformance reference by design (one source of truth per op). The hand-computed special values
 * in the elementwise section check the table itself.
 */
export const UNARY_REFERENCE: Readonly<Record<UnaryOp, (x: number) => number>> = Object.fromEntries(
  UNARY_OPS.map((op) => [op, UNARY_TABLE[op].scalar]),
) as Record<UnaryOp, (x: number) => number>;

/** Floored modulo: the result takes the sign of the divisor (Python's %). */
export function flooredMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Every binary op on float operands, in float64: the op table's scalar semantics (see {@link UNARY_REFERENCE}). */
export const BINARY_REFERENCE: Readonly<Record<BinaryOp, (a: number, b: number) => number>> = Object.fromEntries(
  BINARY_OPS.map((op) => [op, BINARY_TABLE[op].scalar]),
) as Record<BinaryOp, (a: number, b: number) => number>;

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
