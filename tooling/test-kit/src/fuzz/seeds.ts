/**
 * How the fuzz tests run their properties: a few fixed seeds every time (reproducible CI), plus
 * one random seed per run (FUZZ_SEED=n replays it), named in the error when a property fails.
 */
import fc from 'fast-check';

const FIXED_SEEDS = [20261206, 1, 7];

/** The random seed of this run: FUZZ_SEED, or a fresh one. */
export const RANDOM_SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

/** Check `property` for `numRuns` inputs under every seed; a failure names the seed to replay. */
export function fuzz<T>(property: fc.IProperty<T>, numRuns: number): void {
  for (const seed of [...FIXED_SEEDS, RANDOM_SEED]) {
    try {
      fc.assert(property, { seed, numRuns, endOnFailure: false });
    } catch (err) {
      const replay = seed === RANDOM_SEED ? ` (random seed: replay with FUZZ_SEED=${seed})` : ` (fixed seed ${seed})`;
      throw new Error(`fuzz failure${replay}\n${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
}

/** {@link fuzz} for asynchronous properties. */
export async function fuzzAsync<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  for (const seed of [...FIXED_SEEDS, RANDOM_SEED]) {
    try {
      await fc.assert(property, { seed, numRuns, endOnFailure: false });
    } catch (err) {
      const replay = seed === RANDOM_SEED ? ` (random seed: replay with FUZZ_SEED=${seed})` : ` (fixed seed ${seed})`;
      throw new Error(`fuzz failure${replay}\n${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
}
