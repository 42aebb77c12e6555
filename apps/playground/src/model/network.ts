/** The playground's network: Dense layers from @nabla/layers, per-layer activations and dropout. */
import { noGrad } from '@nabla/autograd';
import { Dense, Dropout } from '@nabla/layers';
import { Rng, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import type { ActivationName, LayerWeights } from '../state/state.js';
import { forwardLayers, type AffineParams } from './forward.js';
import { lossOf, predict, type OutputSpec } from './loss.js';

/** Shape and behaviour of a network. */
export interface NetworkSpec {
  readonly inputs: number;
  readonly hidden: readonly number[];
  readonly activations: readonly ActivationName[];
  readonly output: OutputSpec;
  readonly dropout: number;
  readonly seed: number;
}

/** Everything one forward pass produces on a batch of points. */
export interface ForwardResult {
  /** Activation of every hidden layer, [n, units]. */
  readonly hidden: Tensor[];
  /** Output pre-activation [n, k]. */
  readonly logits: Tensor;
  /** Prediction [n, k] (probability, class probabilities or value). */
  readonly prediction: Tensor;
}

/** A multilayer perceptron whose parameters can be read, edited and moved between backends. */
export class PlaygroundNetwork {
  readonly spec: NetworkSpec;
  readonly layers: Dense[];
  readonly dropouts: Dropout[];

  constructor(spec: NetworkSpec, weights: readonly LayerWeights[] | null = null) {
    this.spec = spec;
    const rng = new Rng(spec.seed);
    const sizes = [spec.inputs, ...spec.hidden, spec.output.kind === 'multiclass' ? spec.output.numClasses : 1];
    this.layers = sizes.slice(1).map((out, i) => new Dense(sizes[i], out, { rng }));
    this.dropouts = spec.hidden.map(() => new Dropout(spec.dropout, { rng }));
    if (weights !== null && this.fits(weights)) this.setWeights(weights);
  }

  /** Output size of each layer including the inputs: [inputs, ...hidden, outputs]. */
  get sizes(): number[] {
    return [this.spec.inputs, ...this.layers.map((l) => l.outFeatures)];
  }

  /** Every trainable tensor. */
  parameters(): Tensor[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /** Only the weight matrices (what L1/L2 penalise, as in TF Playground). */
  weightMatrices(): Tensor[] {
    return this.layers.map((l) => l.weight);
  }

  private params(): AffineParams[] {
    return this.layers.map((l) => {
      if (l.bias === null) throw new Error('PlaygroundNetwork: every layer has a bias');
      return { weight: l.weight, bias: l.bias };
    });
  }

  /** Forward pass; dropout is active only with `training`. */
  forward(x: Tensor, training: boolean): ForwardResult {
    for (const d of this.dropouts) d.train(training);
    const drop = this.spec.dropout > 0 && training ? (a: Tensor, i: number) => this.dropouts[i].call(a) : undefined;
    const { hidden, logits } = forwardLayers(x, this.params(), this.spec.activations, drop);
    return { hidden, logits, prediction: predict(this.spec.output, logits) };
  }

  /** Mean loss on (x, target) without dropout and without recording gradients. */
  evaluate(x: Tensor, target: Tensor): Tensor {
    return noGrad(() => tidy(() => lossOf(this.spec.output, this.forward(x, false).logits, target)));
  }

  /** Whether `weights` has exactly this network's layer shapes. */
  fits(weights: readonly LayerWeights[]): boolean {
    const sizes = this.sizes;
    return weights.length === this.layers.length &&
      weights.every((l, i) => l.bias.length === sizes[i + 1] && l.weight.length === sizes[i + 1] && l.weight.every((r) => r.length === sizes[i]));
  }

  /** Overwrite every parameter (shapes must fit). */
  setWeights(weights: readonly LayerWeights[]): void {
    if (!this.fits(weights)) throw new RangeError(`PlaygroundNetwork.setWeights: weights do not fit layer sizes [${this.sizes.join(', ')}]`);
    noGrad(() => tidy(() => {
      weights.forEach((lw, i) => {
        const layer = this.layers[i];
        layer.weight.assign(tensor(Float32Array.from(lw.weight.flat()), [...layer.weight.shape]));
        layer.bias?.assign(tensor(Float32Array.from(lw.bias), [lw.bias.length]));
      });
    }));
  }

  /** Set one parameter: weight [layer][to][from], or the bias of [layer][to] when `from` is null. */
  async setParameter(layer: number, to: number, from: number | null, value: number): Promise<void> {
    const weights = await this.getWeights();
    if (from === null) weights[layer].bias[to] = value;
    else weights[layer].weight[to][from] = value;
    this.setWeights(weights);
  }

  /** Read every parameter back to the host. */
  async getWeights(): Promise<LayerWeights[]> {
    const out: LayerWeights[] = [];
    for (const layer of this.layers) {
      const [rows, cols] = layer.weight.shape;
      const w = await layer.weight.data();
      const b = layer.bias ? await layer.bias.data() : new Float32Array(rows);
      const weight: number[][] = [];
      for (let r = 0; r < rows; r++) weight.push(Array.from(w.subarray(r * cols, (r + 1) * cols), Number));
      out.push({ weight, bias: Array.from(b, Number) });
    }
    return out;
  }

  /** Wait until queued work on the parameters has finished (reads one value back). */
  async sync(): Promise<void> {
    await this.layers[this.layers.length - 1].weight.data();
  }

  /** Release every parameter. */
  dispose(): void {
    for (const l of this.layers) l.dispose();
  }
}
