/** Lookup tables of learned vectors. */
import { assertTensor, ArgumentError, DTypeError, gather, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import { normalInit, type Initializer } from '../init/initializers.js';
import { resolveRng, type InitRngOptions } from '../init/rng-option.js';

/** Options of `Embedding`. */
export interface EmbeddingOptions extends InitRngOptions {
  /** Weight initialiser (default PyTorch's N(0, 1)). */
  readonly weightInit?: Initializer;
}

/**
 * Embedding table weight [numEmbeddings, dim]. Input int32 indices of any shape [...] →
 * output [..., dim] (row `i` of the table for index `i`). Default init (PyTorch): N(0, 1).
 */
export class Embedding extends Module {
  /** Vocabulary size. */
  readonly numEmbeddings: number;
  /** Vector size. */
  readonly embeddingDim: number;
  /** Table [numEmbeddings, embeddingDim]. */
  weight: Tensor;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    for (const [name, v] of [['numEmbeddings', numEmbeddings], ['embeddingDim', embeddingDim]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ArgumentError('Embedding', `${name} must be a positive integer, got ${v}`);
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.weight = this.registerParameter('weight', (options.weightInit ?? normalInit(0, 1))([numEmbeddings, embeddingDim], resolveRng(options)));
  }

  forward(indices: Tensor): Tensor {
    assertTensor('Embedding', indices, 'input');
    if (indices.dtype !== 'int32') {
      throw new DTypeError('Embedding', `indices must be int32, got ${indices.dtype} [${indices.shape.join(',')}]`);
    }
    return gather(this.weight, indices, 0);
  }

  protected override describe(): string {
    return `${this.numEmbeddings} × ${this.embeddingDim}`;
  }
}
