/**
 * Gradients of pooling. maxPool2d routes the gradient to each window's FIRST maximum (row-major
 * window order, the backprop kernel's rule); avgPool2d spreads it over the window. The backprop
 * kernels are differentiable too: both are linear in dy (maxPool2dBackprop is piecewise constant
 * in x, so x takes a zero gradient).
 */
import {
  argmax, avgPool2d, avgPool2dBackprop, maxPool2dBackprop, mul, oneHot, sum, type Pool2dParams,
} from '@nabla/tensor-core';
import type { GradRule } from './grad-rule.js';
import { zerosOn } from './helpers.js';
import { poolWindows } from './pool-windows.js';

function params(p: Pool2dParams): Pool2dParams {
  return { kernel: p.kernel, strides: p.strides, pads: p.pads, countIncludePad: p.countIncludePad };
}

/** maxPool2d(x): the gradient goes to each window's first maximum. */
export const maxPool2dRule: GradRule<'maxPool2d'> = {
  saveInputs: [0],
  saveOutput: false,
  backward: (dy, ctx) => [maxPool2dBackprop(dy, ctx.input(0), params(ctx.attrs))],
};

/** avgPool2d(x): the gradient spread evenly over each window. */
export const avgPool2dRule: GradRule<'avgPool2d'> = {
  saveInputs: [],
  saveOutput: false,
  backward: (dy, ctx) => [avgPool2dBackprop(dy, ctx.inputShapes[0], params(ctx.attrs))],
};

/** maxPool2dBackprop(dy, x): ∂dy reads g at each window's routed cell; ∂x is zero. */
export const maxPool2dBackpropRule: GradRule<'maxPool2dBackprop'> = {
  saveInputs: [1],
  saveOutput: false,
  backward: (g, ctx) => {
    const p = params(ctx.attrs);
    const dyShape = ctx.inputShapes[0];
    const outHW: [number, number] = [dyShape[2], dyShape[3]];
    let ddy = null;
    if (ctx.needsGrad(0)) {
      const x = ctx.input(1);
      const routed = oneHot(argmax(poolWindows(x, p, outHW, -Infinity), 4), p.kernel[0] * p.kernel[1]);
      const chosen = routed.dtype === g.dtype ? routed : routed.cast(g.dtype);
      ddy = sum(mul(poolWindows(g, p, outHW, 0), chosen), 4);
    }
    return [ddy, ctx.needsGrad(1) ? zerosOn(g, ctx.inputShapes[1], ctx.inputDTypes[1]) : null];
  },
};

/** avgPool2dBackprop(dy): its adjoint is avgPool2d itself (same windows and divisors). */
export const avgPool2dBackpropRule: GradRule<'avgPool2dBackprop'> = {
  saveInputs: [],
  saveOutput: false,
  backward: (g, ctx) => [
    avgPool2d(g, {
      kernelSize: ctx.attrs.kernel,
      stride: ctx.attrs.strides,
      padding: ctx.attrs.pads,
      countIncludePad: ctx.attrs.countIncludePad,
    }),
  ],
};
