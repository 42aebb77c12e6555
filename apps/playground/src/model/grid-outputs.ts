/** The network's outputs over a grid of points, read back to the host for the heatmaps. */
import { noGrad } from '@nabla/autograd';
import type { PlaygroundFeature } from '@nabla/datasets';
import { tensor, tidy } from '@nabla/tensor-core';
import { featureMatrix, gridPoints } from '../data/features.js';
import type { PlaygroundNetwork } from './network.js';

/** Host-side outputs of a forward pass over a grid, for heatmaps. */
export interface GridOutputs {
  readonly density: number;
  /** Prediction per grid point, [density², k]. */
  readonly prediction: Float32Array;
  readonly outputs: number;
  /** Each hidden layer's activations, [density², units]. */
  readonly hidden: Float32Array[];
}

/** `network`'s outputs over a density² grid on [-6, 6]². */
export async function gridOutputs(network: PlaygroundNetwork, features: readonly PlaygroundFeature[], density: number): Promise<GridOutputs> {
  const host = featureMatrix(gridPoints(density), features);
  const result = noGrad(() => tidy(() => {
    const r = network.forward(tensor(host, [density * density, features.length]), false);
    return { hidden: r.hidden, prediction: r.prediction };
  }));
  const prediction = Float32Array.from(await result.prediction.data());
  const hidden: Float32Array[] = [];
  for (const h of result.hidden) hidden.push(Float32Array.from(await h.data()));
  const outputs = result.prediction.shape[1];
  result.prediction.dispose();
  for (const h of result.hidden) h.dispose();
  return { density, prediction, outputs, hidden };
}
