/**
 * Gradients of the broadcasting binary ops; every gradient is summed back to its input's shape.
 * Ties: maximum sends the gradient to `a` where a >= b, minimum where a <= b (first operand wins).
 * floorDiv is piecewise constant (zero gradient); mod(a, b) = a − b·floor(a/b) has ∂a = 1 and
 * ∂b = −floor(a/b) away from its jumps.
 */
import {
  add, cast, div, floor, greater, greaterEqual, lessEqual, log, mul, neg, pow, square, sub, where,
  type Tensor,
} from '@nabla/tensor-core';
import type { GradContext, GradRule } from './grad-rule.js';
import { sumToShape, zerosOn } from './helpers.js';

type BinaryName = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'mod' | 'floorDiv' | 'atan2';
type BinaryTable = { readonly [K in BinaryName]: GradRule<K> };

/** Gradients for a and b at the broadcast output shape, summed back to each input shape. */
function broadcasting<K extends BinaryName>(
  saveInputs: readonly number[],
  saveOutput: boolean,
  f: (dy: Tensor, ctx: GradContext<K>) => readonly [Tensor | null, Tensor | null],
): GradRule<K> {
  return {
    saveInputs,
    saveOutput,
    backward: (dy, ctx) => {
      const [ga, gb] = f(dy, ctx);
      return [
        ga && ctx.needsGrad(0) ? sumToShape(ga, ctx.inputShapes[0]) : null,
        gb && ctx.needsGrad(1) ? sumToShape(gb, ctx.inputShapes[1]) : null,
      ];
    },
  };
}

/** Rules for the arithmetic binary ops. */
export const binaryRules: BinaryTable = {
  add: broadcasting([], false, (dy) => [dy, dy]),
  sub: broadcasting([], false, (dy, ctx) => [dy, ctx.needsGrad(1) ? neg(dy) : null]),
  mul: broadcasting([0, 1], false, (dy, ctx) => [
    ctx.needsGrad(0) ? mul(dy, ctx.input(1)) : null,
    ctx.needsGrad(1) ? mul(dy, ctx.input(0)) : null,
  ]),
  div: broadcasting([0, 1], false, (dy, ctx) => {
    const a = ctx.input(0);
    const b = ctx.input(1);
    return [
      ctx.needsGrad(0) ? div(dy, b) : null,
      ctx.needsGrad(1) ? neg(div(mul(dy, a), square(b))) : null,
    ];
  }),
  pow: broadcasting([0, 1], true, (dy, ctx) => {
    const a = ctx.input(0);
    const b = ctx.input(1);
    // ∂b = y·log(a), taken as 0 where a <= 0 (the power is not differentiable in b there)
    const positive = greater(a, 0);
    return [
      ctx.needsGrad(0) ? mul(dy, mul(b, pow(a, sub(b, 1)))) : null,
      ctx.needsGrad(1) ? where(positive, mul(dy, mul(ctx.output(), log(where(positive, a, 1)))), 0) : null,
    ];
  }),
  maximum: broadcasting([0, 1], false, (dy, ctx) => {
    const firstWins = greaterEqual(ctx.input(0), ctx.input(1));
    return [where(firstWins, dy, 0), where(firstWins, 0, dy)];
  }),
  minimum: broadcasting([0, 1], false, (dy, ctx) => {
    const firstWins = lessEqual(ctx.input(0), ctx.input(1));
    return [where(firstWins, dy, 0), where(firstWins, 0, dy)];
  }),
  mod: broadcasting([0, 1], false, (dy, ctx) => [
    dy,
    ctx.needsGrad(1) ? neg(mul(dy, floor(div(ctx.input(0), ctx.input(1))))) : null,
  ]),
  floorDiv: {
    saveInputs: [],
    saveOutput: false,
    backward: (dy, ctx) => [
      ctx.needsGrad(0) ? zerosOn(dy, ctx.inputShapes[0], ctx.inputDTypes[0]) : null,
      ctx.needsGrad(1) ? zerosOn(dy, ctx.inputShapes[1], ctx.inputDTypes[1]) : null,
    ],
  },
  atan2: broadcasting([0, 1], false, (dy, ctx) => {
    const a = ctx.input(0);
    const b = ctx.input(1);
    const scaled = div(dy, add(square(a), square(b)));
    return [mul(scaled, b), neg(mul(scaled, a))];
  }),
};

/** Gradient of a cast: cast back to the input's float dtype; integer inputs take none. */
export const castRule: GradRule<'cast'> = {
  saveInputs: [],
  saveOutput: false,
  backward: (dy, ctx) => {
    const dtype = ctx.inputDTypes[0];
    if (dtype !== 'float32' && dtype !== 'float64') return [null];
    return [dy.dtype === dtype ? dy : cast(dy, dtype)];
  },
};
