import { DatasetArgumentError } from '../errors.js';
import type { HostArray } from '../loader/host-array.js';
import type { PlaygroundOptions } from './dataset-2d.js';
import { resolvePlaygroundOptions } from './options.js';

/** Options of {@link multiclassSpiralData}: `numSamples` is the total, split evenly over classes. */
export interface MulticlassSpiralOptions extends PlaygroundOptions {
  /** Number of arms (classes), at least 2; default 3. */
  readonly numClasses?: number;
}

/** Points [N, 2] with integer class ids [N] in 0..numClasses-1. */
export interface MulticlassDataset2D {
  /** Point coordinates, [N, 2]. */
  readonly x: HostArray<Float32Array>;
  /** Class id of each point (its spiral arm), [N]. */
  readonly y: HostArray<Int32Array>;
  /** N, the number of points. */
  readonly length: number;
  /** K, the number of classes (arms). */
  readonly numClasses: number;
}

/**
 * K-arm spiral for multiclass problems: the playground spiral's formula with arm k rotated by
 * 2πk/K (K = 2 reproduces `spiralData` with +1 → 0 and −1 → 1).
 */
export function multiclassSpiralData(options: MulticlassSpiralOptions = {}): MulticlassDataset2D {
  const numClasses = options.numClasses ?? 3;
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new DatasetArgumentError('multiclassSpiralData', `numClasses must be an integer ≥ 2, got ${numClasses}`);
  }
  const { numSamples, noise, rng } = resolvePlaygroundOptions('multiclassSpiralData', { numSamples: 600, ...options }, false);
  if (numSamples % numClasses !== 0) {
    throw new DatasetArgumentError('multiclassSpiralData', `numSamples (${numSamples}) must be a multiple of numClasses (${numClasses})`);
  }
  const n = numSamples / numClasses;
  const x = new Float32Array(2 * numSamples);
  const y = new Int32Array(numSamples);
  let p = 0;
  for (let k = 0; k < numClasses; k++) {
    const deltaT = (2 * Math.PI * k) / numClasses;
    for (let i = 0; i < n; i++, p++) {
      const r = (i / n) * 5;
      const t = ((1.75 * i) / n) * 2 * Math.PI + deltaT;
      x[2 * p] = r * Math.sin(t) + rng.uniform(-1, 1) * noise;
      x[2 * p + 1] = r * Math.cos(t) + rng.uniform(-1, 1) * noise;
      y[p] = k;
    }
  }
  return { x: { data: x, shape: [numSamples, 2] }, y: { data: y, shape: [numSamples] }, length: numSamples, numClasses };
}
