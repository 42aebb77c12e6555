/**
 * A decoder-only Transformer language model in the style of nanoGPT: token + learned position
 * embeddings, N pre-norm blocks (causal multi-head self-attention, then an MLP with GELU), a final
 * LayerNorm, and logits through the token embedding's own table (weight tying, no output bias).
 * Built from @nabla/layers' TransformerEncoder(Layer), whose attention takes the causal flag to
 * tensor-core's scaledDotProductAttention (the backends' fused kernel), and whose KV caches give
 * incremental decoding.
 */
import {
  Dropout, Embedding, KVCache, LayerNorm, LearnedPositionalEmbedding, Module, TransformerEncoder, TransformerEncoderLayer, normalInit,
} from '@nabla/layers';
import { ArgumentError, ShapeError, fmtShape, matmul, type Rng, type Tensor } from '@nabla/tensor-core';

const LAYER = 'GPT';

/** The sizes of a GPT. */
export interface GptShape {
  readonly vocabSize: number;
  /** Blocks N. */
  readonly layers: number;
  /** Attention heads per block (divides `embedding`). */
  readonly heads: number;
  /** Model width E. */
  readonly embedding: number;
  /** Longest sequence (the position table's length). */
  readonly blockSize: number;
  /** Dropout after the embeddings, on the attention weights and after each block's two branches. */
  readonly dropout: number;
}

/** Per-call options of `GptLM.forward`. */
export interface GptCall {
  /**
   * One KV cache per block for incremental decoding: the input then holds only the new tokens,
   * which sit at positions `caches[0].length` … onwards.
   */
  readonly caches?: readonly KVCache[] | null;
}

/** GPT: int32 tokens [B, T] (T ≤ blockSize) → logits [B·T, V], row b·T + t for batch row b, step t. */
export class GptLM extends Module<[Tensor, GptCall?], Tensor> {
  readonly vocabSize: number;
  readonly blockSize: number;
  readonly numLayers: number;
  readonly wte: Embedding;
  readonly wpe: LearnedPositionalEmbedding;
  readonly drop: Dropout;
  readonly transformer: TransformerEncoder;

  constructor(shape: GptShape, rng: Rng) {
    super();
    const { vocabSize, layers, heads, embedding, blockSize, dropout } = shape;
    for (const [name, v] of [['vocabSize', vocabSize], ['layers', layers], ['heads', heads], ['embedding', embedding], ['blockSize', blockSize]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ArgumentError(LAYER, `${name} must be a positive integer, got ${v}`);
    }
    if (embedding % heads !== 0) throw new ArgumentError(LAYER, `embedding ${embedding} is not divisible by heads ${heads} (each head gets embedding / heads features)`);
    if (!(dropout >= 0 && dropout < 1)) throw new ArgumentError(LAYER, `dropout must be in [0, 1), got ${dropout}`);
    this.vocabSize = vocabSize;
    this.blockSize = blockSize;
    this.numLayers = layers;
    const init = normalInit(0, 0.02);
    this.wte = new Embedding(vocabSize, embedding, { rng, weightInit: init });
    this.wpe = new LearnedPositionalEmbedding(blockSize, embedding, { rng, weightInit: init });
    this.drop = new Dropout(dropout, { rng });
    const block = (): TransformerEncoderLayer => new TransformerEncoderLayer(embedding, heads, {
      dimFeedforward: 4 * embedding, dropout, activation: 'gelu', batchFirst: true, normFirst: true, rng,
    });
    this.transformer = new TransformerEncoder(block, layers, { norm: new LayerNorm(embedding) });
  }

  /** Empty KV caches, one per block, holding up to blockSize steps. */
  newCaches(): KVCache[] {
    return KVCache.forLayers(this.numLayers, this.blockSize);
  }

  forward(tokens: Tensor, options?: GptCall | null): Tensor {
    const caches = options?.caches ?? null;
    if (tokens.rank !== 2) throw new ShapeError(LAYER, `input must be [batch, time] token ids, got ${fmtShape(tokens.shape)}`);
    const [b, t] = tokens.shape;
    const past = caches?.[0]?.length ?? 0;
    if (past + t > this.blockSize) {
      const what = past > 0 ? `${t} new tokens ${fmtShape(tokens.shape)} after ${past} cached ones` : `input ${fmtShape(tokens.shape)}`;
      throw new ShapeError(LAYER, `${what} exceed the block size ${this.blockSize} (the position table's length)`);
    }
    const x = this.drop.forward(this.wpe.forward(this.wte.forward(tokens), past));
    const h = this.transformer.forward(x, { isCausal: true, caches });
    const e = h.shape[2];
    return matmul(h.reshape([b * t, e]), this.wte.weight, { transposeB: true });
  }

  protected override describe(): string {
    return `GPT: ${this.numLayers} blocks, block size ${this.blockSize}, vocabulary ${this.vocabSize}`;
  }
}
