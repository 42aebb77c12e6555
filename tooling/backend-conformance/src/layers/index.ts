/**
 * The layers section: every @nabla/layers layer (forward values against hand-computed values and
 * numpy fixtures, parameter gradients against hand values and finite differences) on the backend
 * under test.
 */
import { describe, it } from 'vitest';
import type { ConformanceContext } from '../context.js';
import { activationCases } from './activations.js';
import { attentionCases } from './attention.js';
import { attentionGradientCases } from './attention-gradients.js';
import { convCases } from './conv.js';
import { denseCases } from './dense.js';
import { embeddingCases } from './embedding.js';
import { layerGradientCases } from './gradients.js';
import type { SuiteCase } from './helpers.js';
import { normCases } from './norm.js';
import { positionalCases } from './positional.js';
import { recurrentCases } from './recurrent.js';

const SECTIONS: readonly (readonly [string, (ctx: ConformanceContext) => SuiteCase[]])[] = [
  ['Dense', denseCases],
  ['activations', activationCases],
  ['Embedding, Dropout and initialisers', embeddingCases],
  ['convolution and pooling', convCases],
  ['normalisation', normCases],
  ['recurrent', recurrentCases],
  ['attention and Transformer layers (PyTorch fixtures)', attentionCases],
  ['positional embeddings and KV cache', positionalCases],
  ['backpropagation through layers', layerGradientCases],
  ['backpropagation through attention layers', attentionGradientCases],
];

/** Register the layer suites with vitest (the backend is selected by the enclosing describe). */
export function describeLayers(ctx: ConformanceContext): void {
  describe('layers', () => {
    for (const [title, cases] of SECTIONS) {
      describe(title, () => {
        for (const c of cases(ctx)) it(c.name, c.run);
      });
    }
  });
}
