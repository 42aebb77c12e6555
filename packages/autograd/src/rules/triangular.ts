/** tril/triu pass the gradient through the kept triangle: ∂x = tril(dy) (resp. triu(dy)). */
import { tril, triu } from '@nabla/tensor-core';
import type { GradRule } from './grad-rule.js';

/** tril(x, d) → tril(dy, d). */
export const trilRule: GradRule<'tril'> = {
  saveInputs: [],
  saveOutput: false,
  backward: (dy, ctx) => [tril(dy, ctx.attrs.diagonal)],
};

/** triu(x, d) → triu(dy, d). */
export const triuRule: GradRule<'triu'> = {
  saveInputs: [],
  saveOutput: false,
  backward: (dy, ctx) => [triu(dy, ctx.attrs.diagonal)],
};
