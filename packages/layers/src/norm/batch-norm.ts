/** Batch normalisation over the channel axis, with running statistics. */
import {
  assertTensor,
  ArgumentError, ShapeError, add, div, mean, mul, ones, scalar, sqrt, sub, tidy, variance, withoutRecording, zeros,
  type Tensor,
} from '@nabla/tensor-core';
import { Module } from '../module/module.js';

/** Options of the batch-norm layers (PyTorch's defaults). */
export interface BatchNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  readonly eps?: number;
  /** Weight of the new batch in the running averages (default 0.1). */
  readonly momentum?: number;
  /** Learn a per-channel scale `weight` and shift `bias` (default true). */
  readonly affine?: boolean;
  /** Keep running_mean / running_var for eval mode (default true). */
  readonly trackRunningStats?: boolean;
}

/**
 * Shared by BatchNorm1d and BatchNorm2d. Training mode normalises with the batch's mean and
 * biased variance over every axis but 1 (channels) and updates
 * running = (1 − momentum)·running + momentum·batch (running_var with the unbiased variance);
 * eval mode normalises with the running statistics. y = (x − μ)/√(σ² + eps)·weight + bias.
 * Parameters weight [C] (init 1) and bias [C] (init 0); buffers running_mean [C] (0),
 * running_var [C] (1) and num_batches_tracked [] (int32, 0), named as in PyTorch.
 */
export abstract class BatchNormBase extends Module {
  /** Channels C. */
  readonly numFeatures: number;
  /** Variance epsilon. */
  readonly eps: number;
  /** Running-average momentum. */
  readonly momentum: number;
  /** Scale [C], or null when not affine. */
  weight: Tensor | null;
  /** Shift [C], or null when not affine. */
  bias: Tensor | null;
  readonly #ranks: readonly number[];
  readonly #op: string;
  readonly #track: boolean;

  protected constructor(op: string, ranks: readonly number[], numFeatures: number, options: BatchNormOptions) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures <= 0) throw new ArgumentError(op, `numFeatures must be a positive integer, got ${numFeatures}`);
    const eps = options.eps ?? 1e-5;
    const momentum = options.momentum ?? 0.1;
    if (!(eps >= 0)) throw new ArgumentError(op, `eps must be >= 0, got ${eps}`);
    if (!(momentum >= 0 && momentum <= 1)) throw new ArgumentError(op, `momentum must be in [0, 1], got ${momentum}`);
    this.#op = op;
    this.#ranks = ranks;
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    const affine = options.affine ?? true;
    this.weight = affine ? this.registerParameter('weight', ones([numFeatures])) : null;
    this.bias = affine ? this.registerParameter('bias', zeros([numFeatures])) : null;
    this.#track = options.trackRunningStats ?? true;
    if (this.#track) {
      this.registerBuffer('running_mean', zeros([numFeatures]));
      this.registerBuffer('running_var', ones([numFeatures]));
      this.registerBuffer('num_batches_tracked', zeros([], 'int32'));
    }
  }

  /** Running mean [C] (a buffer), or null without running statistics. */
  get runningMean(): Tensor | null {
    return this.#track ? this.tensorField('running_mean') : null;
  }

  /** Running variance [C] (a buffer), or null without running statistics. */
  get runningVar(): Tensor | null {
    return this.#track ? this.tensorField('running_var') : null;
  }

  forward(x: Tensor): Tensor {
    assertTensor(this.#op, x, 'input');
    const op = this.#op;
    if (!this.#ranks.includes(x.rank) || x.shape[1] !== this.numFeatures) {
      const expected = this.#ranks.map((r) => `[N, ${this.numFeatures}${', ·'.repeat(r - 2)}]`).join(' or ');
      throw new ShapeError(op, `input must be ${expected}, got [${x.shape.join(',')}]`);
    }
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const bshape = x.shape.map((d, i) => (i === 1 ? d : 1));
    let mu: Tensor;
    let sigma2: Tensor;
    const useBatch = this.training || !this.#track;
    if (useBatch) {
      const count = axes.reduce((n, a) => n * x.shape[a], 1);
      if (count < 2 && this.training) {
        throw new ShapeError(op, `training needs more than 1 value per channel, got input [${x.shape.join(',')}]`);
      }
      mu = mean(x, axes, { keepDims: true });
      sigma2 = variance(x, axes, { keepDims: true });
      if (this.training && this.#track) this.updateRunningStats(mu, sigma2, count);
    } else {
      mu = (this.runningMean as Tensor).reshape(bshape);
      sigma2 = (this.runningVar as Tensor).reshape(bshape);
    }
    let y = div(sub(x, mu), sqrt(add(sigma2, this.eps)));
    if (this.weight) y = mul(y, this.weight.reshape(bshape));
    if (this.bias) y = add(y, this.bias.reshape(bshape));
    return y;
  }

  private updateRunningStats(mu: Tensor, sigma2: Tensor, count: number): void {
    const m = this.momentum;
    withoutRecording(() =>
      tidy(() => {
        const rm = this.runningMean as Tensor;
        const rv = this.runningVar as Tensor;
        const unbiased = mul(sigma2.reshape([this.numFeatures]), count / (count - 1));
        rm.assign(add(mul(rm, 1 - m), mul(mu.reshape([this.numFeatures]), m)));
        rv.assign(add(mul(rv, 1 - m), mul(unbiased, m)));
        const n = this.tensorField('num_batches_tracked');
        n.assign(add(n, scalar(1, 'int32')));
      }),
    );
  }

  protected override describe(): string {
    return `${this.numFeatures}, eps ${this.eps}, momentum ${this.momentum}`;
  }
}

/** Batch norm for [N, C] or [N, C, L] inputs (output has the input's shape). */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', [2, 3], numFeatures, options);
  }
}

/** Batch norm for [N, C, H, W] inputs (output has the input's shape). */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', [4], numFeatures, options);
  }
}
