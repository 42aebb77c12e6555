/** Turning a freshly initialised tensor into a trainable parameter. */
import { keep, type Tensor } from '@nabla/tensor-core';

/**
 * Mark `t` as a trainable parameter: `requiresGrad = true`, kept out of every enclosing `tidy`
 * scope so it outlives the code that created it. Returns `t` itself.
 */
export function asParameter(t: Tensor, name?: string): Tensor {
  t.requiresGrad = true;
  if (name !== undefined) t.name = name;
  return keep(t);
}
