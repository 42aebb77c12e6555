/** 2-D average pooling layer. */
import { avgPool2d, type Pair, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import type { Pool2dLayerOptions } from './max-pool2d.js';

/** Options of `AvgPool2d`. */
export interface AvgPool2dOptions extends Pool2dLayerOptions {
  /** Divide by the full window including padded cells (PyTorch's default, true). */
  readonly countIncludePad?: boolean;
}

/**
 * Mean over each KH×KW window: input [N, C, H, W] → [N, C, OH, OW],
 * OH = ⌊(H + pads − KH)/stride⌋ + 1. No parameters.
 */
export class AvgPool2d extends Module {
  constructor(
    /** Window height and width (one number: a square window). */
    readonly kernelSize: Pair,
    /** Stride (default: the kernel size), padding (default 0) and countIncludePad (default true). */
    readonly options: AvgPool2dOptions = {},
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, {
      kernelSize: this.kernelSize,
      stride: this.options.stride,
      padding: this.options.padding,
      countIncludePad: this.options.countIncludePad,
    });
  }

  protected override describe(): string {
    return `kernel ${JSON.stringify(this.kernelSize)}`;
  }
}
