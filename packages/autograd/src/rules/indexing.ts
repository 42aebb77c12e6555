/** Gradients of gather (scatter-add of the gradient: embedding lookups) and scatterAdd (gather). */
import { gather, scatterAdd } from '@nabla/tensor-core';
import type { GradRule } from './grad-rule.js';
import { zerosOn } from './helpers.js';

/** gather(x, indices): rows of the gradient added back at their indices; indices take none. */
export const gatherRule: GradRule<'gather'> = {
  saveInputs: [1],
  saveOutput: false,
  backward: (dy, ctx) => [
    scatterAdd(zerosOn(dy, ctx.inputShapes[0], ctx.inputDTypes[0]), ctx.input(1), dy, ctx.attrs.axis),
    null,
  ],
};

/** scatterAdd(x, indices, updates): x takes the gradient, updates the gradient gathered at indices. */
export const scatterAddRule: GradRule<'scatterAdd'> = {
  saveInputs: [1],
  saveOutput: false,
  backward: (dy, ctx) => [
    dy,
    null,
    ctx.needsGrad(2) ? gather(dy, ctx.input(1), ctx.attrs.axis) : null,
  ],
};
