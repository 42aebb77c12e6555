/** A stack of Transformer encoder layers with an optional final norm (PyTorch's nn.TransformerEncoder). */
import { ArgumentError, ShapeError, assertTensor, type Tensor } from '@nabla/tensor-core';
import { Module, type AnyModule } from '../module/module.js';
import type { KVCache } from '../attention/kv-cache.js';
import type { TransformerEncoderLayer } from './transformer-encoder-layer.js';

/** A module mapping x [..., E] to the same shape, e.g. LayerNorm or RMSNorm. */
export type FinalNorm = Module<[Tensor], Tensor>;

/** Options of `TransformerEncoder`. */
export interface TransformerEncoderOptions {
  /** Applied to the last layer's output (`norm.*` in the state dict), e.g. the LayerNorm a pre-norm stack needs. */
  readonly norm?: FinalNorm;
}

/** Per-call masks of the stack, given to every layer (PyTorch's mask, src_key_padding_mask, is_causal). */
export interface EncoderCall {
  /** [T, T] or [N·H, T, T]: bool (true = may not attend) or float (added). */
  readonly mask?: Tensor | null;
  /** [N, T]: bool (true = padding) or float (added). */
  readonly srcKeyPaddingMask?: Tensor | null;
  /** Causal self-attention in every layer. */
  readonly isCausal?: boolean;
  /** One KV cache per layer for incremental decoding (see `KVCache.forLayers`). */
  readonly caches?: readonly KVCache[] | null;
}

/**
 * N encoder layers applied in turn, then the optional final norm: src [T, N, E] ([N, T, E] for
 * batch-first layers) → same shape. State dict keys `layers.0.self_attn.in_proj_weight`, …,
 * `norm.weight`, as PyTorch's. PyTorch deep-copies one layer; here each layer is built by
 * `makeLayer(i)`, so the layers start from different random values.
 */
export class TransformerEncoder extends Module<[Tensor, EncoderCall?], Tensor> {
  /** The stacked layers (`layers.N`). */
  readonly layers: readonly TransformerEncoderLayer[];
  readonly #norm: FinalNorm | null;

  constructor(makeLayer: (index: number) => TransformerEncoderLayer, numLayers: number, options: TransformerEncoderOptions = {}) {
    super();
    if (typeof makeLayer !== 'function') throw new ArgumentError('TransformerEncoder', `makeLayer must be a function (index) => layer, got ${typeof makeLayer}`);
    if (!Number.isInteger(numLayers) || numLayers <= 0) throw new ArgumentError('TransformerEncoder', `numLayers must be a positive integer, got ${numLayers}`);
    this.layers = Array.from({ length: numLayers }, (_, i) => makeLayer(i));
    this.#norm = options.norm ? this.registerModule('norm', options.norm as unknown as AnyModule) as unknown as FinalNorm : null;
  }

  forward(src: Tensor, options?: EncoderCall | null): Tensor {
    assertTensor('TransformerEncoder', src, 'src');
    const call = options ?? {};
    const caches = call.caches ?? null;
    if (caches && caches.length !== this.layers.length) {
      throw new ShapeError('TransformerEncoder', `got ${caches.length} KV caches for ${this.layers.length} layers`);
    }
    let x = src;
    this.layers.forEach((layer, i) => {
      x = layer.call(x, { srcMask: call.mask, srcKeyPaddingMask: call.srcKeyPaddingMask, isCausal: call.isCausal, cache: caches?.[i] ?? null });
    });
    return this.#norm ? this.#norm.call(x) : x;
  }

  protected override describe(): string {
    return `${this.layers.length} layers${this.#norm ? ', final norm' : ''}`;
  }
}
