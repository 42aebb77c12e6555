/**
 * Dropout between stacked recurrent layers, as PyTorch's `dropout` of nn.RNN/LSTM/GRU: applied to
 * every layer's output sequence except the last one's, only in training mode.
 */
import '@nabla/backend-js';
import '@nabla/autograd';
import { ArgumentError, Rng, randn, setBackend, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRU, LSTM, SimpleRNN } from '../src/index.js';

beforeAll(async () => {
  await setBackend('js');
});

const x = (): Tensor => randn([2, 5, 3], 0, 1, { rng: new Rng(4) });
const output = (layer: SimpleRNN | LSTM | GRU, input: Tensor): Float32Array => (layer.forward(input).output.dataSync() as Float32Array);

describe('recurrent dropout between layers', () => {
  for (const [name, make] of [
    ['SimpleRNN', (o: { numLayers: number; dropout: number }) => new SimpleRNN(3, 4, { ...o, rng: new Rng(1) })],
    ['LSTM', (o: { numLayers: number; dropout: number }) => new LSTM(3, 4, { ...o, rng: new Rng(1) })],
    ['GRU', (o: { numLayers: number; dropout: number }) => new GRU(3, 4, { ...o, rng: new Rng(1) })],
  ] as const) {
    it(`${name}: changes training-mode outputs only, and only between layers`, () => {
      const input = x();
      const plain = make({ numLayers: 2, dropout: 0 });
      const dropped = make({ numLayers: 2, dropout: 0.5 });
      expect(Object.keys(dropped.stateDict())).toEqual(Object.keys(plain.stateDict())); // no new parameters
      const reference = output(plain, input);
      // training mode: the second layer reads a dropped-out sequence, so the output differs
      const trained = output(dropped, input);
      expect(Math.max(...trained.map((v, i) => Math.abs(v - reference[i])))).toBeGreaterThan(1e-3);
      // eval mode: identical to the same weights without dropout
      dropped.eval();
      output(dropped, input).forEach((v, i) => expect(v).toBeCloseTo(reference[i], 6));
      // one layer: nothing lies between layers, so even training mode matches
      const single = make({ numLayers: 1, dropout: 0.5 });
      const singlePlain = make({ numLayers: 1, dropout: 0 });
      const a = output(single, input);
      output(singlePlain, input).forEach((v, i) => expect(a[i]).toBeCloseTo(v, 6));
    });
  }

  it('with p = 1 the upper layer sees zeros: the output is that of a zero input sequence', () => {
    const layer = new SimpleRNN(3, 4, { numLayers: 2, dropout: 1, rng: new Rng(2) });
    const out = output(layer, x());
    // the second layer of a zero input: h_t = tanh(b_ih + b_hh + W_hh h_{t−1}), computed here by hand
    const sd = layer.stateDict();
    const w = sd.weight_hh_l1.dataSync();
    const b = sd.bias_ih_l1.dataSync().map((v, i) => v + sd.bias_hh_l1.dataSync()[i]);
    let h = [0, 0, 0, 0];
    for (let t = 0; t < 5; t++) {
      h = h.map((_, r) => Math.tanh(b[r] + h.reduce((s, hv, c) => s + w[r * 4 + c] * hv, 0)));
      for (let batch = 0; batch < 2; batch++) for (let r = 0; r < 4; r++) expect(out[(batch * 5 + t) * 4 + r]).toBeCloseTo(h[r], 5);
    }
  });

  it('rejects a probability outside [0, 1], naming the layer', () => {
    expect(() => new LSTM(3, 4, { numLayers: 2, dropout: 1.5 })).toThrow(ArgumentError);
    expect(() => new GRU(3, 4, { dropout: -0.1 })).toThrow(/GRU: dropout must be in \[0, 1\], got -0.1/);
  });
});
