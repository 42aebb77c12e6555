/** 1-D convolution layer. */
import { assertTensor, ArgumentError, ShapeError, add, conv1d, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import { fanUniform, type Initializer } from '../init/initializers.js';
import { resolveRng, type InitRngOptions } from '../init/rng-option.js';

/** Padding of a 1-D convolution: 'valid', 'same', both sides, or [left, right]. */
export type Padding1d = 'valid' | 'same' | number | readonly [number, number];

/** Options of `Conv1d`. */
export interface Conv1dLayerOptions extends InitRngOptions {
  /** Step between windows (default 1). */
  readonly stride?: number;
  /** Padding (default 0). */
  readonly padding?: Padding1d;
  /** Spacing between kernel taps (default 1). */
  readonly dilation?: number;
  /** Learn a per-channel bias (default true). */
  readonly bias?: boolean;
  /** Weight initialiser (default PyTorch's U(±1/√(C·K))). */
  readonly weightInit?: Initializer;
  /** Bias initialiser (default PyTorch's U(±1/√(C·K))). */
  readonly biasInit?: Initializer;
}

/**
 * 1-D cross-correlation (PyTorch's nn.Conv1d): input [N, C, L] → output [N, O, OL],
 * OL = ⌊(L + padLeft + padRight − dilation·(K−1) − 1)/stride⌋ + 1.
 * Weight [O, C, K], bias [O]. Default init (PyTorch): U(±1/√(C·K)) for both.
 */
export class Conv1d extends Module {
  /** Input channels C. */
  readonly inChannels: number;
  /** Output channels O. */
  readonly outChannels: number;
  /** Kernel length K. */
  readonly kernelSize: number;
  /** Stride. */
  readonly stride: number;
  /** Padding option. */
  readonly padding: Padding1d;
  /** Dilation. */
  readonly dilation: number;
  /** Filters [O, C, K]. */
  weight: Tensor;
  /** Bias [O], or null. */
  bias: Tensor | null;

  constructor(inChannels: number, outChannels: number, kernelSize: number, options: Conv1dLayerOptions = {}) {
    super();
    for (const [name, v] of [['inChannels', inChannels], ['outChannels', outChannels], ['kernelSize', kernelSize]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ArgumentError('Conv1d', `${name} must be a positive integer, got ${v}`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    const rng = resolveRng(options);
    const fanIn = inChannels * kernelSize;
    this.weight = this.registerParameter('weight', (options.weightInit ?? fanUniform(fanIn))([outChannels, inChannels, kernelSize], rng));
    this.bias = options.bias === false ? null : this.registerParameter('bias', (options.biasInit ?? fanUniform(fanIn))([outChannels], rng));
  }

  forward(x: Tensor): Tensor {
    assertTensor('Conv1d', x, 'input');
    if (x.rank !== 3 || x.shape[1] !== this.inChannels) {
      throw new ShapeError('Conv1d', `input must be [N, ${this.inChannels}, L], got [${x.shape.join(',')}]`);
    }
    const y = conv1d(x, this.weight, { stride: this.stride, padding: this.padding, dilation: this.dilation });
    return this.bias ? add(y, this.bias.reshape([1, this.outChannels, 1])) : y;
  }

  protected override describe(): string {
    return `${this.inChannels} → ${this.outChannels}, kernel ${this.kernelSize}, stride ${this.stride}, padding ${JSON.stringify(this.padding)}`;
  }
}
