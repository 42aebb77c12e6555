/** Rescale gradients so their global norm does not exceed a bound. */
import { ArgumentError, div, scalar, stack, tidy, withoutRecording, type Tensor } from '@nabla/tensor-core';
import { gradientsOf } from './gradients.js';

/** Options for clipGradNorm(). */
export interface ClipGradNormOptions {
  /** Order p of the norm: any p ≥ 1, or Infinity for the largest magnitude (default 2). */
  readonly normType?: number;
}

/**
 * Compute the norm of all gradients taken together, ‖(g₁, g₂, …)‖_p, and if it exceeds `maxNorm`
 * scale every gradient in place by maxNorm / (norm + 1e-6). Returns the norm before clipping as
 * a float32 scalar tensor (the caller owns it). Runs on the device: no synchronisation.
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number, options: ClipGradNormOptions = {}): Tensor {
  const op = 'clipGradNorm';
  const p = options.normType ?? 2;
  if (!(maxNorm >= 0) || !Number.isFinite(maxNorm)) throw new ArgumentError(op, `maxNorm must be a finite number >= 0, got ${maxNorm}`);
  if (!(p >= 1)) throw new ArgumentError(op, `normType must be >= 1 or Infinity, got ${p}`);
  const grads = gradientsOf(op, params);
  return withoutRecording(() => tidy(() => {
    if (grads.length === 0) return scalar(0);
    const parts = grads.map((g) => {
      if (p === 2) return g.cast('float32').square().sum(); // |g|² = g²: no abs needed
      const a = g.abs().cast('float32');
      return p === Infinity ? a.max() : a.pow(p).sum();
    });
    const all = stack(parts);
    const norm = p === Infinity ? all.max() : p === 2 ? all.sum().sqrt() : all.sum().pow(1 / p);
    const coefficient = div(maxNorm, norm.add(1e-6)).minimum(1);
    for (const g of grads) g.assign(g.mul(coefficient.cast(g.dtype)));
    return norm;
  }));
}
