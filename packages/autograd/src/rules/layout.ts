/** Gradients of data movement: reshape, transpose, broadcastTo, slice, pad, concat. */
import { pad, reshape, slice, transpose } from '@nabla/tensor-core';
import type { GradRule } from './grad-rule.js';
import { sumToShape } from './helpers.js';

/** reshape: the gradient reshaped back. */
export const reshapeRule: GradRule<'reshape'> = {
  saveInputs: [],
  saveOutput: false,
  backward: (dy, ctx) => [reshape(dy, ctx.inputShapes[0])],
};

/** transpose: the gradient permuted by the inverse permutation. */
export const transposeRule: GradRule<'transpose'> = {
  saveInputs: [],
  saveOutput: false,
  backward: (dy, ctx) => {
    const inverse = new Array<number>(ctx.attrs.perm.length);
    ctx.attrs.perm.forEach((axis, i) => {
      inverse[axis] = i;
    });
    return [transpose(dy, inverse)];
  },
};

/** broadcastTo: summed over the broadcast axes. */
export const broadcastToRule: GradRule<'broadcastTo'> = {
  saveInputs: [],
  saveOutput: false,
  backward: (dy, ctx) => [sumToShape(dy, ctx.inputShapes[0])],
};

/** slice: the gradient padded with zeros back into the input's box. */
export const sliceRule: GradRule<'slice'> = {
  saveInputs: [],
  saveOutput: false,
  backward: (dy, ctx) => {
    const { begin, size } = ctx.attrs;
    const shape = ctx.inputShapes[0];
    return [pad(dy, shape.map((d, i) => [begin[i], d - begin[i] - size[i]] as const))];
  },
};

/** pad: the gradient of the unpadded box. */
export const padRule: GradRule<'pad'> = {
  saveInputs: [],
  saveOutput: false,
  backward: (dy, ctx) => [slice(dy, ctx.attrs.pads.map(([before]) => before), ctx.inputShapes[0])],
};

/** concat: each input takes its slice of the gradient. */
export const concatRule: GradRule<'concat'> = {
  saveInputs: [],
  saveOutput: false,
  backward: (dy, ctx) => {
    const { axis } = ctx.attrs;
    let offset = 0;
    return ctx.inputShapes.map((shape, i) => {
      const begin = shape.map((_, j) => (j === axis ? offset : 0));
      offset += shape[axis];
      return ctx.needsGrad(i) ? slice(dy, begin, shape) : null;
    });
  },
};
