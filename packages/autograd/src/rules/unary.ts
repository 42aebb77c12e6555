/**
 * Gradients of the elementwise unary ops. Conventions at kinks: abs'(0) = 0 (sign(0) = 0),
 * relu'(0) = 0. Piecewise-constant ops (sign, step, floor, ceil, round, trunc) have a zero
 * gradient: they are recorded, and pass zeros back, so a graph through them is still valid.
 */
import {
  add, cos, cosh, div, exp, greater, less, lessEqual, mul, neg, rsqrt, sigmoid, sign, sin, sinh, square, sub, where,
  type RecordedUnaryOp, type Tensor,
} from '@nabla/tensor-core';
import type { GradContext, GradRule } from './grad-rule.js';
import { zerosOn } from './helpers.js';

type UnaryTable = { readonly [K in RecordedUnaryOp]: GradRule<K> };

/** A rule reading the input x. */
function ofInput(f: (dy: Tensor, x: Tensor) => Tensor): GradRule<RecordedUnaryOp> {
  return { saveInputs: [0], saveOutput: false, backward: (dy, ctx) => [f(dy, ctx.input(0))] };
}

/** A rule reading the output y. */
function ofOutput(f: (dy: Tensor, y: Tensor) => Tensor): GradRule<RecordedUnaryOp> {
  return { saveInputs: [], saveOutput: true, backward: (dy, ctx) => [f(dy, ctx.output())] };
}

/** The zero gradient of a piecewise-constant op. */
const zeroGradient: GradRule<RecordedUnaryOp> = {
  saveInputs: [],
  saveOutput: false,
  backward: (dy: Tensor, ctx: GradContext<RecordedUnaryOp>) => [zerosOn(dy, ctx.inputShapes[0], ctx.inputDTypes[0])],
};

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** Rules for every recorded unary op. */
export const unaryRules: UnaryTable = {
  neg: { saveInputs: [], saveOutput: false, backward: (dy) => [neg(dy)] },
  abs: ofInput((dy, x) => mul(dy, sign(x))),
  sign: zeroGradient,
  square: ofInput((dy, x) => mul(dy, mul(x, 2))),
  reciprocal: ofOutput((dy, y) => neg(mul(dy, square(y)))),
  exp: ofOutput((dy, y) => mul(dy, y)),
  expm1: ofOutput((dy, y) => mul(dy, add(y, 1))),
  log: ofInput((dy, x) => div(dy, x)),
  log1p: ofInput((dy, x) => div(dy, add(x, 1))),
  sqrt: ofOutput((dy, y) => div(dy, mul(y, 2))),
  rsqrt: ofOutput((dy, y) => mul(dy, mul(mul(square(y), y), -0.5))),
  sin: ofInput((dy, x) => mul(dy, cos(x))),
  cos: ofInput((dy, x) => neg(mul(dy, sin(x)))),
  tan: ofOutput((dy, y) => mul(dy, add(square(y), 1))),
  asin: ofInput((dy, x) => mul(dy, rsqrt(sub(1, square(x))))),
  acos: ofInput((dy, x) => neg(mul(dy, rsqrt(sub(1, square(x)))))),
  atan: ofInput((dy, x) => div(dy, add(square(x), 1))),
  sinh: ofInput((dy, x) => mul(dy, cosh(x))),
  cosh: ofInput((dy, x) => mul(dy, sinh(x))),
  tanh: ofOutput((dy, y) => mul(dy, sub(1, square(y)))),
  asinh: ofInput((dy, x) => mul(dy, rsqrt(add(square(x), 1)))),
  acosh: ofInput((dy, x) => mul(dy, rsqrt(sub(square(x), 1)))),
  atanh: ofInput((dy, x) => div(dy, sub(1, square(x)))),
  sigmoid: ofOutput((dy, y) => mul(dy, mul(y, sub(1, y)))),
  softplus: ofInput((dy, x) => mul(dy, sigmoid(x))),
  relu: ofInput((dy, x) => where(greater(x, 0), dy, 0)),
  step: zeroGradient,
  erf: ofInput((dy, x) => mul(dy, mul(exp(neg(square(x))), TWO_OVER_SQRT_PI))),
  // 0 below -3, (2x + 3)/6 on [-3, 3], 1 above (torch's hardswish_backward)
  hardswish: ofInput((dy, x) => mul(dy, where(less(x, -3), 0, where(lessEqual(x, 3), div(add(mul(x, 2), 3), 6), 1)))),
  floor: zeroGradient,
  ceil: zeroGradient,
  round: zeroGradient,
  trunc: zeroGradient,
};
