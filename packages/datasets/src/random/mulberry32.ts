/**
 * Small, fast, seeded pseudo-random generator (mulberry32, 32-bit state). Deterministic for a
 * given seed on every platform; not cryptographic.
 */
export class Mulberry32 {
  private state: number;

  /** Seed with any number; it is reduced to an unsigned 32-bit integer. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform float in [a, b). */
  uniform(a: number, b: number): number {
    return this.next() * (b - a) + a;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Normal sample with the given mean and variance (Marsaglia polar method, as the playground). */
  normal(mean = 0, variance = 1): number {
    let v1: number;
    let v2: number;
    let s: number;
    do {
      v1 = 2 * this.next() - 1;
      v2 = 2 * this.next() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s > 1 || s === 0);
    return mean + Math.sqrt(variance) * Math.sqrt((-2 * Math.log(s)) / s) * v1;
  }
}

/** Mix a seed and a stream number (e.g. an epoch) into a new 32-bit seed. */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
