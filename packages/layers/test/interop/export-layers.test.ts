/** Every layer kind exported to ONNX and run in ONNX Runtime, compared with Nabla's forward at 1e-4. */
import '@nabla/backend-js';
import { Rng, randint, randn, setBackend, tidy, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, Dense, Dropout, ELU, Embedding, Flatten, GELU, GRU, LayerNorm, LeakyReLU,
  LSTM, MaxPool2d, Module, ReLU, Sequential, Sigmoid, SimpleRNN, Softmax, Step, Tanh, type AnyModule,
} from '../../src/index.js';
import { exportOnnx } from '../../src/interop/index.js';
import { expectOrtMatches } from './onnx-runtime.js';

beforeAll(async () => {
  await setBackend('js');
});

const rng = new Rng(7);
const normal = (shape: number[]): Tensor => randn(shape, 0, 1, { rng });

/** Export `model` on `input`, run both, compare. */
async function roundTrip(model: AnyModule, input: Tensor, opset?: number): Promise<void> {
  const bytes = exportOnnx(model, input, { opset });
  model.eval(); // the export traced in eval mode; compare with the same
  const expected = (model.forward as (x: Tensor) => unknown)(input);
  await expectOrtMatches(bytes, { input }, expected);
}

describe('exportOnnx, one model per layer kind, checked in ONNX Runtime', () => {
  const cases: [string, () => AnyModule, number[] | 'tokens'][] = [
    ['Dense', () => new Dense(5, 3, { rng }), [4, 5]],
    ['Dense without bias on a rank-3 input', () => new Dense(5, 3, { rng, bias: false }), [2, 3, 5]],
    ['Embedding', () => new Embedding(11, 4, { rng }), 'tokens'],
    ['Conv1d (stride 2, dilation 2, padding 3)', () => new Conv1d(3, 4, 3, { rng, stride: 2, dilation: 2, padding: 3 }), [2, 3, 17]],
    ['Conv1d (same padding)', () => new Conv1d(2, 3, 4, { rng, padding: 'same' }), [1, 2, 9]],
    ['Conv2d (stride, asymmetric padding, dilation)', () => new Conv2d(2, 3, [3, 2], { rng, stride: [2, 1], padding: [1, 0, 2, 1], dilation: [1, 2] }), [2, 2, 9, 8]],
    ['MaxPool2d (padding)', () => new MaxPool2d(3, { stride: 2, padding: 1 }), [2, 3, 9, 7]],
    ['AvgPool2d (count_include_pad)', () => new AvgPool2d(2, { stride: 1, padding: 1 }), [1, 2, 5, 6]],
    ['AvgPool2d (padding excluded)', () => new AvgPool2d([3, 2], { padding: [1, 0], countIncludePad: false }), [1, 2, 7, 6]],
    ['Flatten', () => new Flatten(1, 2), [2, 3, 4, 5]],
    ['Dropout (exported in eval mode)', () => new Sequential(new Dense(4, 6, { rng }), new Dropout(0.5, { seed: 1 })), [3, 4]],
    ['LayerNorm', () => new LayerNorm([3, 4]), [2, 5, 3, 4]],
    ['Step', () => new Step(), [3, 4]],
    ['Sigmoid', () => new Sigmoid(), [3, 4]],
    ['Tanh', () => new Tanh(), [3, 4]],
    ['ReLU', () => new ReLU(), [3, 4]],
    ['LeakyReLU', () => new LeakyReLU(0.2), [3, 4]],
    ['ELU', () => new ELU(0.7), [3, 4]],
    ['GELU', () => new GELU(), [3, 4]],
    ['Softmax', () => new Softmax(1), [3, 4, 2]],
    ['SimpleRNN (tanh, 2 layers)', () => new SimpleRNN(3, 5, { rng, numLayers: 2 }), [2, 4, 3]],
    ['SimpleRNN (relu)', () => new SimpleRNN(3, 4, { rng, nonlinearity: 'relu' }), [2, 3, 3]],
    ['LSTM (2 layers)', () => new LSTM(3, 5, { rng, numLayers: 2 }), [2, 4, 3]],
    ['GRU', () => new GRU(3, 4, { rng }), [2, 5, 3]],
  ];
  for (const [name, build, shape] of cases) {
    it(name, async () => {
      const model = build();
      const input = shape === 'tokens' ? randint(0, 11, [3, 5], { rng }) : normal(shape);
      await roundTrip(model, input);
    });
  }

  it('BatchNorm1d and BatchNorm2d use their running statistics', async () => {
    for (const [bn, shape] of [[new BatchNorm1d(3), [6, 3, 4]], [new BatchNorm2d(3), [4, 3, 5, 5]]] as const) {
      // a few training batches move running_mean/var away from 0/1; give the affine parameters values too
      for (let i = 0; i < 3; i++) tidy(() => void bn.forward(randn([...shape], 2, 3, { rng })));
      bn.weight?.assign(randn([3], 1, 0.5, { rng }));
      bn.bias?.assign(randn([3], 0, 0.5, { rng }));
      expect(Array.from(bn.runningMean?.dataSync() ?? [])).not.toEqual([0, 0, 0]);
      const input = randn([...shape], 2, 3, { rng });
      const bytes = exportOnnx(bn, input);
      expect(bn.training).toBe(true);
      bn.eval();
      await expectOrtMatches(bytes, { input }, bn.forward(input));
    }
  });

  it('restores training flags and exports dropout as the identity', async () => {
    const model = new Sequential(new Dense(4, 4, { rng }), new Dropout(0.9, { seed: 3 }));
    const input = normal([2, 4]);
    const bytes = exportOnnx(model, input);
    expect(model.modules().every((m) => m.training)).toBe(true);
    model.eval();
    await expectOrtMatches(bytes, { input }, model.forward(input));
  });
});

describe('exportOnnx, whole models', () => {
  it('the MNIST LeNet-style CNN', async () => {
    const model = new Sequential(
      new Conv2d(1, 4, 5, { rng }), new ReLU(), new MaxPool2d(2),
      new Conv2d(4, 8, 5, { rng }), new ReLU(), new MaxPool2d(2),
      new Flatten(), new Dense(8 * 16, 16, { rng }), new ReLU(), new Dense(16, 10, { rng }),
    );
    await roundTrip(model, normal([3, 1, 28, 28]));
  });

  it('an MLP with batch norm, dropout and softmax', async () => {
    const model = new Sequential(
      new Dense(6, 16, { rng }), new BatchNorm1d(16), new ReLU(), new Dropout(0.3),
      new Dense(16, 8, { rng }), new Tanh(), new Dense(8, 3, { rng }), new Softmax(),
    );
    model.eval();
    await roundTrip(model, normal([5, 6]));
  });

  it('an LSTM language model (Embedding → LSTM → Dense), a composed module', async () => {
    class LanguageModel extends Module<[Tensor], Tensor> {
      embed = new Embedding(20, 6, { rng });
      lstm = new LSTM(6, 8, { rng, numLayers: 2 });
      head = new Dense(8, 20, { rng });
      forward(tokens: Tensor): Tensor {
        return this.head.forward(this.lstm.forward(this.embed.forward(tokens)).output);
      }
    }
    const model = new LanguageModel();
    const input = randint(0, 20, [2, 7], { rng });
    await roundTrip(model, input);
  });

  it('a composed module with two inputs and an object of outputs', async () => {
    class TwoTower extends Module<[Tensor, Tensor], { score: Tensor; features: Tensor }> {
      left = new Dense(3, 4, { rng });
      right = new Sequential(new Dense(5, 4, { rng }), new GELU());
      norm = new LayerNorm(4);
      forward(a: Tensor, b: Tensor): { score: Tensor; features: Tensor } {
        const features = this.norm.forward(this.left.forward(a).add(this.right.forward(b)));
        return { score: features.mul(features).sum(-1).sqrt(), features };
      }
    }
    const model = new TwoTower();
    const a = normal([2, 3]);
    const b = normal([2, 5]);
    const bytes = exportOnnx(model, [a, b], { inputNames: ['a', 'b'] });
    await expectOrtMatches(bytes, { a, b }, model.forward(a, b));
  });

  for (const opset of [13, 15, 18, 21]) {
    it(`opset ${opset} (reductions switch between attribute and input axes)`, async () => {
      const model = new Sequential(new Dense(4, 6, { rng }), new LayerNorm(6), new ELU(), new Softmax());
      await roundTrip(model, normal([3, 4]), opset);
    });
  }
});
