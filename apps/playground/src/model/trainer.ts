/** Mini-batch training of the playground network with @nabla/train's fit, one epoch per call. */
import { l2Penalty } from '@nabla/optim';
import { fit } from '@nabla/train';
import { Rng } from '@nabla/tensor-core';
import type { SplitData } from '../data/point-set.js';
import { meanLoss, shuffledBatches, toTensors, type SplitTensors } from '../data/split-tensors.js';
import { gridOutputs, type GridOutputs } from './grid-outputs.js';
import { layerGradients, type LayerGradients } from './layer-gradients.js';
import type { LayerWeights } from '../state/state.js';
import { lossOf } from './loss.js';
import { softThreshold } from './l1-proximal.js';
import { PlaygroundNetwork, type NetworkSpec } from './network.js';
import { createOptimizer, type StepOptimizer } from './optimizer.js';
import type { TrainingSettings } from './training-settings.js';

export type { TrainingSettings } from './training-settings.js';

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

  /**
   * One pass over the training data (TF Playground's "step"); resolves false when there is no
   * training data. fit yields to the browser between batches, so the page stays responsive.
   */
  async trainEpoch(signal?: AbortSignal): Promise<boolean> {
    if (this.train.length === 0) return false;
    const { regularization, regularizationRate: rate } = this.settings;
    const result = await fit(this.network, {
      train: shuffledBatches(this.train, this.order, this.settings.batchSize), optimizer: this.optimizer, epochs: 1, signal,
      forward: (network, batch) => network.forward(batch.input, true).logits,
      loss: (logits, target) => {
        const loss = lossOf(this.network.spec.output, logits, target);
        return regularization === 'L2' && rate > 0 ? loss.add(l2Penalty(this.network.weightMatrices(), rate / 2)) : loss;
      },
      // L1 is a proximal step after each update, so weights reach exactly 0 (see l1-proximal.ts)
      callbacks: regularization === 'L1' && rate > 0
        ? [{ name: 'l1-proximal', onStepEnd: () => softThreshold(this.network.weightMatrices(), this.optimizer.lr * rate) }]
        : [],
    });
    this.iterations += result.state.globalStep;
    if (result.status === 'completed') {
      this.epoch++;
      this.order = this.shuffled();
    }
    return true;
  }

  /** Features, target and coordinates of training example `i`. */
  trainExample(i: number): { features: Float32Array; target: number; xy: [number, number] } {
    const k = this.settings.features.length;
    const set = this.data.train;
    return { features: this.train.host.slice(i * k, (i + 1) * k), target: set.target[i], xy: [set.xy[2 * i], set.xy[2 * i + 1]] };
  }

  /** Mean loss on the training and test points (NaN for an empty split). */
  async losses(): Promise<{ train: number; test: number }> {
    return { train: await meanLoss(this.network, this.train), test: await meanLoss(this.network, this.test) };
  }

  /** ∂loss/∂W per layer on the whole training set (zeros without training data). */
  gradients(): Promise<LayerGradients> {
    if (this.train.length === 0) {
      const sizes = this.network.sizes;
      return Promise.resolve({
        mean: this.network.layers.map(() => 0),
        weight: this.network.layers.map((_, i) => Array.from({ length: sizes[i + 1] }, () => new Array<number>(sizes[i]).fill(0))),
      });
    }
    return layerGradients(this.network, this.train.x, this.train.y);
  }

  /** Network outputs over a density² grid on [-6, 6]². */
  grid(density: number): Promise<GridOutputs> {
    return gridOutputs(this.network, this.settings.features, density);
  }

  /** Release the network, optimizer state and data tensors. */
  dispose(): void {
    this.network.dispose();
    for (const t of [this.train.x, this.train.y, this.test.x, this.test.y]) t.dispose();
  }
}
