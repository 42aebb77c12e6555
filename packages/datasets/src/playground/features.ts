import { DatasetArgumentError } from '../errors.js';
import type { HostArray } from '../loader/host-array.js';

/** The playground's input features: X₁, X₂, X₁², X₂², X₁X₂, sin X₁, sin X₂. */
export type PlaygroundFeature = 'x1' | 'x2' | 'x1Squared' | 'x2Squared' | 'x1TimesX2' | 'sinX1' | 'sinX2';

/** Every feature, in the playground's order. */
export const PLAYGROUND_FEATURES: readonly PlaygroundFeature[] = ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1TimesX2', 'sinX1', 'sinX2'];

const FEATURE_FNS: Readonly<Record<PlaygroundFeature, (a: number, b: number) => number>> = {
  x1: (a) => a,
  x2: (_a, b) => b,
  x1Squared: (a) => a * a,
  x2Squared: (_a, b) => b * b,
  x1TimesX2: (a, b) => a * b,
  sinX1: (a) => Math.sin(a),
  sinX2: (_a, b) => Math.sin(b),
};

/** Map points [N, 2] to the chosen features [N, k] (default: all seven, in order). */
export function playgroundFeatures(points: HostArray<Float32Array>, features: readonly PlaygroundFeature[] = PLAYGROUND_FEATURES): HostArray<Float32Array> {
  if (points.shape.length !== 2 || points.shape[1] !== 2) {
    throw new DatasetArgumentError('playgroundFeatures', `points must have shape [N, 2], got [${points.shape.join(', ')}]`);
  }
  if (features.length === 0) throw new DatasetArgumentError('playgroundFeatures', 'choose at least one feature');
  const fns = features.map((f) => {
    const fn = FEATURE_FNS[f];
    if (fn === undefined) throw new DatasetArgumentError('playgroundFeatures', `unknown feature '${String(f)}' (known: ${PLAYGROUND_FEATURES.join(', ')})`);
    return fn;
  });
  const n = points.shape[0];
  const k = fns.length;
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const a = points.data[2 * i];
    const b = points.data[2 * i + 1];
    for (let j = 0; j < k; j++) out[i * k + j] = fns[j](a, b);
  }
  return { data: out, shape: [n, k] };
}
