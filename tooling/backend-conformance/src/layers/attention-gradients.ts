/**
 * Finite-difference checks of the attention and Transformer layers: every parameter's gradient
 * from backward() against central differences (the PyTorch fixtures check the same gradients
 * against PyTorch; these cover the configurations the fixtures do not: RoPE, dropout off in eval,
 * unbatched input, learned positions).
 */
import type { ConformanceContext } from '../context.js';
import { Rng, randn, tensor } from '@nabla/tensor-core';
import {
  LearnedPositionalEmbedding, MultiheadAttention, RMSNorm, RotaryEmbedding, TransformerDecoderLayer, TransformerEncoderLayer,
} from '@nabla/layers';
import { checkParameterGradients, projectedLoss } from './gradients.js';
import type { SuiteCase } from './helpers.js';

/** The attention gradient suite (the context is unused: finite differences carry their own tolerance). */
export function attentionGradientCases(_ctx: ConformanceContext): SuiteCase[] {
  return [
    {
      name: 'MultiheadAttention with RoPE, causal and padding masks, unbatched too: parameter gradients match finite differences',
      run: async () => {
        const mha = new MultiheadAttention(8, 2, { batchFirst: true, rotary: new RotaryEmbedding(4, { maxLength: 8 }), seed: 1 });
        const x = randn([2, 4, 8], 0, 1, { rng: new Rng(2) });
        const pad = tensor([[0, 0, 0, 1], [0, 0, 0, 0]], undefined, 'bool');
        await checkParameterGradients(mha, () => {
          const { output, weights } = mha.forward(x, x, x, { isCausal: true, keyPaddingMask: pad });
          return projectedLoss(output, 3).add(projectedLoss(weights ?? output, 4));
        });
        const cross = new MultiheadAttention(6, 3, { seed: 5 });
        const q = randn([3, 6], 0, 1, { rng: new Rng(6) });
        const kv = randn([5, 6], 0, 1, { rng: new Rng(7) });
        await checkParameterGradients(cross, () => projectedLoss(cross.forward(q, kv, kv).output, 8));
      },
    },
    {
      name: 'TransformerEncoderLayer (pre-norm GELU, eval mode, causal): parameter gradients match finite differences',
      run: async () => {
        const enc = new TransformerEncoderLayer(8, 2, { dimFeedforward: 12, dropout: 0.5, normFirst: true, activation: 'gelu', seed: 3 }).eval();
        const x = randn([3, 2, 8], 0, 1, { rng: new Rng(4) });
        await checkParameterGradients(enc, () => projectedLoss(enc.forward(x, { isCausal: true }), 5), 2);
      },
    },
    {
      name: 'TransformerDecoderLayer (pre-norm GELU, causal target): parameter gradients match finite differences',
      run: async () => {
        const dec = new TransformerDecoderLayer(8, 2, { dimFeedforward: 12, dropout: 0, batchFirst: true, normFirst: true, activation: 'gelu', seed: 6 });
        const tgt = randn([2, 3, 8], 0, 1, { rng: new Rng(7) });
        const memory = randn([2, 4, 8], 0, 1, { rng: new Rng(8) });
        await checkParameterGradients(dec, () => projectedLoss(dec.forward(tgt, memory, { tgtIsCausal: true }), 9), 2);
      },
    },
    {
      name: 'RMSNorm and LearnedPositionalEmbedding: parameter gradients match finite differences',
      run: async () => {
        const norm = new RMSNorm([2, 3]);
        norm.loadStateDict({ weight: randn([2, 3], 1, 0.5, { rng: new Rng(1) }) });
        const x = randn([2, 2, 3], 0, 1, { rng: new Rng(2) });
        await checkParameterGradients(norm, () => projectedLoss(norm.forward(x).square(), 3));
        const pos = new LearnedPositionalEmbedding(6, 3, { seed: 4 });
        await checkParameterGradients(pos, () => projectedLoss(pos.forward(x.reshape([2, 2, 3]), 2).square(), 5));
      },
    },
  ];
}
