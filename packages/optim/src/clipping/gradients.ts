/** The gradients of a parameter list, checked alive. */
import type { Tensor } from '@nabla/tensor-core';

/** Gradients of `params` that exist (parameters without a gradient are skipped). */
export function gradientsOf(op: string, params: Iterable<Tensor>): Tensor[] {
  const grads: Tensor[] = [];
  for (const p of params) {
    const g = p.grad;
    if (!g) continue;
    g.assertAlive(op);
    grads.push(g);
  }
  return grads;
}
