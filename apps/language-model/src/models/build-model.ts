/** Architecture → a freshly initialised (seeded) model. */
import { Rng } from '@nabla/tensor-core';
import type { Architecture } from './architecture.js';
import { GptLM } from './gpt-lm.js';
import { RecurrentLM } from './recurrent-lm.js';
import { WindowLM } from './window-lm.js';

/** Any of the language models. */
export type LanguageModel = WindowLM | RecurrentLM | GptLM;

/** Build the network for `arch` with weights drawn from `seed`. */
export function buildModel(arch: Architecture, seed: number): LanguageModel {
  const rng = new Rng(seed);
  if (arch.kind === 'window') return new WindowLM(arch.vocabSize, arch.window, arch.embedding, arch.hidden, rng);
  if (arch.kind === 'gpt') {
    return new GptLM({
      vocabSize: arch.vocabSize, layers: arch.layers ?? 1, heads: arch.heads ?? 1, embedding: arch.embedding, blockSize: arch.blockSize ?? 64, dropout: arch.dropout ?? 0,
    }, rng);
  }
  return new RecurrentLM(arch.kind, arch.vocabSize, arch.embedding, arch.hidden, rng, { layers: arch.layers ?? 1, dropout: arch.dropout ?? 0 });
}
