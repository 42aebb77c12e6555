/** Multiply the rate by γ every `stepSize` steps. */
import { checkPositive, checkPositiveInteger } from './check.js';
import type { Schedule } from './schedule.js';

/** Options for stepDecay(). */
export interface StepDecayOptions {
  /** Steps between decays. */
  readonly stepSize: number;
  /** Factor applied at each decay (default 0.1). */
  readonly gamma?: number;
}

/** lr(t) = base · γ^⌊t / stepSize⌋ (PyTorch's StepLR). */
export function stepDecay(options: StepDecayOptions): Schedule {
  const gamma = options.gamma ?? 0.1;
  checkPositiveInteger('stepDecay', 'stepSize', options.stepSize);
  checkPositive('stepDecay', 'gamma', gamma);
  return { lrAt: (t, base) => base * gamma ** Math.floor(t / options.stepSize) };
}
