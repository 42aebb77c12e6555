import { DatasetArgumentError } from '../errors.js';
import { Mulberry32 } from '../random/mulberry32.js';
import type { PlaygroundOptions } from './dataset-2d.js';

/** Validated generator settings: sample count, noise as the playground's fraction, a seeded PRNG. */
export interface ResolvedPlaygroundOptions {
  readonly numSamples: number;
  /** Slider value / 100, i.e. 0..0.5, as playground's generators receive it. */
  readonly noise: number;
  readonly rng: Mulberry32;
}

/** Check and default {@link PlaygroundOptions} for the generator named `fn`. */
export function resolvePlaygroundOptions(fn: string, options: PlaygroundOptions, evenSamples: boolean): ResolvedPlaygroundOptions {
  const numSamples = options.numSamples ?? 500;
  const noise = options.noise ?? 0;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(numSamples) || numSamples < 1) {
    throw new DatasetArgumentError(fn, `numSamples must be a positive integer, got ${numSamples}`);
  }
  if (evenSamples && numSamples % 2 !== 0) {
    throw new DatasetArgumentError(fn, `numSamples must be even (half per class), got ${numSamples}`);
  }
  if (!Number.isFinite(noise) || noise < 0 || noise > 50) {
    throw new DatasetArgumentError(fn, `noise must be in 0..50 (the playground slider), got ${noise}`);
  }
  if (!Number.isFinite(seed)) throw new DatasetArgumentError(fn, `seed must be a finite number, got ${seed}`);
  return { numSamples, noise: noise / 100, rng: new Mulberry32(seed) };
}
