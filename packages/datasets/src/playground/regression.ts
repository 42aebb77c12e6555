import { dataset2D, type Dataset2D, type PlaygroundOptions } from './dataset-2d.js';
import { resolvePlaygroundOptions } from './options.js';

/**
 * Points uniform in ±6 labelled by `target` at the noisy point (noise uniform in ±6 scaled by
 * `noise`), drawing x, y, then the two noise offsets for each sample.
 */
function uniformRegression(op: string, options: PlaygroundOptions, target: (x: number, y: number) => number): Dataset2D {
  const { numSamples, noise, rng } = resolvePlaygroundOptions(op, options, false);
  const radius = 6;
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < numSamples; i++) {
    const x = rng.uniform(-radius, radius);
    const y = rng.uniform(-radius, radius);
    const noiseX = rng.uniform(-radius, radius) * noise;
    const noiseY = rng.uniform(-radius, radius) * noise;
    xs.push(x);
    ys.push(y);
    labels.push(target(x + noiseX, y + noiseY));
  }
  return dataset2D(xs, ys, labels);
}

/** Playground "Plane": uniform in ±6, target (x + y)/10 evaluated at the noisy point. */
export function planeData(options: PlaygroundOptions = {}): Dataset2D {
  return uniformRegression('planeData', options, (x, y) => (x + y) / 10);
}

const GAUSSIANS: readonly (readonly [number, number, number])[] = [
  [-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1],
  [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1],
];

/** Target of {@link multiGaussianData}: the signed bump clamp(1 − d/2, 0, 1) largest in magnitude. */
export function multiGaussianTarget(x: number, y: number): number {
  let label = 0;
  for (const [cx, cy, sign] of GAUSSIANS) {
    const bump = Math.min(1, Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2));
    const value = sign * bump;
    if (Math.abs(value) > Math.abs(label)) label = value;
  }
  return label;
}

/** Playground "Multi Gaussian": uniform in ±6, target from six signed bumps at the noisy point. */
export function multiGaussianData(options: PlaygroundOptions = {}): Dataset2D {
  return uniformRegression('multiGaussianData', options, multiGaussianTarget);
}
