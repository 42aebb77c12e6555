import type { HostArray } from '../loader/host-array.js';

/** Points `x` of shape [N, 2] and labels `y` of shape [N] (±1 for classification, real for regression). */
export interface Dataset2D {
  /** Point coordinates, [N, 2]. */
  readonly x: HostArray<Float32Array>;
  /** Label of each point, [N]: ±1 for classification, a real target for regression. */
  readonly y: HostArray<Float32Array>;
  /** N, the number of points. */
  readonly length: number;
}

/** Options shared by the playground generators. */
export interface PlaygroundOptions {
  /** Number of points; default 500 (the playground's). */
  readonly numSamples?: number;
  /** Noise on the playground's 0–50 slider scale; default 0. */
  readonly noise?: number;
  /** PRNG seed; default 0. */
  readonly seed?: number;
}

/** Build a {@link Dataset2D} from parallel coordinate and label lists. */
export function dataset2D(xs: ArrayLike<number>, ys: ArrayLike<number>, labels: ArrayLike<number>): Dataset2D {
  const n = labels.length;
  const x = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = xs[i];
    x[2 * i + 1] = ys[i];
  }
  return { x: { data: x, shape: [n, 2] }, y: { data: Float32Array.from(labels), shape: [n] }, length: n };
}
