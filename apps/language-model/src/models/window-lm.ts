/**
 * The fixed-window neural language model: the previous n tokens' embeddings concatenated,
 * e = [e(1); …; e(n)], a hidden layer h = tanh(W e + b₁) and logits U h + b₂ (softmax over the vocabulary).
 */
import { Dense, Embedding, Module } from '@nabla/layers';
import { ShapeError, tanh, type Rng, type Tensor } from '@nabla/tensor-core';

/** Fixed-window LM: int32 windows [B, n] → logits [B, V]. */
export class WindowLM extends Module {
  readonly embed: Embedding;
  readonly hiddenLayer: Dense;
  readonly output: Dense;

  constructor(readonly vocabSize: number, readonly window: number, embedding: number, hidden: number, rng: Rng) {
    super();
    this.embed = new Embedding(vocabSize, embedding, { rng });
    this.hiddenLayer = new Dense(window * embedding, hidden, { rng });
    this.output = new Dense(hidden, vocabSize, { rng });
  }

  forward(windows: Tensor): Tensor {
    if (windows.rank !== 2 || windows.shape[1] !== this.window) {
      throw new ShapeError('WindowLM', `input must be [batch, ${this.window}] token ids, got [${windows.shape.join(',')}]`);
    }
    const e = this.embed.call(windows).reshape([windows.shape[0], this.window * this.embed.embeddingDim]);
    return this.output.call(tanh(this.hiddenLayer.call(e)));
  }
}
