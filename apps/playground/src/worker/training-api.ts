/**
 * What the page asks of the training side. The worker (training-worker.ts) runs a TrainingSession
 * that implements it; the page talks to it through WorkerTraining with the same signatures.
 */
import type { GraphTrace } from '@nabla/autograd';
import type { BackendName } from '../backends/backend-registry.js';
import type { SplitData } from '../data/point-set.js';
import type { GridOutputs } from '../model/grid-outputs.js';
import type { LayerGradients } from '../model/layer-gradients.js';
import type { LayerInspection } from '../model/example-inspection.js';
import type { LayerWeights, PlaygroundState } from '../state/state.js';

/** Mean data loss on the training and test points (NaN for an empty split). */
export interface Losses {
  readonly train: number;
  readonly test: number;
}

/** The network after a (re)build. */
export interface BuildResult {
  readonly data: SplitData;
  /** [inputs, ...hidden, outputs]. */
  readonly sizes: number[];
  readonly epoch: number;
  readonly iterations: number;
  readonly losses: Losses;
}

/** One trained epoch. */
export interface TrainResult {
  readonly epoch: number;
  /** Mini-batch updates so far, and in this epoch. */
  readonly iterations: number;
  readonly steps: number;
  readonly losses: Losses;
}

/** One training example traced through the network and loss. */
export interface TraceResult {
  readonly trace: GraphTrace;
  readonly index: number;
  /** Target as the network sees it (0/1, class id or value). */
  readonly target: number;
  readonly xy: [number, number];
  readonly loss: number;
}

/** One example through the network: every layer's input sums, activations and error terms. */
export interface InspectResult {
  readonly index: number;
  readonly target: number;
  readonly xy: [number, number];
  readonly loss: number;
  readonly layers: LayerInspection[];
}

/** The training side's operations; each is asynchronous (a message round trip to the worker). */
export interface TrainingApi {
  /**
   * Build data and network for `state`. With `carry`, the current parameters (when their shapes
   * fit), epoch and iteration count survive; otherwise the state's weights or its initSeed are used.
   */
  build(state: PlaygroundState, carry: boolean): Promise<BuildResult>;
  /** Train one epoch. */
  train(): Promise<TrainResult>;
  /** Outputs over a density² grid (prediction and every hidden unit). */
  grid(density: number): Promise<GridOutputs>;
  /** ∂loss/∂W of each layer's weight matrix (first layer first) on the training set, and mean |·|. */
  gradients(): Promise<LayerGradients>;
  /** Every parameter. */
  weights(): Promise<LayerWeights[]>;
  /** Set one weight (or a bias, from = null); resolves to all parameters. */
  setParameter(layer: number, to: number, from: number | null, value: number): Promise<LayerWeights[]>;
  /** Move to backend `name` with the current parameters (on failure the previous backend stays). */
  setBackend(name: BackendName): Promise<BuildResult>;
  /** z, a and δ = ∂L/∂z of every neuron for training example `index` (clamped). */
  inspect(index: number): Promise<InspectResult>;
  /** Trace training example `index` (clamped) forward and backward. */
  trace(index: number): Promise<TraceResult>;
}

/** A request message: a method of TrainingApi and its arguments. */
export type TrainingRequest = {
  [K in keyof TrainingApi]: { readonly id: number; readonly method: K; readonly args: Parameters<TrainingApi[K]> };
}[keyof TrainingApi];

/** The worker's answer to request `id`. */
export type TrainingResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string };
