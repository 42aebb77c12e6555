/** A stack of Transformer decoder layers with an optional final norm (PyTorch's nn.TransformerDecoder). */
import { ArgumentError, ShapeError, assertTensor, type Tensor } from '@nabla/tensor-core';
import { Module, type AnyModule } from '../module/module.js';
import type { KVCache } from '../attention/kv-cache.js';
import type { DecoderLayerCall, TransformerDecoderLayer } from './transformer-decoder-layer.js';
import type { FinalNorm } from './transformer-encoder.js';

/** Options of `TransformerDecoder`. */
export interface TransformerDecoderOptions {
  /** Applied to the last layer's output (`norm.*` in the state dict). */
  readonly norm?: FinalNorm;
}

/** Per-call masks of the stack, given to every layer; `caches` holds one KV cache per layer. */
export interface DecoderCall extends Omit<DecoderLayerCall, 'cache'> {
  /** One self-attention KV cache per layer for incremental decoding (see `KVCache.forLayers`). */
  readonly caches?: readonly KVCache[] | null;
}

/**
 * N decoder layers applied in turn to the target, each attending to the same `memory`, then the
 * optional final norm: tgt [T, N, E], memory [S, N, E] ([N, T, E], [N, S, E] for batch-first
 * layers) → [T, N, E]. State dict keys `layers.0.self_attn.in_proj_weight`, …, `norm.weight`, as
 * PyTorch's; each layer is built by `makeLayer(i)`.
 */
export class TransformerDecoder extends Module<[Tensor, Tensor, DecoderCall?], Tensor> {
  /** The stacked layers (`layers.N`). */
  readonly layers: readonly TransformerDecoderLayer[];
  readonly #norm: FinalNorm | null;

  constructor(makeLayer: (index: number) => TransformerDecoderLayer, numLayers: number, options: TransformerDecoderOptions = {}) {
    super();
    if (typeof makeLayer !== 'function') throw new ArgumentError('TransformerDecoder', `makeLayer must be a function (index) => layer, got ${typeof makeLayer}`);
    if (!Number.isInteger(numLayers) || numLayers <= 0) throw new ArgumentError('TransformerDecoder', `numLayers must be a positive integer, got ${numLayers}`);
    this.layers = Array.from({ length: numLayers }, (_, i) => makeLayer(i));
    this.#norm = options.norm ? (this.registerModule('norm', options.norm as unknown as AnyModule) as unknown as FinalNorm) : null;
  }

  forward(tgt: Tensor, memory: Tensor, options?: DecoderCall | null): Tensor {
    assertTensor('TransformerDecoder', tgt, 'tgt');
    assertTensor('TransformerDecoder', memory, 'memory');
    const { caches, ...masks } = options ?? {};
    if (caches && caches.length !== this.layers.length) {
      throw new ShapeError('TransformerDecoder', `got ${caches.length} KV caches for ${this.layers.length} layers`);
    }
    let x = tgt;
    this.layers.forEach((layer, i) => {
      x = layer.call(x, memory, { ...masks, cache: caches?.[i] ?? null });
    });
    return this.#norm ? this.#norm.call(x) : x;
  }

  protected override describe(): string {
    return `${this.layers.length} layers${this.#norm ? ', final norm' : ''}`;
  }
}
