/** recurrent: 'onnx' writes SimpleRNN, GRU and LSTM as ONNX's RNN, GRU and LSTM ops; ONNX Runtime must agree with Nabla. */
import '@nabla/backend-js';
import { Rng, randint, randn, setBackend, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Embedding, GRU, LSTM, Module, SimpleRNN, type AnyModule } from '../../src/index.js';
import { OnnxExportError, decodeOnnxModel, exportOnnx, importOnnxInitializers } from '../../src/interop/index.js';
import { expectOrtMatches } from './onnx-runtime.js';

beforeAll(async () => {
  await setBackend('js');
});

const rng = new Rng(13);

async function check(model: AnyModule, input: Tensor, opType: string, opset = 17): Promise<void> {
  const bytes = exportOnnx(model, input, { recurrent: 'onnx', opset });
  const ops = decodeOnnxModel(bytes).graph.nodes.map((n) => n.opType);
  expect(ops).toContain(opType);
  expect(ops).not.toContain('Sigmoid');
  await expectOrtMatches(bytes, { input }, (model.forward as (x: Tensor) => unknown)(input));
}

describe("exportOnnx with recurrent: 'onnx'", () => {
  it('LSTM, 2 layers (gates reordered to i, o, f, c)', async () => {
    await check(new LSTM(3, 5, { rng, numLayers: 2 }), randn([2, 4, 3], 0, 1, { rng }), 'LSTM');
  });

  it('GRU, 2 layers (z, r, h with linear_before_reset), at opset 13 too', async () => {
    await check(new GRU(3, 4, { rng, numLayers: 2 }), randn([2, 5, 3], 0, 1, { rng }), 'GRU');
    await check(new GRU(3, 4, { rng }), randn([1, 3, 3], 0, 1, { rng }), 'GRU', 13);
  });

  it('SimpleRNN with tanh and relu, with and without biases', async () => {
    await check(new SimpleRNN(3, 4, { rng }), randn([2, 3, 3], 0, 1, { rng }), 'RNN');
    await check(new SimpleRNN(3, 4, { rng, nonlinearity: 'relu', bias: false, numLayers: 2 }), randn([2, 3, 3], 0, 1, { rng }), 'RNN');
  });

  it('given initial states, and an LSTM language model with a dynamic batch', async () => {
    class WithState extends Module<[Tensor, Tensor, Tensor], { y: Tensor; h: Tensor; c: Tensor }> {
      lstm = new LSTM(2, 3, { rng, numLayers: 2 });
      forward(x: Tensor, h: Tensor, c: Tensor): { y: Tensor; h: Tensor; c: Tensor } {
        const r = this.lstm.call(x, { h, c });
        return { y: r.output, h: r.h, c: r.c };
      }
    }
    const stateful = new WithState();
    const x = randn([2, 3, 2], 0, 1, { rng });
    const h = randn([2, 2, 3], 0, 1, { rng });
    const c = randn([2, 2, 3], 0, 1, { rng });
    const bytes = exportOnnx(stateful, [x, h, c], { recurrent: 'onnx', inputNames: ['x', 'h0', 'c0'] });
    await expectOrtMatches(bytes, { x, h0: h, c0: c }, stateful.forward(x, h, c));

    class Lm extends Module<[Tensor], Tensor> {
      embed = new Embedding(10, 4, { rng });
      lstm = new LSTM(4, 6, { rng });
      head = new Dense(6, 10, { rng });
      forward(tokens: Tensor): Tensor {
        return this.head.call(this.lstm.call(this.embed.call(tokens)).output);
      }
    }
    const lm = new Lm();
    const lmBytes = exportOnnx(lm, randint(0, 10, [2, 5], { rng }), { recurrent: 'onnx', dynamicBatch: true });
    for (const batch of [1, 3]) {
      const input = randint(0, 10, [batch, 5], { rng });
      await expectOrtMatches(lmBytes, { input }, lm.forward(input));
    }
  });

  it("rejects an unknown recurrent mode", () => {
    expect(() => exportOnnx(new LSTM(2, 2, { rng }), randn([1, 2, 2]), { recurrent: 'fused' as 'onnx' })).toThrow(OnnxExportError);
  });
});

describe("importOnnxInitializers of recurrent: 'onnx' files", () => {
  it('maps RNN/GRU/LSTM node weights back to weight_ih_l{k} ... (gates restored) so a twin reproduces the model', () => {
    class Cells extends Module<[Tensor], Tensor> {
      lstm = new LSTM(3, 4, { rng, numLayers: 2 });
      gru = new GRU(4, 3, { rng });
      rnn = new SimpleRNN(3, 2, { rng, nonlinearity: 'relu' });
      forward(x: Tensor): Tensor {
        return this.rnn.call(this.gru.call(this.lstm.call(x).output).output).output;
      }
    }
    const source = new Cells();
    const x = randn([2, 3, 3], 0, 1, { rng });
    const bytes = exportOnnx(source, x, { recurrent: 'onnx' });
    const twin = new Cells();
    expect(Array.from(twin.forward(x).dataSync())).not.toEqual(Array.from(source.forward(x).dataSync()));
    expect(importOnnxInitializers(twin, bytes)).toEqual({ missing: [], unexpected: [] });
    for (const [name, t] of twin.namedParameters()) expect(Array.from(t.dataSync()), name).toEqual(Array.from(source.getParameter(name).dataSync()));
  });

  it('the root module itself being the recurrent layer', () => {
    const source = new GRU(2, 3, { rng, numLayers: 2 });
    const twin = new GRU(2, 3, { rng, numLayers: 2 });
    importOnnxInitializers(twin, exportOnnx(source, randn([1, 2, 2], 0, 1, { rng }), { recurrent: 'onnx' }));
    for (const [name, t] of twin.namedParameters()) expect(Array.from(t.dataSync()), name).toEqual(Array.from(source.getParameter(name).dataSync()));
  });
});
