/** Half a cosine from the base rate down to a floor. */
import { checkPositiveInteger, checkRange } from './check.js';
import type { Schedule } from './schedule.js';

/** Options for cosineAnnealing(). */
export interface CosineAnnealingOptions {
  /** Steps to reach the floor. */
  readonly tMax: number;
  /** The floor η_min (default 0). */
  readonly etaMin?: number;
}

/**
 * lr(t) = η_min + (base − η_min)(1 + cos(π·t/T_max))/2 for t ≤ T_max, and η_min afterwards
 * (PyTorch's CosineAnnealingLR closed form, held at the floor instead of rising again).
 */
export function cosineAnnealing(options: CosineAnnealingOptions): Schedule {
  const etaMin = options.etaMin ?? 0;
  checkPositiveInteger('cosineAnnealing', 'tMax', options.tMax);
  checkRange('cosineAnnealing', 'etaMin', etaMin, 0, Number.MAX_VALUE);
  return {
    lrAt: (t, base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * Math.min(t, options.tMax)) / options.tMax))) / 2,
  };
}
