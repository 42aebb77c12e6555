/** Multiply the rate by γ every step. */
import { checkPositive } from './check.js';
import type { Schedule } from './schedule.js';

/** Options for exponentialDecay(). */
export interface ExponentialDecayOptions {
  /** Factor applied each step. */
  readonly gamma: number;
}

/** lr(t) = base · γᵗ (PyTorch's ExponentialLR). */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
  checkPositive('exponentialDecay', 'gamma', options.gamma);
  return { lrAt: (t, base) => base * options.gamma ** t };
}
