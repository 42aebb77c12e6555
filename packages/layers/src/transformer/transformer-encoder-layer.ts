/** One Transformer encoder block with PyTorch's nn.TransformerEncoderLayer names and semantics. */
import { add, assertTensor, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import { Dense } from '../core/dense.js';
import { LayerNorm } from '../norm/layer-norm.js';
import { Dropout } from '../regularization/dropout.js';
import { resolveRng } from '../init/rng-option.js';
import { MultiheadAttention } from '../attention/multihead-attention.js';
import type { KVCache } from '../attention/kv-cache.js';
import { activationFn, resolveTransformerOptions, type ResolvedTransformerOptions, type TransformerLayerOptions } from './transformer-options.js';

/** Per-call masks of an encoder layer (PyTorch's `src_mask`, `src_key_padding_mask`, `is_causal`). */
export interface EncoderLayerCall {
  /** [T, T] or [N·H, T, T]: bool (true = may not attend) or float (added). */
  readonly srcMask?: Tensor | null;
  /** [N, T]: bool (true = padding) or float (added). */
  readonly srcKeyPaddingMask?: Tensor | null;
  /** Each position attends only to itself and earlier ones. */
  readonly isCausal?: boolean;
  /** Self-attention KV cache for incremental decoding (decoder-only models); src then holds only the new steps. */
  readonly cache?: KVCache | null;
}

/**
 * Self-attention then a feed-forward block, each with a residual connection and LayerNorm:
 * src [T, N, E] ([N, T, E] with batchFirst, [T, E] unbatched) → same shape. Post-norm (default):
 * x = norm1(x + sa(x)); x = norm2(x + ff(x)). Pre-norm (normFirst): x = x + sa(norm1(x));
 * x = x + ff(norm2(x)). ff(x) = linear2(dropout(act(linear1(x)))). Submodules under PyTorch's
 * names: self_attn, linear1 [F, E], dropout, linear2 [E, F], norm1, norm2, dropout1, dropout2.
 */
export class TransformerEncoderLayer extends Module<[Tensor, EncoderLayerCall?], Tensor> {
  /** Model width E. */
  readonly dModel: number;
  /** The resolved configuration. */
  readonly config: ResolvedTransformerOptions;
  readonly #selfAttn: MultiheadAttention;
  readonly #linear1: Dense;
  readonly #dropout: Dropout;
  readonly #linear2: Dense;
  readonly #norm1: LayerNorm;
  readonly #norm2: LayerNorm;
  readonly #dropout1: Dropout;
  readonly #dropout2: Dropout;
  readonly #activation: (x: Tensor) => Tensor;

  constructor(dModel: number, numHeads: number, options: TransformerLayerOptions = {}) {
    super();
    const c = resolveTransformerOptions('TransformerEncoderLayer', dModel, numHeads, options);
    const rng = resolveRng(options);
    this.dModel = dModel;
    this.config = c;
    this.#selfAttn = this.registerModule('self_attn', new MultiheadAttention(dModel, numHeads, { dropout: c.dropout, batchFirst: c.batchFirst, rng }));
    this.#linear1 = this.registerModule('linear1', new Dense(dModel, c.dimFeedforward, { rng }));
    this.#dropout = this.registerModule('dropout', new Dropout(c.dropout, { rng }));
    this.#linear2 = this.registerModule('linear2', new Dense(c.dimFeedforward, dModel, { rng }));
    this.#norm1 = this.registerModule('norm1', new LayerNorm(dModel, { eps: c.layerNormEps }));
    this.#norm2 = this.registerModule('norm2', new LayerNorm(dModel, { eps: c.layerNormEps }));
    this.#dropout1 = this.registerModule('dropout1', new Dropout(c.dropout, { rng }));
    this.#dropout2 = this.registerModule('dropout2', new Dropout(c.dropout, { rng }));
    this.#activation = activationFn(c.activation);
  }

  /** The self-attention submodule (`self_attn`). */
  get selfAttn(): MultiheadAttention {
    return this.#selfAttn;
  }

  private selfAttentionBlock(x: Tensor, call: EncoderLayerCall): Tensor {
    const { output } = this.#selfAttn.call(x, x, x, {
      attnMask: call.srcMask, keyPaddingMask: call.srcKeyPaddingMask, isCausal: call.isCausal, cache: call.cache, needWeights: false,
    });
    return this.#dropout1.call(output);
  }

  private feedForwardBlock(x: Tensor): Tensor {
    return this.#dropout2.call(this.#linear2.call(this.#dropout.call(this.#activation(this.#linear1.call(x)))));
  }

  forward(src: Tensor, options?: EncoderLayerCall | null): Tensor {
    assertTensor('TransformerEncoderLayer', src, 'src');
    const call = options ?? {};
    let x = src;
    if (this.config.normFirst) {
      x = add(x, this.selfAttentionBlock(this.#norm1.call(x), call));
      return add(x, this.feedForwardBlock(this.#norm2.call(x)));
    }
    x = this.#norm1.call(add(x, this.selfAttentionBlock(x, call)));
    return this.#norm2.call(add(x, this.feedForwardBlock(x)));
  }

  protected override describe(): string {
    const c = this.config;
    return `dModel ${this.dModel}, ${this.#selfAttn.numHeads} heads, ff ${c.dimFeedforward}, ${c.activation}, ${c.normFirst ? 'pre-norm' : 'post-norm'}${c.batchFirst ? ', batch first' : ''}`;
  }
}
