/**
 * Importing foreign weights: a PyTorch-layout safetensors state dict (built by hand), a Keras-layout
 * fixture, and ONNX initializers. Outputs are checked against references computed here with plain
 * loops from the source arrays in their own layout.
 */
import '@nabla/backend-js';
import { randint, randn, setBackend, tensor, Rng } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNorm1d, Conv2d, Dense, Embedding, LSTM, Module, ReLU, Sequential, StateDictError } from '../../src/index.js';
import { exportOnnx, importOnnxInitializers, importSafetensors, importStateDict, readForeignSafetensors } from '../../src/interop/index.js';
import { safetensorsBytes, values } from './safetensors-fixture.js';
import type { Tensor } from '@nabla/tensor-core';

beforeAll(async () => {
  await setBackend('js');
});

const close = (actual: ArrayLike<number>, expected: readonly number[]): void => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 5);
};

/** y = x Wᵀ + b with W [out, in] row-major (PyTorch Linear). */
function linear(x: number[][], w: readonly number[], b: readonly number[], out: number): number[][] {
  return x.map((row) => Array.from({ length: out }, (_, o) => row.reduce((s, v, i) => s + v * w[o * row.length + i], b[o])));
}

describe('importSafetensors, PyTorch layout', () => {
  it('loads an MLP state dict with batch-norm buffers (I64 num_batches_tracked, one F16 tensor)', () => {
    const w0 = values(12, 1), b0 = values(4, 2), w3 = values(8, 3), b3 = values(2, 4);
    const gamma = values(4, 5).map((v) => 1 + v / 2), beta = values(4, 6), mean = values(4, 7), variance = values(4, 8).map((v) => 1.5 + v);
    const bytes = safetensorsBytes([
      { name: '0.weight', dtype: 'F32', shape: [4, 3], values: w0 },
      { name: '0.bias', dtype: 'F16', shape: [4], values: b0 },
      { name: '1.weight', dtype: 'F32', shape: [4], values: gamma },
      { name: '1.bias', dtype: 'F32', shape: [4], values: beta },
      { name: '1.running_mean', dtype: 'F32', shape: [4], values: mean },
      { name: '1.running_var', dtype: 'F32', shape: [4], values: variance },
      { name: '1.num_batches_tracked', dtype: 'I64', shape: [], values: [12] },
      { name: '3.weight', dtype: 'F32', shape: [2, 4], values: w3 },
      { name: '3.bias', dtype: 'F32', shape: [2], values: b3 },
    ]);
    const model = new Sequential(new Dense(3, 4), new BatchNorm1d(4), new ReLU(), new Dense(4, 2));
    expect(importSafetensors(model, bytes)).toEqual({ missing: [], unexpected: [] });
    model.eval();
    const x = [[0.5, -1, 2], [1, 0.25, -0.75]];
    const h = linear(x, w0, b0, 4).map((row) => row.map((v, c) => Math.max(0, ((v - mean[c]) / Math.sqrt(variance[c] + 1e-5)) * gamma[c] + beta[c])));
    close(model.forward(tensor(x)).dataSync(), linear(h, w3, b3, 2).flat());
    expect(model.getBuffer('1.num_batches_tracked').item()).toBe(12);
  });

  it('loads LSTM weights named weight_ih_l0 ... (gates i, f, g, o) and an embedding', () => {
    const I = 2, H = 3;
    const wih = values(4 * H * I, 11), whh = values(4 * H * H, 12), bih = values(4 * H, 13), bhh = values(4 * H, 14), emb = values(5 * I, 15);
    const bytes = safetensorsBytes([
      { name: 'embed.weight', dtype: 'F32', shape: [5, I], values: emb },
      { name: 'lstm.weight_ih_l0', dtype: 'F32', shape: [4 * H, I], values: wih },
      { name: 'lstm.weight_hh_l0', dtype: 'F32', shape: [4 * H, H], values: whh },
      { name: 'lstm.bias_ih_l0', dtype: 'F32', shape: [4 * H], values: bih },
      { name: 'lstm.bias_hh_l0', dtype: 'F32', shape: [4 * H], values: bhh },
    ]);
    class Lm extends Module<[Tensor], Tensor> {
      embed = new Embedding(5, I);
      lstm = new LSTM(I, H);
      forward(tokens: Tensor): Tensor {
        return this.lstm.forward(this.embed.forward(tokens)).output;
      }
    }
    const model = new Lm();
    importSafetensors(model, bytes);
    const tokens = [3, 0, 4];
    const sig = (v: number): number => 1 / (1 + Math.exp(-v));
    let h = [0, 0, 0], c = [0, 0, 0];
    const expected: number[] = [];
    for (const tok of tokens) {
      const x = emb.slice(tok * I, tok * I + I);
      const gates = Array.from({ length: 4 * H }, (_, r) =>
        bih[r] + bhh[r] + x.reduce((s, v, i) => s + v * wih[r * I + i], 0) + h.reduce((s, v, j) => s + v * whh[r * H + j], 0));
      c = c.map((cv, j) => sig(gates[H + j]) * cv + sig(gates[j]) * Math.tanh(gates[2 * H + j]));
      h = c.map((cv, j) => sig(gates[3 * H + j]) * Math.tanh(cv));
      expected.push(...h);
    }
    close(model.forward(tensor(new Int32Array(tokens), [1, 3], 'int32')).dataSync(), expected);
  });

  it('lists missing, unexpected and mis-shaped entries and writes nothing', () => {
    const model = new Sequential(new Dense(3, 4), new ReLU(), new Dense(4, 2));
    const before = Array.from(model.getParameter('0.weight').dataSync());
    const bytes = safetensorsBytes([
      { name: '0.weight', dtype: 'F32', shape: [3, 4], values: values(12, 1) },
      { name: '0.bias', dtype: 'F32', shape: [4], values: values(4, 1) },
      { name: '2.weight', dtype: 'F32', shape: [2, 4], values: values(8, 1) },
      { name: 'fc9.bias', dtype: 'F32', shape: [2], values: values(2, 1) },
    ]);
    let error: unknown;
    try {
      importSafetensors(model, bytes);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StateDictError);
    const e = error as StateDictError;
    expect(e.missing).toEqual(['2.bias']);
    expect(e.unexpected).toEqual(['fc9.bias']);
    expect(e.mismatched).toEqual(['0.weight expects float32 [4,3], got float32 [3,4]']);
    expect(e.message).toMatch(/missing keys: 2.bias; unexpected keys: fc9.bias; mis-shaped keys: 0.weight/);
    expect(Array.from(model.getParameter('0.weight').dataSync())).toEqual(before);
  });

  it('rejects malformed safetensors and I64 values that do not fit int32', () => {
    const good = safetensorsBytes([{ name: 'a', dtype: 'F32', shape: [2], values: [1, 2] }]);
    expect(() => readForeignSafetensors(good.subarray(0, good.length - 1))).toThrow(/truncated/);
    expect(() => readForeignSafetensors(safetensorsBytes([{ name: 'n', dtype: 'I64', shape: [], values: [2 ** 40] }]))).toThrow(/does not fit int32/);
  });
});

describe('importStateDict, Keras layout', () => {
  it('maps Dense kernel [in, out] and Conv2D kernel HWIO, checked against loops over the Keras arrays', () => {
    class Net extends Module<[Tensor], Tensor> {
      conv = new Conv2d(2, 3, 2);
      fc = new Dense(3 * 2 * 2, 2);
      forward(x: Tensor): Tensor {
        return this.fc.forward(this.conv.forward(x).reshape([x.shape[0], 12]));
      }
    }
    const kernel = values(2 * 2 * 2 * 3, 21), convBias = values(3, 22), dense = values(12 * 2, 23), denseBias = values(2, 24);
    const host = (shape: number[], v: number[]) => ({ dtype: 'float32' as const, shape, data: Float32Array.from(v) });
    const model = new Net();
    importStateDict(model, {
      'conv.kernel': host([2, 2, 2, 3], kernel), 'conv.bias': host([3], convBias),
      'fc.kernel': host([12, 2], dense), 'fc.bias': host([2], denseBias),
    }, { layout: 'keras' });
    const x = values(2 * 3 * 3, 25); // one image [1, 2, 3, 3]
    const conv: number[] = []; // NCHW [3, 2, 2]
    for (let o = 0; o < 3; o++) for (let r = 0; r < 2; r++) for (let q = 0; q < 2; q++) {
      let s = convBias[o];
      for (let c = 0; c < 2; c++) for (let kh = 0; kh < 2; kh++) for (let kw = 0; kw < 2; kw++) {
        s += x[c * 9 + (r + kh) * 3 + (q + kw)] * kernel[((kh * 2 + kw) * 2 + c) * 3 + o];
      }
      conv.push(s);
    }
    const expected = [0, 1].map((j) => conv.reduce((s, v, i) => s + v * dense[i * 2 + j], denseBias[j]));
    close(model.forward(tensor(Float32Array.from(x), [1, 2, 3, 3])).dataSync(), expected);
  });

  it('maps an LSTM kernel, recurrent_kernel and single bias, and names Keras sources in errors', () => {
    const lstm = new LSTM(2, 3);
    const host = (shape: number[], v: number[]) => ({ dtype: 'float32' as const, shape, data: Float32Array.from(v) });
    importStateDict(lstm, { kernel: host([2, 12], values(24, 31)), recurrent_kernel: host([3, 12], values(36, 32)), bias: host([12], values(12, 33)) }, { layout: 'keras' });
    expect(Array.from(lstm.getParameter('bias_hh_l0').dataSync())).toEqual(new Array(12).fill(0));
    expect(lstm.getParameter('weight_ih_l0').arraySync()).toEqual(Array.from({ length: 12 }, (_, r) => [0, 1].map((i) => values(24, 31)[i * 12 + r])));
    const model = new Sequential(new Dense(3, 2));
    expect(() => importStateDict(model, { '0.kernel': host([2, 3], values(6, 1)) }, { layout: 'keras' }))
      .toThrow(/missing keys: 0.bias; mis-shaped keys: 0.kernel \(kernel \[in, out\]\) → 0.weight expects float32 \[2,3\], got float32 \[2,3\] \(→ \[3,2\] in Nabla's layout\)/);
  });
});

describe('importOnnxInitializers', () => {
  it('loads the weights of an exported ONNX model into a freshly initialised twin', () => {
    const build = (seed: number): Sequential => {
      const rng = new Rng(seed);
      return new Sequential(new Dense(4, 5, { rng }), new BatchNorm1d(5), new ReLU(), new Dense(5, 3, { rng }));
    };
    const source = build(1);
    source.train();
    source.forward(randn([8, 4], 1, 2, { rng: new Rng(2) })); // move the running statistics
    source.eval();
    const bytes = exportOnnx(source, randn([2, 4]));
    const twin = build(99).eval();
    const x = randn([3, 4]);
    expect(Array.from(twin.forward(x).dataSync())).not.toEqual(Array.from(source.forward(x).dataSync()));
    expect(importOnnxInitializers(twin, bytes)).toEqual({ missing: ['1.num_batches_tracked'], unexpected: [] });
    expect(Array.from(twin.forward(x).dataSync())).toEqual(Array.from(source.forward(x).dataSync()));
    const other = new Sequential(new Dense(4, 5), new ReLU(), new Dense(5, 7));
    expect(() => importOnnxInitializers(other, bytes)).toThrow(/missing keys: 2.weight, 2.bias$/);
  });

  it('loads an LSTM language model from its ONNX file', () => {
    const make = (seed: number) => {
      const rng = new Rng(seed);
      return new Sequential(new Embedding(9, 4, { rng }), new Dense(4, 4, { rng }));
    };
    const a = make(1);
    const tokens = randint(0, 9, [2, 3]);
    const b = make(2);
    importOnnxInitializers(b, exportOnnx(a, tokens));
    expect(Array.from(b.forward(tokens).dataSync())).toEqual(Array.from(a.forward(tokens).dataSync()));
  });
});
