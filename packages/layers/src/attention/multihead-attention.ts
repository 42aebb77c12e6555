/** Multi-head attention with PyTorch's nn.MultiheadAttention parameters, layouts and masks. */
import {
  ArgumentError, ShapeError, assertTensor, add, expandDims, type Rng, fmtShape, matmul, mean, permute, reshape, slice, split, squeeze, zeros, type Tensor,
} from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import { Dense } from '../core/dense.js';
import { Dropout } from '../regularization/dropout.js';
import { glorotUniform } from '../init/initializers.js';
import { resolveRng, type InitRngOptions } from '../init/rng-option.js';
import type { RotaryEmbedding } from '../positional/rotary-embedding.js';
import { attend, attendWithoutWeights } from './attend.js';
import { combineMasks, keyLimitMask, type AttentionMasks } from './attention-mask.js';
import type { KVCache } from './kv-cache.js';

const LAYER = 'MultiheadAttention';

/** Options of `MultiheadAttention` (PyTorch's defaults). */
export interface MultiheadAttentionOptions extends InitRngOptions {
  /** Dropout probability on the attention weights in training mode (default 0). */
  readonly dropout?: number;
  /** Learn `in_proj_bias` and `out_proj.bias` (default true; both start at 0). */
  readonly bias?: boolean;
  /** Inputs and output are [N, L, E] instead of PyTorch's default [L, N, E] (default false). */
  readonly batchFirst?: boolean;
  /** Rotate queries and keys per head with these rotary embeddings (not in PyTorch's layer; default none). */
  readonly rotary?: RotaryEmbedding;
}

/** Per-call options of `MultiheadAttention.forward`: the masks, weights and a KV cache. */
export interface MultiheadAttentionCall extends AttentionMasks {
  /** Also return the attention weights (default true, as in PyTorch). */
  readonly needWeights?: boolean;
  /** Average the returned weights over the heads, [N, L, S] (default true), or keep them [N, H, L, S]. */
  readonly averageAttnWeights?: boolean;
  /**
   * Append this call's keys and values to the cache and attend to every cached step (incremental
   * decoding); masks then cover S = cached + new keys, and `isCausal` offsets the queries by the
   * cached length.
   */
  readonly cache?: KVCache | null;
}

/** What `MultiheadAttention.forward` returns. */
export interface MultiheadAttentionOutput {
  /** [L, N, E] ([N, L, E] with batchFirst, [L, E] unbatched). */
  readonly output: Tensor;
  /** [N, L, S] averaged or [N, H, L, S] per head ([L, S] / [H, L, S] unbatched); null unless needWeights. */
  readonly weights: Tensor | null;
}

/**
 * Multi-head scaled dot-product attention. query [L, N, E], key [S, N, Ek = E], value [S, N, E]
 * ([N, L, E]… with batchFirst; unbatched [L, E], [S, E]) → output of the query's shape and,
 * with needWeights, the attention weights. Parameters under PyTorch's names: `in_proj_weight`
 * [3E, E] (q, k, v rows; Xavier-uniform), `in_proj_bias` [3E] (zeros), `out_proj.weight` [E, E]
 * and `out_proj.bias` [E] (zeros). Masks follow PyTorch: bool true = may not attend, float = added.
 *
 * @example
 * ```ts
 * import { MultiheadAttention } from '@nabla/layers';
 * import { randn } from '@nabla/tensor-core';
 *
 * const attention = new MultiheadAttention(64, 8, { batchFirst: true });
 * const x = randn([2, 10, 64]);                                      // [N, L, E]
 * const { output } = attention.forward(x, x, x, { isCausal: true }); // self-attention, [2, 10, 64]
 * ```
 */
export class MultiheadAttention extends Module<[Tensor, Tensor, Tensor, MultiheadAttentionCall?], MultiheadAttentionOutput> {
  /** Model width E. */
  readonly embedDim: number;
  /** Number of heads H. */
  readonly numHeads: number;
  /** Features per head, E / H. */
  readonly headDim: number;
  /** Layout of inputs and output. */
  readonly batchFirst: boolean;
  /** Dropout probability on the attention weights. */
  readonly dropoutP: number;
  /** Whether in_proj_bias and out_proj.bias exist. */
  readonly hasBias: boolean;
  readonly #outProj: Dense;
  readonly #dropout: Dropout | null;
  readonly #rotary: RotaryEmbedding | null;
  readonly #rng: Rng;

  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    for (const [name, v] of [['embedDim', embedDim], ['numHeads', numHeads]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ArgumentError(LAYER, `${name} must be a positive integer, got ${v}`);
    }
    if (embedDim % numHeads !== 0) throw new ArgumentError(LAYER, `embedDim ${embedDim} is not divisible by numHeads ${numHeads}`);
    const p = options.dropout ?? 0;
    if (!(p >= 0 && p <= 1)) throw new ArgumentError(LAYER, `dropout must be in [0, 1], got ${p}`);
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.headDim = embedDim / numHeads;
    this.batchFirst = options.batchFirst ?? false;
    this.dropoutP = p;
    const rng = resolveRng(options);
    this.#rng = rng;
    const bias = options.bias ?? true;
    this.hasBias = bias;
    this.registerParameter('in_proj_weight', glorotUniform()([3 * embedDim, embedDim], rng));
    if (bias) this.registerParameter('in_proj_bias', zeros([3 * embedDim]));
    this.#outProj = this.registerModule('out_proj', new Dense(embedDim, embedDim, { bias, rng, biasInit: () => zeros([embedDim]) }));
    this.#dropout = p > 0 ? new Dropout(p, { rng }) : null;
    if (options.rotary && options.rotary.dim !== this.headDim) {
      throw new ArgumentError(LAYER, `rotary embeddings of dim ${options.rotary.dim} do not fit heads of size ${this.headDim} (embedDim ${embedDim} / numHeads ${numHeads})`);
    }
    this.#rotary = options.rotary ?? null;
  }

  /** Whether queries and keys are rotated with rotary embeddings (PyTorch's layer has no such option). */
  get usesRotary(): boolean {
    return this.#rotary !== null;
  }

  /** `in_proj_weight` [3E, E], read from its field (so a replaced tensor is seen). */
  private get inProjWeight(): Tensor {
    return this.tensorField('in_proj_weight');
  }

  /** `in_proj_bias` [3E], or null without biases. */
  private get inProjBias(): Tensor | null {
    return this.hasBias ? this.tensorField('in_proj_bias') : null;
  }

  /** x [N, T, E] @ rows [begin, begin + E) of in_proj_weight (+ bias) → [N, T, E]. */
  private project(x: Tensor, part: number): Tensor {
    const e = this.embedDim;
    const y = matmul(x, slice(this.inProjWeight, [part * e, 0], [e, e]), { transposeB: true });
    return this.inProjBias ? add(y, slice(this.inProjBias, [part * e], [e])) : y;
  }

  /** [N, T, E] → [N, H, T, Dh] */
  private splitHeads(x: Tensor): Tensor {
    return permute(reshape(x, [x.shape[0], x.shape[1], this.numHeads, this.headDim]), 0, 2, 1, 3);
  }

  /** An input in the caller's layout → [N, T, E] batch first. */
  private toBatchFirst(x: Tensor, unbatched: boolean): Tensor {
    if (unbatched) return expandDims(x, 0);
    return this.batchFirst ? x : permute(x, 1, 0, 2);
  }

  private checkInputs(query: Tensor, key: Tensor, value: Tensor): void {
    assertTensor(LAYER, query, 'query');
    assertTensor(LAYER, key, 'key');
    assertTensor(LAYER, value, 'value');
    const e = this.embedDim;
    const shapes = `query ${fmtShape(query.shape)}, key ${fmtShape(key.shape)}, value ${fmtShape(value.shape)}`;
    const rank = query.rank;
    if ((rank !== 2 && rank !== 3) || key.rank !== rank || value.rank !== rank) {
      throw new ShapeError(LAYER, `query, key and value must all be batched (rank 3) or all unbatched (rank 2); got ${shapes}`);
    }
    if ([query, key, value].some((t) => t.shape[rank - 1] !== e)) throw new ShapeError(LAYER, `the last dimension must be embedDim ${e}; got ${shapes}`);
    const seqAxis = rank === 2 || !this.batchFirst ? 0 : 1;
    if (key.shape[seqAxis] !== value.shape[seqAxis]) throw new ShapeError(LAYER, `key and value must have the same length S; got ${shapes}`);
    if (rank === 3) {
      const batchAxis = this.batchFirst ? 0 : 1;
      if (key.shape[batchAxis] !== query.shape[batchAxis] || value.shape[batchAxis] !== query.shape[batchAxis]) {
        throw new ShapeError(LAYER, `query, key and value must have the same batch size N (${this.batchFirst ? '[N, L, E]' : '[L, N, E]'}); got ${shapes}`);
      }
    }
  }

  forward(query: Tensor, key: Tensor, value: Tensor, options?: MultiheadAttentionCall | null): MultiheadAttentionOutput {
    const call = options ?? {};
    this.checkInputs(query, key, value);
    const unbatched = query.rank === 2;
    const e = this.embedDim;
    const xq = this.toBatchFirst(query, unbatched);
    let q: Tensor;
    let k: Tensor;
    let v: Tensor;
    if (query === key && key === value) {
      let qkv = matmul(xq, this.inProjWeight, { transposeB: true });
      if (this.inProjBias) qkv = add(qkv, this.inProjBias);
      [q, k, v] = split(qkv, 3, -1);
    } else {
      q = this.project(xq, 0);
      k = this.project(this.toBatchFirst(key, unbatched), 1);
      v = this.project(this.toBatchFirst(value, unbatched), 2);
    }
    const [n, l] = [q.shape[0], q.shape[1]];
    q = this.splitHeads(q);
    k = this.splitHeads(k);
    v = this.splitHeads(v);
    const past = call.cache?.length ?? 0;
    call.cache?.checkRoom(k.shape);
    if (this.#rotary) {
      q = this.#rotary.call(q, past);
      k = this.#rotary.call(k, past);
    }
    // with a cache, k and v are its full-capacity storage of which the first `keyLength` steps count
    let stored: { keys: Tensor; values: Tensor } | null = null;
    if (call.cache) stored = call.cache.append(k, v);
    const keyLength = past + k.shape[2];
    const mask = combineMasks(call, {
      layer: LAYER, batch: n, heads: this.numHeads, queryLength: l, keyLength, past, unbatched, dtype: q.dtype,
    });
    let heads: Tensor;
    let weights: Tensor | null = null;
    if (!(call.needWeights ?? true)) {
      // Without weights: tensor-core's scaledDotProductAttention with the combined additive mask,
      // which backends fuse and which exports to ONNX (masks computed from inputs included).
      // Rows whose keys are all masked give 0, as PyTorch's safe-softmax path does. A causal mask
      // alone is the kernels' own causal flag when the queries start at key 0 (masked tiles are
      // skipped), and no mask at all for one query after cached steps; a cache's storage is read
      // in place, its unfilled steps blocked by a key-limit mask.
      const causalOnly = (call.isCausal ?? false) && !call.attnMask && !call.keyPaddingMask && (past === 0 || l === 1);
      const causal = causalOnly && past === 0 && l > 1;
      let m = causalOnly ? null : mask;
      if (stored && m === null) {
        if (!causal && keyLength < stored.keys.shape[2]) m = keyLimitMask(keyLength, stored.keys.shape[2], q.dtype);
        ({ keys: k, values: v } = stored);
      } else if (stored) {
        k = slice(stored.keys, [0, 0, 0, 0], [n, this.numHeads, keyLength, k.shape[3]]);
        v = slice(stored.values, [0, 0, 0, 0], [n, this.numHeads, keyLength, v.shape[3]]);
      }
      heads = attendWithoutWeights(q, k, v, m, { dropout: this.training ? this.dropoutP : 0, rng: this.#rng, causal });
    } else {
      if (stored) {
        k = slice(stored.keys, [0, 0, 0, 0], [n, this.numHeads, keyLength, k.shape[3]]);
        v = slice(stored.values, [0, 0, 0, 0], [n, this.numHeads, keyLength, v.shape[3]]);
      }
      if (this.#dropout) this.#dropout.training = this.training;
      ({ output: heads, weights } = attend(q, k, v, mask, this.#dropout));
    }
    let out = this.#outProj.call(reshape(permute(heads, 0, 2, 1, 3), [n, l, e]));
    out = unbatched ? squeeze(out, 0) : this.batchFirst ? out : permute(out, 1, 0, 2);
    if (!weights) return { output: out, weights: null };
    let w = (call.averageAttnWeights ?? true) ? mean(weights, 1) : weights;
    if (unbatched) w = squeeze(w, 0);
    return { output: out, weights: w };
  }

  protected override describe(): string {
    return `embedDim ${this.embedDim}, ${this.numHeads} heads${this.batchFirst ? ', batch first' : ''}${this.dropoutP > 0 ? `, dropout ${this.dropoutP}` : ''}`;
  }
}
