/** Collapsing dimensions into one. */
import { flatten, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';

/**
 * Merge dims startDim..endDim (default 1..−1, keeping the batch axis):
 * [N, C, H, W] → [N, C·H·W]. No parameters.
 */
export class Flatten extends Module {
  constructor(
    /** First axis merged (default 1, keeping the batch axis); negative counts from the end. */
    readonly startDim = 1,
    /** Last axis merged, inclusive (default −1, the last). */
    readonly endDim = -1,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }

  protected override describe(): string {
    return `${this.startDim}..${this.endDim}`;
  }
}
