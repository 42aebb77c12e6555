/** Deterministic pseudo-random numbers (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` uniform values in [lo, hi). */
export function uniform(n: number, seed: number, lo = -1, hi = 1): number[] {
  const next = rng(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * next());
}

/** `n` integers in [lo, hi). */
export function integers(n: number, seed: number, lo: number, hi: number): number[] {
  const next = rng(seed);
  return Array.from({ length: n }, () => lo + Math.floor((hi - lo) * next()));
}
