/** 2-D max pooling layer. */
import { maxPool2d, type Pair, type Padding, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';

/** Options of the pooling layers. */
export interface Pool2dLayerOptions {
  /** Step between windows (default: the kernel size). */
  readonly stride?: Pair;
  /** Padding (default 0); padded cells never win a max. */
  readonly padding?: Padding;
}

/**
 * Maximum over each KH×KW window: input [N, C, H, W] → [N, C, OH, OW],
 * OH = ⌊(H + pads − KH)/stride⌋ + 1. No parameters.
 */
export class MaxPool2d extends Module {
  constructor(
    /** Window height and width (one number: a square window). */
    readonly kernelSize: Pair,
    /** Stride (default: the kernel size) and padding (default 0). */
    readonly options: Pool2dLayerOptions = {},
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, { kernelSize: this.kernelSize, stride: this.options.stride, padding: this.options.padding });
  }

  protected override describe(): string {
    return `kernel ${JSON.stringify(this.kernelSize)}`;
  }
}
