/** Mini-batch training of the playground network on the current data, one epoch or one batch at a time. */
import { l1Penalty, l2Penalty } from '@nabla/optim';
import { noGrad } from '@nabla/autograd';
import { Rng, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import type { PlaygroundFeature } from '@nabla/datasets';
import { featureMatrix, gridPoints } from '../data/features.js';
import type { PointSet, SplitData } from '../data/point-set.js';
import type { LayerWeights, OptimizerName, RegularizationName } from '../state/state.js';
import { lossOf } from './loss.js';
import { PlaygroundNetwork, type NetworkSpec } from './network.js';
import { createOptimizer, type StepOptimizer } from './optimizer.js';

/** Training settings that do not change the network's shape. */
export interface TrainingSettings {
  readonly features: readonly PlaygroundFeature[];
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: OptimizerName;
  readonly regularization: RegularizationName;
  readonly regularizationRate: number;
}

/** Host-side outputs of a forward pass over a grid, for heatmaps. */
export interface GridOutputs {
  readonly density: number;
  /** Prediction per grid point, [density², k]. */
  readonly prediction: Float32Array;
  readonly outputs: number;
  /** Each hidden layer's activations, [density², units]. */
  readonly hidden: Float32Array[];
}

/** Features and targets of one split as tensors on the current backend. */
interface SplitTensors {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly host: Float32Array;
  readonly target: Float32Array;
  readonly length: number;
}

function toTensors(set: PointSet, features: readonly PlaygroundFeature[]): SplitTensors {
  const host = featureMatrix(set.xy, features);
  return {
    x: tensor(host, [set.length, features.length]),
    y: tensor(set.target, [set.length]),
    host,
    target: set.target,
    length: set.length,
  };
}

/** Owns the network, optimizer and data tensors; counts epochs. */
export class Trainer {
  readonly network: PlaygroundNetwork;
  readonly data: SplitData;
  readonly settings: TrainingSettings;
  private readonly optimizer: StepOptimizer;
  private readonly train: SplitTensors;
  private readonly test: SplitTensors;
  private readonly rng: Rng;
  private order: Int32Array;
  private cursor = 0;
  /** Completed passes over the training data. */
  epoch = 0;
  /** Mini-batch updates so far. */
  iterations = 0;

  constructor(spec: NetworkSpec, settings: TrainingSettings, data: SplitData, weights: readonly LayerWeights[] | null) {
    this.settings = settings;
    this.data = data;
    this.network = new PlaygroundNetwork(spec, weights);
    this.optimizer = createOptimizer(settings.optimizer, this.network.parameters(), settings.learningRate);
    this.train = toTensors(data.train, settings.features);
    this.test = toTensors(data.test, settings.features);
    this.rng = new Rng(spec.seed + 7);
    this.order = this.shuffled();
  }

  private shuffled(): Int32Array {
    const order = Int32Array.from({ length: this.train.length }, (_, i) => i);
    this.rng.shuffle(order);
    return order;
  }

  /** One mini-batch update; returns false when there is no training data. */
  trainBatch(): boolean {
    const n = this.train.length;
    if (n === 0) return false;
    const k = this.settings.features.length;
    const size = Math.min(this.settings.batchSize, n - this.cursor);
    const xb = new Float32Array(size * k);
    const yb = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      const j = this.order[this.cursor + i];
      xb.set(this.train.host.subarray(j * k, (j + 1) * k), i * k);
      yb[i] = this.train.target[j];
    }
    tidy(() => {
      this.optimizer.zeroGrad();
      const x = tensor(xb, [size, k]);
      const y = tensor(yb, [size]);
      let loss = lossOf(this.network.spec.output, this.network.forward(x, true).logits, y);
      const rate = this.settings.regularizationRate;
      if (this.settings.regularization === 'L1' && rate > 0) loss = loss.add(l1Penalty(this.network.weightMatrices(), rate));
      if (this.settings.regularization === 'L2' && rate > 0) loss = loss.add(l2Penalty(this.network.weightMatrices(), rate / 2));
      loss.backward();
      this.optimizer.step();
    });
    this.optimizer.zeroGrad();
    this.iterations++;
    this.cursor += size;
    if (this.cursor >= n) {
      this.cursor = 0;
      this.epoch++;
      this.order = this.shuffled();
    }
    return true;
  }

  /** Train until the epoch counter advances (TF Playground's "step"). */
  trainEpoch(): void {
    const start = this.epoch;
    while (this.epoch === start && this.trainBatch());
  }

  /** Features, target and coordinates of training example `i`. */
  trainExample(i: number): { features: Float32Array; target: number; xy: [number, number] } {
    const k = this.settings.features.length;
    const set = this.data.train;
    return { features: this.train.host.slice(i * k, (i + 1) * k), target: set.target[i], xy: [set.xy[2 * i], set.xy[2 * i + 1]] };
  }

  /** Mean loss on the training and test points (NaN for an empty split). */
  async losses(): Promise<{ train: number; test: number }> {
    const one = async (s: SplitTensors): Promise<number> => {
      if (s.length === 0) return Number.NaN;
      const t = this.network.evaluate(s.x, s.y);
      const v = (await t.data())[0];
      t.dispose();
      return v;
    };
    return { train: await one(this.train), test: await one(this.test) };
  }

  /** Network outputs over a density² grid on [-6, 6]². */
  async grid(density: number): Promise<GridOutputs> {
    const host = featureMatrix(gridPoints(density), this.settings.features);
    const result = noGrad(() => tidy(() => {
      const r = this.network.forward(tensor(host, [density * density, this.settings.features.length]), false);
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

  /** Release the network, optimizer state and data tensors. */
  dispose(): void {
    this.network.dispose();
    for (const t of [this.train.x, this.train.y, this.test.x, this.test.y]) t.dispose();
  }
}
