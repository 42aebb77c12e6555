/** Architecture → a freshly initialised (seeded) model. */
import { Rng } from '@nabla/tensor-core';
import type { Architecture } from './architecture.js';
import { RecurrentLM } from './recurrent-lm.js';
import { WindowLM } from './window-lm.js';

/** Either language model. */
export type LanguageModel = WindowLM | RecurrentLM;

/** Build the network for `arch` with weights drawn from `seed`. */
export function buildModel(arch: Architecture, seed: number): LanguageModel {
  const rng = new Rng(seed);
  if (arch.kind === 'window') return new WindowLM(arch.vocabSize, arch.window, arch.embedding, arch.hidden, rng);
  return new RecurrentLM(arch.kind, arch.vocabSize, arch.embedding, arch.hidden, rng);
}
