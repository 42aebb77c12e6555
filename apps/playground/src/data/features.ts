/** Turn points into the network's input features. */
import { playgroundFeatures, type PlaygroundFeature } from '@nabla/datasets';

/** Feature matrix [n, features.length] of the points `xy` ([n, 2] row-major). */
export function featureMatrix(xy: Float32Array, features: readonly PlaygroundFeature[]): Float32Array {
  const n = xy.length / 2;
  if (n === 0) return new Float32Array(0);
  return playgroundFeatures({ data: xy, shape: [n, 2] }, features).data;
}

/** A `density`×`density` grid over [-6, 6]², row 0 at the top (y = 6), as [density², 2] points. */
export function gridPoints(density: number, extent = 6): Float32Array {
  const xy = new Float32Array(density * density * 2);
  for (let r = 0; r < density; r++) {
    for (let c = 0; c < density; c++) {
      const i = r * density + c;
      xy[2 * i] = -extent + ((c + 0.5) / density) * 2 * extent;
      xy[2 * i + 1] = extent - ((r + 0.5) / density) * 2 * extent;
    }
  }
  return xy;
}
