/** Gradients of where (to the chosen side) and clip (1 inside [lo, hi] inclusive, else 0). */
import { greaterEqual, lessEqual, logicalAnd, where } from '@nabla/tensor-core';
import type { GradRule } from './grad-rule.js';
import { sumToShape } from './helpers.js';

/** where(cond, a, b): the condition takes no gradient. */
export const whereRule: GradRule<'where'> = {
  saveInputs: [0],
  saveOutput: false,
  backward: (dy, ctx) => {
    const cond = ctx.input(0);
    return [
      null,
      ctx.needsGrad(1) ? sumToShape(where(cond, dy, 0), ctx.inputShapes[1]) : null,
      ctx.needsGrad(2) ? sumToShape(where(cond, 0, dy), ctx.inputShapes[2]) : null,
    ];
  },
};

/** clip(x, lo, hi): the gradient passes where lo <= x <= hi (NaN inputs take 0). */
export const clipRule: GradRule<'clip'> = {
  saveInputs: [0],
  saveOutput: false,
  backward: (dy, ctx) => {
    const x = ctx.input(0);
    const inside = logicalAnd(greaterEqual(x, ctx.attrs.lo), lessEqual(x, ctx.attrs.hi));
    return [where(inside, dy, 0)];
  },
};
