/** Seeded random inputs for gradient checks: shapes (with broadcasting), values kept away from kinks. */
import { Rng, shapesEqual } from '@nabla/tensor-core';

/** Host values for one input of a gradient case; floats take the dtype the suite runs in. */
export interface InputSpec {
  readonly shape: readonly number[];
  readonly values: readonly number[];
  readonly kind: 'float' | 'int32' | 'bool';
}

/** Random draws for building gradient-check inputs. */
export class InputGen {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return this.rng.int(lo, hi + 1);
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.rng.uniform();
  }

  /** True with probability 1/2. */
  coin(): boolean {
    return this.rng.uniform() < 0.5;
  }

  /** A shape of rank in [minRank, maxRank] with dimensions in [1, maxDim]. */
  shape(minRank: number, maxRank: number, maxDim = 4): number[] {
    return Array.from({ length: this.int(minRank, maxRank) }, () => this.int(1, maxDim));
  }

  /** A shape that broadcasts to `shape`: leading dims dropped and some dims set to 1. */
  broadcastableTo(shape: readonly number[]): number[] {
    const drop = this.int(0, shape.length);
    const out = shape.slice(drop).map((d) => (this.coin() ? 1 : d));
    return shapesEqual(out, shape) && shape.length > 0 ? out.map((d, i) => (i === 0 ? 1 : d)) : out;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i);
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  }

  /** Float input uniform in [lo, hi), optionally at least `gap` away from each point of `avoid(x)`. */
  floats(shape: readonly number[], lo: number, hi: number, nearest?: (x: number) => number, gap = 0.1): InputSpec {
    const values = Array.from({ length: count(shape) }, () => {
      for (;;) {
        const v = this.uniform(lo, hi);
        if (!nearest || Math.abs(v - nearest(v)) >= gap) return v;
      }
    });
    return { shape, values, kind: 'float' };
  }

  /** Floats with magnitude in [lo, hi) and a random sign. */
  signed(shape: readonly number[], lo: number, hi: number): InputSpec {
    return { shape, values: Array.from({ length: count(shape) }, () => (this.coin() ? 1 : -1) * this.uniform(lo, hi)), kind: 'float' };
  }

  /** Pairwise distinct floats (no ties anywhere): a shuffled grid spaced `spacing` apart, plus jitter. */
  distinct(shape: readonly number[], spacing = 0.25): InputSpec {
    const n = count(shape);
    const p = this.permutation(n);
    const values = p.map((k) => (k - n / 2) * spacing + this.uniform(0, spacing / 4));
    return { shape, values, kind: 'float' };
  }

  /** Floats on the grid offset + k·step (|k| ≤ range/step): two grids with different offsets never tie. */
  grid(shape: readonly number[], step: number, offset: number, range = 2): InputSpec {
    const m = Math.floor(range / step);
    return { shape, values: Array.from({ length: count(shape) }, () => offset + step * this.int(-m, m)), kind: 'float' };
  }

  /** int32 values in [lo, hi]. */
  ints(shape: readonly number[], lo: number, hi: number): InputSpec {
    return { shape, values: Array.from({ length: count(shape) }, () => this.int(lo, hi)), kind: 'int32' };
  }

  /** Random booleans. */
  bools(shape: readonly number[]): InputSpec {
    return { shape, values: Array.from({ length: count(shape) }, () => (this.coin() ? 1 : 0)), kind: 'bool' };
  }

  /** A random subset of 0..rank-1 (non-empty unless rank is 0). */
  axes(rank: number): number[] {
    const chosen = Array.from({ length: rank }, (_, i) => i).filter(() => this.coin());
    return chosen.length > 0 || rank === 0 ? chosen : [this.int(0, rank - 1)];
  }
}

/** Number of elements of a shape. */
export function count(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Nearest integer (for keeping floor/ceil/trunc/mod inputs away from their jumps). */
export const nearestInteger = (x: number): number => Math.round(x);
/** Nearest half-integer k + 0.5 (round's jumps). */
export const nearestHalf = (x: number): number => Math.floor(x) + 0.5;
/** Zero (abs/relu/sign/step kinks). */
export const zero = (): number => 0;
