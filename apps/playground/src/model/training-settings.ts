/** The training settings that do not change the network's shape. */
import type { PlaygroundFeature } from '@nabla/datasets';
import type { OptimizerName, RegularizationName } from '../state/state.js';

/** Training settings that do not change the network's shape. */
export interface TrainingSettings {
  readonly features: readonly PlaygroundFeature[];
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: OptimizerName;
  readonly regularization: RegularizationName;
  readonly regularizationRate: number;
}
