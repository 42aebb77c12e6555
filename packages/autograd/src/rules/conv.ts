/**
 * Gradients of conv2d through its two backprop kernels, and of those kernels themselves (each is
 * linear in both operands, so its adjoints are again conv2d / backprop kernels): second-order
 * gradients of convolutional networks work.
 */
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput, type Conv2dParams, type Tensor } from '@nabla/tensor-core';
import type { GradRule } from './grad-rule.js';

function params(p: Conv2dParams): Conv2dParams {
  return { strides: p.strides, pads: p.pads, dilations: p.dilations };
}

function forward(x: Tensor, w: Tensor, p: Conv2dParams): Tensor {
  return conv2d(x, w, { stride: p.strides, padding: p.pads, dilation: p.dilations });
}

/** conv2d(x, w): ∂x = backpropInput(dy, w), ∂w = backpropFilter(x, dy). */
export const conv2dRule: GradRule<'conv2d'> = {
  saveInputs: [0, 1],
  saveOutput: false,
  backward: (dy, ctx) => {
    const p = params(ctx.attrs);
    return [
      ctx.needsGrad(0) ? conv2dBackpropInput(dy, ctx.input(1), ctx.inputShapes[0], p) : null,
      ctx.needsGrad(1) ? conv2dBackpropFilter(ctx.input(0), dy, ctx.inputShapes[1], p) : null,
    ];
  },
};

/** conv2dBackpropInput(dy, w) → dx: ∂dy = conv2d(g, w), ∂w = backpropFilter(g, dy). */
export const conv2dBackpropInputRule: GradRule<'conv2dBackpropInput'> = {
  saveInputs: [0, 1],
  saveOutput: false,
  backward: (g, ctx) => {
    const p = params(ctx.attrs);
    return [
      ctx.needsGrad(0) ? forward(g, ctx.input(1), p) : null,
      ctx.needsGrad(1) ? conv2dBackpropFilter(g, ctx.input(0), ctx.inputShapes[1], p) : null,
    ];
  },
};

/** conv2dBackpropFilter(x, dy) → dw: ∂x = backpropInput(dy, g), ∂dy = conv2d(x, g). */
export const conv2dBackpropFilterRule: GradRule<'conv2dBackpropFilter'> = {
  saveInputs: [0, 1],
  saveOutput: false,
  backward: (g, ctx) => {
    const p = params(ctx.attrs);
    return [
      ctx.needsGrad(0) ? conv2dBackpropInput(ctx.input(1), g, ctx.inputShapes[0], p) : null,
      ctx.needsGrad(1) ? forward(ctx.input(0), g, p) : null,
    ];
  },
};
