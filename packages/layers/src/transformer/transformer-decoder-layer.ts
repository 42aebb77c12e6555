/** One Transformer decoder block with PyTorch's nn.TransformerDecoderLayer names and semantics. */
import { add, assertTensor, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import { Dense } from '../core/dense.js';
import { LayerNorm } from '../norm/layer-norm.js';
import { Dropout } from '../regularization/dropout.js';
import { resolveRng } from '../init/rng-option.js';
import { MultiheadAttention } from '../attention/multihead-attention.js';
import type { KVCache } from '../attention/kv-cache.js';
import { activationFn, resolveTransformerOptions, type ResolvedTransformerOptions, type TransformerLayerOptions } from './transformer-options.js';

/** Per-call masks of a decoder layer (PyTorch's tgt_mask, memory_mask, *_key_padding_mask, *_is_causal). */
export interface DecoderLayerCall {
  /** Self-attention mask [T, T] or [N·H, T, T]: bool (true = may not attend) or float (added). */
  readonly tgtMask?: Tensor | null;
  /** Cross-attention mask [T, S] or [N·H, T, S]. */
  readonly memoryMask?: Tensor | null;
  /** [N, T]: bool (true = padding) or float (added). */
  readonly tgtKeyPaddingMask?: Tensor | null;
  /** [N, S]: bool (true = padding) or float (added). */
  readonly memoryKeyPaddingMask?: Tensor | null;
  /** Causal self-attention. */
  readonly tgtIsCausal?: boolean;
  /** Causal cross-attention (query i sees memory 0 … i). */
  readonly memoryIsCausal?: boolean;
  /** Self-attention KV cache for incremental decoding; tgt then holds only the new steps. */
  readonly cache?: KVCache | null;
}

/**
 * Self-attention, attention over the encoder's output (`memory`) and a feed-forward block, each
 * with a residual connection and LayerNorm: tgt [T, N, E], memory [S, N, E] ([N, T, E] and
 * [N, S, E] with batchFirst) → [T, N, E]. Post-norm (default): x = norm1(x + sa(x));
 * x = norm2(x + mha(x, memory)); x = norm3(x + ff(x)); pre-norm (normFirst) applies each norm to the
 * block's input instead. Submodules under PyTorch's names: self_attn, multihead_attn, linear1,
 * dropout, linear2, norm1, norm2, norm3, dropout1, dropout2, dropout3.
 */
export class TransformerDecoderLayer extends Module<[Tensor, Tensor, DecoderLayerCall?], Tensor> {
  /** Model width E. */
  readonly dModel: number;
  /** The resolved configuration. */
  readonly config: ResolvedTransformerOptions;
  readonly #selfAttn: MultiheadAttention;
  readonly #crossAttn: MultiheadAttention;
  readonly #linear1: Dense;
  readonly #dropout: Dropout;
  readonly #linear2: Dense;
  readonly #norms: readonly [LayerNorm, LayerNorm, LayerNorm];
  readonly #dropouts: readonly [Dropout, Dropout, Dropout];
  readonly #activation: (x: Tensor) => Tensor;

  constructor(dModel: number, numHeads: number, options: TransformerLayerOptions = {}) {
    super();
    const c = resolveTransformerOptions('TransformerDecoderLayer', dModel, numHeads, options);
    const rng = resolveRng(options);
    this.dModel = dModel;
    this.config = c;
    const attention = (): MultiheadAttention => new MultiheadAttention(dModel, numHeads, { dropout: c.dropout, batchFirst: c.batchFirst, rng });
    this.#selfAttn = this.registerModule('self_attn', attention());
    this.#crossAttn = this.registerModule('multihead_attn', attention());
    this.#linear1 = this.registerModule('linear1', new Dense(dModel, c.dimFeedforward, { rng }));
    this.#dropout = this.registerModule('dropout', new Dropout(c.dropout, { rng }));
    this.#linear2 = this.registerModule('linear2', new Dense(c.dimFeedforward, dModel, { rng }));
    const norm = (i: number): LayerNorm => this.registerModule(`norm${i}`, new LayerNorm(dModel, { eps: c.layerNormEps }));
    this.#norms = [norm(1), norm(2), norm(3)];
    const drop = (i: number): Dropout => this.registerModule(`dropout${i}`, new Dropout(c.dropout, { rng }));
    this.#dropouts = [drop(1), drop(2), drop(3)];
    this.#activation = activationFn(c.activation);
  }

  /** The self-attention submodule (`self_attn`). */
  get selfAttn(): MultiheadAttention {
    return this.#selfAttn;
  }

  /** The attention over the memory (`multihead_attn`). */
  get crossAttn(): MultiheadAttention {
    return this.#crossAttn;
  }

  private selfAttentionBlock(x: Tensor, call: DecoderLayerCall): Tensor {
    const { output } = this.#selfAttn.call(x, x, x, {
      attnMask: call.tgtMask, keyPaddingMask: call.tgtKeyPaddingMask, isCausal: call.tgtIsCausal, cache: call.cache, needWeights: false,
    });
    return this.#dropouts[0].call(output);
  }

  private crossAttentionBlock(x: Tensor, memory: Tensor, call: DecoderLayerCall): Tensor {
    const { output } = this.#crossAttn.call(x, memory, memory, {
      attnMask: call.memoryMask, keyPaddingMask: call.memoryKeyPaddingMask, isCausal: call.memoryIsCausal, needWeights: false,
    });
    return this.#dropouts[1].call(output);
  }

  private feedForwardBlock(x: Tensor): Tensor {
    return this.#dropouts[2].call(this.#linear2.call(this.#dropout.call(this.#activation(this.#linear1.call(x)))));
  }

  forward(tgt: Tensor, memory: Tensor, options?: DecoderLayerCall | null): Tensor {
    assertTensor('TransformerDecoderLayer', tgt, 'tgt');
    assertTensor('TransformerDecoderLayer', memory, 'memory');
    const call = options ?? {};
    const [norm1, norm2, norm3] = this.#norms;
    let x = tgt;
    if (this.config.normFirst) {
      x = add(x, this.selfAttentionBlock(norm1.call(x), call));
      x = add(x, this.crossAttentionBlock(norm2.call(x), memory, call));
      return add(x, this.feedForwardBlock(norm3.call(x)));
    }
    x = norm1.call(add(x, this.selfAttentionBlock(x, call)));
    x = norm2.call(add(x, this.crossAttentionBlock(x, memory, call)));
    return norm3.call(add(x, this.feedForwardBlock(x)));
  }

  protected override describe(): string {
    const c = this.config;
    return `dModel ${this.dModel}, ${this.#selfAttn.numHeads} heads, ff ${c.dimFeedforward}, ${c.activation}, ${c.normFirst ? 'pre-norm' : 'post-norm'}${c.batchFirst ? ', batch first' : ''}`;
  }
}
