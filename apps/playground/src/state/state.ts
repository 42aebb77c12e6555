/** The playground's complete configuration: everything a shared link reproduces. */
import type { PlaygroundFeature } from '@nabla/datasets';

/** Built-in data generators plus user data ('custom': clicked or uploaded points). */
export type DatasetName = 'circle' | 'xor' | 'gauss' | 'spiral' | 'plane' | 'multigauss' | 'multispiral' | 'custom';
/** Hidden-layer and output activations. */
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'linear' | 'step';
/** Classification (binary or, with multispiral/custom classes, multiclass) or regression. */
export type ProblemType = 'classification' | 'regression';
/** Weight penalty added to the training loss. */
export type RegularizationName = 'none' | 'L1' | 'L2';
/** Update rule. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam';
/** Cross-entropy (maximum likelihood) or the TF Playground's squared error. */
export type LossName = 'crossEntropy' | 'squared';

/** One user-supplied point: coordinates in [-6, 6]² and its label (±1, class id or target). */
export interface CustomPoint {
  readonly x: number;
  readonly y: number;
  readonly label: number;
}

/** Explicit parameters of every layer (set by presets or by editing): weight [out][in], bias [out]. */
export interface LayerWeights {
  readonly weight: number[][];
  readonly bias: number[];
}

/** The whole playground state. */
export interface PlaygroundState {
  dataset: DatasetName;
  problem: ProblemType;
  /** Arms of the multiclass spiral (3–5). */
  numClasses: number;
  /** Percentage of points used for training (10–90). */
  percTrain: number;
  /** Noise on the playground's 0–50 scale. */
  noise: number;
  /** Mini-batch size (1–30). */
  batchSize: number;
  /** Seed of data generation and the train/test split. */
  seed: number;
  /** Seed of the initial weights and the mini-batch order (Reset draws a new one). */
  initSeed: number;
  features: PlaygroundFeature[];
  /** Neurons per hidden layer (0–6 layers of 1–8). */
  hidden: number[];
  /** Activation of each hidden layer (same length as `hidden`). */
  activations: ActivationName[];
  /** Activation of the output layer for binary classification and regression. */
  outputActivation: ActivationName;
  /** Dropout probability after each hidden layer (0 disables). */
  dropout: number;
  learningRate: number;
  regularization: RegularizationName;
  regularizationRate: number;
  optimizer: OptimizerName;
  loss: LossName;
  showTestData: boolean;
  discretize: boolean;
  /** Points of the 'custom' dataset. */
  customPoints: CustomPoint[];
  /** Explicit parameters; null means "initialise from the seed". */
  weights: LayerWeights[] | null;
}

/** Learning rates offered (the TF Playground's list). */
export const LEARNING_RATES: readonly number[] = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
/** Regularisation rates offered (the TF Playground's list). */
export const REGULARIZATION_RATES: readonly number[] = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
/** Most hidden layers. */
export const MAX_LAYERS = 6;
/** Most neurons in one hidden layer. */
export const MAX_NEURONS = 8;

/** The state a fresh page starts from. */
export function defaultState(): PlaygroundState {
  return {
    dataset: 'circle',
    problem: 'classification',
    numClasses: 3,
    percTrain: 50,
    noise: 0,
    batchSize: 10,
    seed: 1,
    initSeed: 1,
    features: ['x1', 'x2', 'sinX1', 'sinX2'],
    hidden: [8, 8, 5],
    activations: ['tanh', 'tanh', 'tanh'],
    outputActivation: 'sigmoid',
    dropout: 0,
    learningRate: 0.01,
    regularization: 'none',
    regularizationRate: 0,
    optimizer: 'adam',
    loss: 'crossEntropy',
    showTestData: false,
    discretize: false,
    customPoints: [],
    weights: null,
  };
}

/** Regression datasets. */
export function isRegressionDataset(name: DatasetName): boolean {
  return name === 'plane' || name === 'multigauss';
}

/** Number of classes the current problem predicts (1 output for binary classification and regression). */
export function classCount(state: PlaygroundState): number {
  if (state.problem === 'regression') return 1;
  if (state.dataset === 'multispiral') return state.numClasses;
  if (state.dataset === 'custom') {
    const max = state.customPoints.reduce((m, p) => Math.max(m, p.label), 1);
    return max >= 2 ? Math.round(max) + 1 : 2;
  }
  return 2;
}

/** Whether the output is a softmax over more than two classes. */
export function isMulticlass(state: PlaygroundState): boolean {
  return state.problem === 'classification' && classCount(state) > 2;
}
