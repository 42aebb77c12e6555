/** 2-D convolution layer. */
import { assertTensor, ArgumentError, ShapeError, add, conv2d, type Pair, type Padding, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import { fanUniform, type Initializer } from '../init/initializers.js';
import { resolveRng, type InitRngOptions } from '../init/rng-option.js';

/** Options of `Conv2d`. */
export interface Conv2dLayerOptions extends InitRngOptions {
  /** Step between windows (default 1). */
  readonly stride?: Pair;
  /** 'valid', 'same', a number, [h, w] or [top, bottom, left, right] (default 0). */
  readonly padding?: Padding;
  /** Spacing between kernel taps (default 1). */
  readonly dilation?: Pair;
  /** Learn a per-channel bias (default true). */
  readonly bias?: boolean;
  /** Weight initialiser (default PyTorch's U(±1/√(C·KH·KW))). */
  readonly weightInit?: Initializer;
  /** Bias initialiser (default PyTorch's U(±1/√(C·KH·KW))). */
  readonly biasInit?: Initializer;
}

/**
 * 2-D cross-correlation (PyTorch's nn.Conv2d): input [N, C, H, W] → output [N, O, OH, OW],
 * OH = ⌊(H + padTop + padBottom − dilation·(KH−1) − 1)/stride⌋ + 1 (likewise OW).
 * Weight [O, C, KH, KW] (OIHW), bias [O]. Default init (PyTorch): U(±1/√(C·KH·KW)) for both.
 *
 * @example
 * ```ts
 * import { Conv2d } from '@nabla/layers';
 * import { randn } from '@nabla/tensor-core';
 *
 * const conv = new Conv2d(3, 16, 3, { padding: 1, stride: 2 });
 * const features = conv.forward(randn([8, 3, 32, 32]));   // [8, 16, 16, 16]
 * ```
 */
export class Conv2d extends Module {
  /** Input channels C. */
  readonly inChannels: number;
  /** Output channels O. */
  readonly outChannels: number;
  /** [KH, KW]. */
  readonly kernelSize: readonly [number, number];
  /** Stride option. */
  readonly stride: Pair;
  /** Padding option. */
  readonly padding: Padding;
  /** Dilation option. */
  readonly dilation: Pair;
  /** Filters [O, C, KH, KW]. */
  weight: Tensor;
  /** Bias [O], or null. */
  bias: Tensor | null;

  constructor(inChannels: number, outChannels: number, kernelSize: Pair, options: Conv2dLayerOptions = {}) {
    super();
    const k: [number, number] = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : Array.isArray(kernelSize) ? [kernelSize[0], kernelSize[1]] : [Number.NaN, Number.NaN];
    for (const [name, v] of [['inChannels', inChannels], ['outChannels', outChannels], ['kernel height', k[0]], ['kernel width', k[1]]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ArgumentError('Conv2d', `${name} must be a positive integer, got ${v}`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = k;
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    const rng = resolveRng(options);
    const fanIn = inChannels * k[0] * k[1];
    this.weight = this.registerParameter('weight', (options.weightInit ?? fanUniform(fanIn))([outChannels, inChannels, k[0], k[1]], rng));
    this.bias = options.bias === false ? null : this.registerParameter('bias', (options.biasInit ?? fanUniform(fanIn))([outChannels], rng));
  }

  forward(x: Tensor): Tensor {
    assertTensor('Conv2d', x, 'input');
    if (x.rank !== 4 || x.shape[1] !== this.inChannels) {
      throw new ShapeError('Conv2d', `input must be [N, ${this.inChannels}, H, W], got [${x.shape.join(',')}]`);
    }
    const y = conv2d(x, this.weight, { stride: this.stride, padding: this.padding, dilation: this.dilation });
    return this.bias ? add(y, this.bias.reshape([1, this.outChannels, 1, 1])) : y;
  }

  protected override describe(): string {
    return `${this.inChannels} → ${this.outChannels}, kernel ${this.kernelSize.join('×')}, stride ${JSON.stringify(this.stride)}, padding ${JSON.stringify(this.padding)}`;
  }
}
