/** L1 and L2 penalties as differentiable loss terms. */
import { ArgumentError, DTypeError, fmtShape, tidy, type Tensor } from '@nabla/tensor-core';

function collect(op: string, params: Iterable<Tensor>, coefficient: number): Tensor[] {
  if (!Number.isFinite(coefficient) || coefficient < 0) throw new ArgumentError(op, `coefficient must be a finite number >= 0, got ${coefficient}`);
  const list = [...params];
  if (list.length === 0) throw new ArgumentError(op, 'got an empty parameter list');
  for (const p of list) {
    p.assertAlive(op);
    if (p.dtype !== 'float32' && p.dtype !== 'float64') throw new DTypeError(op, `parameters must be float, got ${p.dtype} ${fmtShape(p.shape)}`);
  }
  return list;
}

function total(terms: Tensor[]): Tensor {
  return terms.reduce((acc, t) => acc.add(t));
}

/** coefficient · Σ|θ| over every element of `params`: add to the loss for L1 (sparsity) regularisation. */
export function l1Penalty(params: Iterable<Tensor>, coefficient = 1): Tensor {
  const list = collect('l1Penalty', params, coefficient);
  return tidy(() => total(list.map((p) => p.abs().sum())).mul(coefficient));
}

/**
 * coefficient · Σθ² over every element of `params`. Its gradient is 2·coefficient·θ, so
 * coefficient = λ/2 matches an optimizer's `weightDecay: λ`.
 */
export function l2Penalty(params: Iterable<Tensor>, coefficient = 1): Tensor {
  const list = collect('l2Penalty', params, coefficient);
  return tidy(() => total(list.map((p) => p.square().sum())).mul(coefficient));
}
