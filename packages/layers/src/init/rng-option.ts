/** How layers pick the generator for their initial weights. */
import { Rng, globalRng } from '@nabla/tensor-core';

/** Reproducible initialisation: pass a `seed` (a fresh Rng) or an `rng` to share; default the global rng. */
export interface InitRngOptions {
  /** Seed for a fresh generator used only by this layer. */
  readonly seed?: number;
  /** A generator to draw from (advanced as weights are drawn). */
  readonly rng?: Rng;
}

/** The Rng a layer draws its weights from. */
export function resolveRng(options: InitRngOptions): Rng {
  if (options.rng) return options.rng;
  if (options.seed !== undefined) return new Rng(options.seed);
  return globalRng;
}
