/**
 * A nanoGPT-style character model built from @nabla/layers blocks: token + learned position
 * embeddings, pre-norm TransformerEncoderLayers (causal MultiheadAttention + GELU MLP), a final
 * LayerNorm and a head tied to the token embedding. Used by the GPT training-step and KV-cache
 * generation benches.
 */
import { noGrad } from '@nabla/autograd';
import type { KVCache} from '@nabla/layers';
import { Embedding, LayerNorm, LearnedPositionalEmbedding, Module, TransformerEncoderLayer, normalInit } from '@nabla/layers';
import { AdamW, clipGradNorm, crossEntropy } from '@nabla/optim';
import { Rng, matmul, tensor, tidy } from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';

/** Sizes of the model and of one training batch. */
export interface CharGptConfig {
  readonly vocabSize: number;
  readonly layers: number;
  readonly heads: number;
  readonly embedding: number;
  readonly blockSize: number;
  readonly batchSize: number;
}

/** The bench shape: 4 layers, 4 heads, embedding 128, block 128, batch 16 (Moby-Dick's 86 characters). */
export const CHAR_GPT: CharGptConfig = { vocabSize: 86, layers: 4, heads: 4, embedding: 128, blockSize: 128, batchSize: 16 };

/** The language-model app's default `lm train --model gpt` shape (apps/language-model/src/defaults.ts): 4 layers, 4 heads, embedding 64, block 64, batch 16. */
export const APP_GPT: CharGptConfig = { vocabSize: 86, layers: 4, heads: 4, embedding: 64, blockSize: 64, batchSize: 16 };

/** The decoder-only transformer: tokens [N, T] (int32) → logits [N, T, vocab]. */
export class CharGpt extends Module<[Tensor, (readonly KVCache[] | null)?], Tensor> {
  readonly config: CharGptConfig;
  readonly #tokens: Embedding;
  readonly #positions: LearnedPositionalEmbedding;
  readonly #blocks: TransformerEncoderLayer[];
  readonly #norm: LayerNorm;

  constructor(config: CharGptConfig, rng = new Rng(1)) {
    super();
    const { vocabSize: V, embedding: C, blockSize, layers, heads } = config;
    this.config = config;
    const small = normalInit(0, 0.02);
    this.#tokens = this.registerModule('wte', new Embedding(V, C, { rng, weightInit: small }));
    this.#positions = this.registerModule('wpe', new LearnedPositionalEmbedding(blockSize, C, { rng, weightInit: small }));
    this.#blocks = Array.from({ length: layers }, (_, i) =>
      this.registerModule(`h${i}`, new TransformerEncoderLayer(C, heads, { dimFeedforward: 4 * C, dropout: 0, activation: 'gelu', batchFirst: true, normFirst: true, rng })));
    this.#norm = this.registerModule('ln_f', new LayerNorm(C));
  }

  /** tokens [N, T] → logits [N, T, vocab]; with `caches` (one per layer) the tokens continue the cached steps. */
  forward(tokens: Tensor, caches: readonly KVCache[] | null = null): Tensor {
    const past = caches?.[0]?.length ?? 0;
    let x = this.#positions.forward(this.#tokens.forward(tokens), past);
    this.#blocks.forEach((block, i) => {
      x = block.forward(x, { isCausal: true, cache: caches?.[i] ?? null });
    });
    return matmul(this.#norm.forward(x), this.#tokens.weight, { transposeB: true });
  }
}

/** A training step on random token windows that resolves to the loss it read back. */
export interface GptTrainingStep {
  run(): Promise<number>;
  dispose(): void;
}

/**
 * Forward, cross-entropy over every position, backward, clipping to norm 1, and the app's
 * optimizer: AdamW (β 0.9/0.99) with weight decay 0.1 on the matrices only (nanoGPT's groups).
 */
export function charGptStep(config: CharGptConfig = CHAR_GPT): GptTrainingStep {
  const { vocabSize: V, blockSize: T, batchSize: B } = config;
  const rng = new Rng(2);
  const model = new CharGpt(config);
  const parameters = model.parameters();
  const groups = [{ params: parameters.filter((p) => p.rank >= 2), weightDecay: 0.1 }, { params: parameters.filter((p) => p.rank < 2), weightDecay: 0 }];
  const optimizer = new AdamW(groups, { lr: 3e-4, beta1: 0.9, beta2: 0.99 });
  return {
    async run() {
      const input = Int32Array.from({ length: B * T }, () => rng.int(0, V));
      const target = Int32Array.from({ length: B * T }, () => rng.int(0, V));
      const loss = tidy(() => {
        optimizer.zeroGrad();
        const logits = model.forward(tensor(input, [B, T], 'int32'));
        const l = crossEntropy(logits.reshape([B * T, V]), tensor(target, [B * T], 'int32'));
        l.backward();
        clipGradNorm(parameters, 1).dispose();
        optimizer.step();
        return l.detach();
      });
      const [value] = await loss.data();
      loss.dispose();
      return value;
    },
    dispose() {
      optimizer.zeroGrad();
      model.dispose();
    },
  };
}

/** Next-token logits for the last position of `tokens` [1, T]: a full forward over the whole prefix. */
export async function fullPrefixStep(model: CharGpt, tokens: Int32Array): Promise<void> {
  const logits = noGrad(() => tidy(() => model.forward(tensor(tokens, [1, tokens.length], 'int32')).slice([0, tokens.length - 1, 0], [1, 1, model.config.vocabSize])));
  await logits.data();
  logits.dispose();
}

/** Next-token logits for one new token continuing the steps in `caches`. */
export async function cachedStep(model: CharGpt, caches: readonly KVCache[], token: number): Promise<void> {
  const logits = noGrad(() => tidy(() => model.forward(tensor(Int32Array.of(token), [1, 1], 'int32'), caches)));
  await logits.data();
  logits.dispose();
}

/** Fill `caches` with the steps of `tokens` [1, T] (prefill), discarding the logits. */
export async function prefill(model: CharGpt, caches: readonly KVCache[], tokens: Int32Array): Promise<void> {
  const logits = noGrad(() => tidy(() => model.forward(tensor(tokens, [1, tokens.length], 'int32'), caches)));
  await logits.data();
  logits.dispose();
}
