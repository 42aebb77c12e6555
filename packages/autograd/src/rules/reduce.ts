/**
 * Gradients of reductions (any axes, with or without keepDims) and of the softmax family.
 * max/min: the gradient is shared equally among the elements that tie for the extremum.
 * prod: exact with zeros (one zero gets the product of the others; two or more give zero).
 */
import {
  cast, div, equal, exp, logicalAnd, mul, prod, sub, sum, where, type Tensor,
} from '@nabla/tensor-core';
import type { GradContext, GradRule } from './grad-rule.js';
import { expandReduced, keepReducedDims } from './helpers.js';

type ExtremumName = 'max' | 'min';

/** sum: the output gradient copied over every reduced element. */
export const sumRule: GradRule<'sum'> = {
  saveInputs: [],
  saveOutput: false,
  backward: (dy, ctx) => [expandReduced(dy, ctx.inputShapes[0], ctx.attrs.axes)],
};

/** prod: ∂/∂xᵢ = product of the other elements of xᵢ's group. */
export const prodRule: GradRule<'prod'> = {
  saveInputs: [0],
  saveOutput: true,
  backward: (dy, ctx) => {
    const x = ctx.input(0);
    const { axes } = ctx.attrs;
    const shape = ctx.inputShapes[0];
    const isZero = equal(x, 0);
    const nonZero = where(isZero, 1, x);
    const zeroCount = sum(cast(isZero, 'int32'), axes, { keepDims: true });
    const productOfNonZero = prod(nonZero, axes, { keepDims: true });
    const product = keepReducedDims(ctx.output(), shape, axes);
    const others = where(
      equal(zeroCount, 0),
      div(product, nonZero),
      where(logicalAnd(equal(zeroCount, 1), isZero), productOfNonZero, 0),
    );
    return [mul(keepReducedDims(dy, shape, axes), others)];
  },
};

function extremumRule<K extends ExtremumName>(): GradRule<K> {
  return {
    saveInputs: [0],
    saveOutput: true,
    backward: (dy: Tensor, ctx: GradContext<K>) => {
      const x = ctx.input(0);
      const { axes } = ctx.attrs;
      const shape = ctx.inputShapes[0];
      const hits = cast(equal(x, keepReducedDims(ctx.output(), shape, axes)), x.dtype);
      const share = div(keepReducedDims(dy, shape, axes), sum(hits, axes, { keepDims: true }));
      return [mul(hits, share)];
    },
  };
}

/** max: shared equally among tied maxima. */
export const maxRule: GradRule<'max'> = extremumRule<'max'>();
/** min: shared equally among tied minima. */
export const minRule: GradRule<'min'> = extremumRule<'min'>();

/** logsumexp: the softmax of the input over the reduced axes. */
export const logsumexpRule: GradRule<'logsumexp'> = {
  saveInputs: [0],
  saveOutput: true,
  backward: (dy, ctx) => {
    const shape = ctx.inputShapes[0];
    const { axes } = ctx.attrs;
    const weights = exp(sub(ctx.input(0), keepReducedDims(ctx.output(), shape, axes)));
    return [mul(keepReducedDims(dy, shape, axes), weights)];
  },
};

/** softmax: s ⊙ (dy − Σ dy ⊙ s). */
export const softmaxRule: GradRule<'softmax'> = {
  saveInputs: [],
  saveOutput: true,
  backward: (dy, ctx) => {
    const s = ctx.output();
    return [mul(s, sub(dy, sum(mul(dy, s), ctx.attrs.axis, { keepDims: true })))];
  },
};

/** logSoftmax: dy − softmax ⊙ Σ dy. */
export const logSoftmaxRule: GradRule<'logSoftmax'> = {
  saveInputs: [],
  saveOutput: true,
  backward: (dy, ctx) => [sub(dy, mul(exp(ctx.output()), sum(dy, ctx.attrs.axis, { keepDims: true })))],
};
