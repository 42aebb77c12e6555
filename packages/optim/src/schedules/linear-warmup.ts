/** Ramp the rate up linearly over the first steps. */
import { checkPositiveInteger, checkRange } from './check.js';
import type { Schedule } from './schedule.js';

/** Options for linearWarmup(). */
export interface LinearWarmupOptions {
  /** Steps until the full rate is reached. */
  readonly steps: number;
  /** Fraction of the base rate at step 0 (default 0). */
  readonly startFactor?: number;
}

/** lr(t) = base · (f₀ + (1 − f₀)·min(t, steps)/steps): from f₀·base up to base, then constant. */
export function linearWarmup(options: LinearWarmupOptions): Schedule {
  const start = options.startFactor ?? 0;
  checkPositiveInteger('linearWarmup', 'steps', options.steps);
  checkRange('linearWarmup', 'startFactor', start, 0, 1);
  return { lrAt: (t, base) => base * (start + ((1 - start) * Math.min(t, options.steps)) / options.steps) };
}
