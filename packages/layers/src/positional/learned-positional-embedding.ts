/** Learned absolute position embeddings (GPT-2's `wpe`). */
import { ArgumentError, add, slice, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import { normalInit, type Initializer } from '../init/initializers.js';
import { resolveRng, type InitRngOptions } from '../init/rng-option.js';
import { positionRange } from './position-range.js';

/** Options of `LearnedPositionalEmbedding`. */
export interface LearnedPositionalEmbeddingOptions extends InitRngOptions {
  /** Table initialiser (default N(0, 1), like `Embedding`; GPT-2 uses `normalInit(0, 0.02)`). */
  readonly weightInit?: Initializer;
}

/**
 * A learned vector per position, table `weight` [maxLength, dim]: input x [..., T, dim] (batch
 * first, or unbatched [T, dim]) → x + weight[offset … offset + T − 1], same shape. A sequence
 * reaching past maxLength is a ShapeError naming the shapes.
 */
export class LearnedPositionalEmbedding extends Module<[Tensor, number?], Tensor> {
  /** Positions in the table (the model's block size). */
  readonly maxLength: number;
  /** Features per position. */
  readonly dim: number;
  /** Table [maxLength, dim]. */
  weight: Tensor;

  constructor(maxLength: number, dim: number, options: LearnedPositionalEmbeddingOptions = {}) {
    super();
    for (const [name, v] of [['maxLength', maxLength], ['dim', dim]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ArgumentError('LearnedPositionalEmbedding', `${name} must be a positive integer, got ${v}`);
    }
    this.maxLength = maxLength;
    this.dim = dim;
    this.weight = this.registerParameter('weight', (options.weightInit ?? normalInit(0, 1))([maxLength, dim], resolveRng(options)));
  }

  /** x [..., T, dim] plus the embeddings of positions offset … offset + T − 1 → [..., T, dim]. */
  forward(x: Tensor, offset = 0): Tensor {
    const length = positionRange('LearnedPositionalEmbedding', x, this.dim, offset, this.maxLength);
    return add(x, slice(this.weight, [offset, 0], [length, this.dim]));
  }

  protected override describe(): string {
    return `${this.maxLength} × ${this.dim}`;
  }
}
