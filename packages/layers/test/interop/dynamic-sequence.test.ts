/** dynamicSequence (with dynamicBatch): one graph runs in ONNX Runtime at several batch sizes and lengths. */
import '@nabla/backend-js';
import { Rng, randint, randn, setBackend, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Embedding, GRU, LayerNorm, LearnedPositionalEmbedding, LSTM, Module, Sequential, TransformerEncoderLayer } from '../../src/index.js';
import { OnnxExportError, decodeOnnxModel, exportOnnx } from '../../src/interop/index.js';
import { expectOrtMatches } from './onnx-runtime.js';

beforeAll(async () => {
  await setBackend('js');
});

const rng = new Rng(17);

class Lm extends Module<[Tensor], { logits: Tensor; h: Tensor; c: Tensor }> {
  embed = new Embedding(12, 4, { rng });
  lstm = new LSTM(4, 5, { rng, numLayers: 2 });
  head = new Dense(5, 12, { rng });
  forward(tokens: Tensor): { logits: Tensor; h: Tensor; c: Tensor } {
    const [b, t] = tokens.shape;
    const r = this.lstm.call(this.embed.call(tokens));
    return { logits: this.head.call(r.output.reshape([b * t, 5])), h: r.h, c: r.c };
  }
}

/** A causal decoder: token embedding + the position table sliced to the input's length → one causal self-attention block → logits [N·T, V]. */
class Decoder extends Module<[Tensor], Tensor> {
  embed = new Embedding(12, 8, { rng });
  positions = new LearnedPositionalEmbedding(10, 8, { rng });
  block = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, activation: 'gelu', batchFirst: true, normFirst: true, rng });
  head = new Dense(8, 12, { rng });
  forward(tokens: Tensor): Tensor {
    const [b, t] = tokens.shape;
    const h = this.block.call(this.positions.call(this.embed.call(tokens)), { isCausal: true });
    return this.head.call(h.reshape([b * t, 8]));
  }
}

describe('exportOnnx with dynamicSequence', () => {
  it('a causal Transformer decoder: the position slice, the causal mask and the head reshapes follow the input', async () => {
    const model = new Decoder();
    const bytes = exportOnnx(model, randint(0, 12, [2, 5], { rng }), { dynamicBatch: true, dynamicSequence: true });
    const { graph } = decodeOnnxModel(bytes);
    expect(graph.inputs[0].shape).toEqual(['batch', 'sequence']);
    expect(graph.outputs[0].shape).toEqual(['batch*sequence', 12]);
    expect(graph.nodes.map((n) => n.opType)).toContain('Trilu');
    // no constant is a mask of the traced length (5, or 6 in the second trace)
    expect(graph.initializers.filter((t) => t.dims.length === 2 && [5, 6].includes(t.dims[0]) && t.dims[0] === t.dims[1])).toEqual([]);
    for (const [batch, steps] of [[1, 1], [3, 2], [2, 9], [1, 10]]) {
      const input = randint(0, 12, [batch, steps], { rng });
      await expectOrtMatches(bytes, { input }, model.forward(input));
    }
  });


  it('an LSTM language model with ONNX LSTM ops, any batch and length', async () => {
    const model = new Lm();
    const bytes = exportOnnx(model, randint(0, 12, [2, 3], { rng }), { recurrent: 'onnx', dynamicBatch: true, dynamicSequence: true });
    const { graph } = decodeOnnxModel(bytes);
    expect(graph.inputs[0].shape).toEqual(['batch', 'sequence']);
    expect(graph.outputs.map((o) => o.shape)).toEqual([['batch*sequence', 12], [2, 'batch', 5], [2, 'batch', 5]]);
    for (const [batch, steps] of [[1, 1], [3, 7], [2, 3]]) {
      const input = randint(0, 12, [batch, steps], { rng });
      await expectOrtMatches(bytes, { input }, model.forward(input));
    }
  });

  it('GRU and per-step dense layers over [batch, time, features]', async () => {
    const model = new Sequential(new Dense(3, 4, { rng }), new LayerNorm(4));
    const gru = new GRU(3, 4, { rng });
    for (const m of [model, gru]) {
      const bytes = exportOnnx(m, randn([2, 3, 3], 0, 1, { rng }), { recurrent: 'onnx', dynamicSequence: true });
      for (const steps of [1, 6]) {
        const input = randn([2, steps, 3], 0, 1, { rng });
        await expectOrtMatches(bytes, { input }, (m.forward as (x: Tensor) => unknown)(input));
      }
    }
  });

  it('rejects unrolled recurrent layers, whose graph grows with the length', () => {
    expect(() => exportOnnx(new LSTM(2, 3, { rng }), randn([1, 3, 2], 0, 1, { rng }), { dynamicSequence: true }))
      .toThrow(/dynamicSequence: the traced graph changes with the sequence length at .*; export with a fixed sequence instead/);
    expect(() => exportOnnx(new Dense(2, 2, { rng }), randn([3]), { dynamicSequence: true })).toThrow(OnnxExportError);
  });
});
