import { DatasetArgumentError } from '../errors.js';
import { deriveSeed } from '../random/mulberry32.js';
import { seededPermutation } from '../random/permutation.js';

/** Sample order for one epoch: `base` as is, or a permutation seeded by (seed, epoch). */
export function epochOrder(base: Int32Array, shuffle: boolean, seed: number, epoch: number): Int32Array {
  if (!shuffle) return base;
  const perm = seededPermutation(base.length, deriveSeed(seed, epoch));
  const out = new Int32Array(base.length);
  for (let i = 0; i < base.length; i++) out[i] = base[perm[i]];
  return out;
}

/** Validated subset indices (or 0..length-1). */
export function baseIndices(length: number, indices: ArrayLike<number> | undefined, caller: string): Int32Array {
  if (indices === undefined) {
    const all = new Int32Array(length);
    for (let i = 0; i < length; i++) all[i] = i;
    return all;
  }
  const out = Int32Array.from(indices);
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== indices[i] || out[i] < 0 || out[i] >= length) {
      throw new DatasetArgumentError(caller, `indices[${i}] = ${indices[i]} is not an integer in 0..${length - 1}`);
    }
  }
  return out;
}
