/**
 * Every @nabla/layers layer against torch.nn: the same weights (Nabla's, loaded with
 * load_state_dict(strict=True)) and inputs give the same outputs, input and parameter gradients,
 * and state afterwards (batch-norm running statistics).
 */
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, Dense, Dropout, ELU, Embedding, Flatten, GELU, GRU, LSTM, LayerNorm,
  LeakyReLU, MaxPool2d, ReLU, Sequential, Sigmoid, SimpleRNN, Softmax, Tanh, type AnyModule,
} from '@nabla/layers';
import type { Tensor } from '@nabla/tensor-core';
import { forwardCase, type ForwardCase } from '../src/index.js';
import { draw } from './inputs.js';
import { paritySuite } from './parity-suite.js';

type TensorModule = AnyModule & { forward(x: Tensor): Tensor };

/** A one-input layer case: x drawn from N(0, 1), differentiated. */
function layer(id: string, build: () => AnyModule, torchModule: string, shape: readonly number[], extra: Partial<ForwardCase> = {}): ForwardCase {
  return forwardCase({
    id, build, torchModule, torchCall: 'm(x)',
    call: (m, { x }) => (m as TensorModule).forward(x),
    inputs: () => ({ x: draw(id.length * 7919 + shape.length).normal(shape) }),
    grads: ['x'], ...extra,
  });
}

/** A recurrent case: x [B, T, I] and, when `withState`, initial states, all differentiated. */
function recurrent(id: string, kind: 'rnn' | 'lstm' | 'gru', build: () => AnyModule, torchModule: string, layers: number, withState: boolean): ForwardCase {
  const [b, t, i, h] = [2, 4, 3, 5];
  const torchCall = !withState ? 'm(x)' : kind === 'lstm' ? 'm(x, (h0, c0))' : 'm(x, h0)';
  return forwardCase({
    id, build, torchModule, torchCall,
    call: (m, { x, h0, c0 }) => {
      if (kind === 'lstm') return (m as LSTM).forward(x, withState ? { h: h0, c: c0 } : {}) as unknown as Record<string, Tensor>;
      return (m as SimpleRNN | GRU).forward(x, withState ? h0 : undefined) as unknown as Record<string, Tensor>;
    },
    inputs: () => {
      const d = draw(layers * 100 + (withState ? 1 : 0) + id.length);
      const inputs: Record<string, Tensor> = { x: d.normal([b, t, i]) };
      if (withState) inputs.h0 = d.normal([layers, b, h], 0.5);
      if (withState && kind === 'lstm') inputs.c0 = d.normal([layers, b, h], 0.5);
      return inputs;
    },
    grads: withState ? (kind === 'lstm' ? ['x', 'h0', 'c0'] : ['x', 'h0']) : ['x'],
  });
}

/** A batch-norm layer in eval mode with non-trivial running statistics. */
function withRunningStats<M extends BatchNorm1d | BatchNorm2d>(m: M, seed: number): M {
  const d = draw(seed);
  m.runningMean?.assign(d.normal([m.numFeatures], 0.5));
  m.runningVar?.assign(d.uniform([m.numFeatures], 0.5, 2));
  m.weight?.assign(d.uniform([m.numFeatures], 0.5, 1.5));
  m.bias?.assign(d.normal([m.numFeatures], 0.3));
  return m;
}

const cases: ForwardCase[] = [
  layer('Dense(5→3)', () => new Dense(5, 3, { seed: 1 }), 'nn.Linear(5, 3)', [4, 5]),
  layer('Dense(5→3) on [2,3,5], no bias', () => new Dense(5, 3, { seed: 2, bias: false }), 'nn.Linear(5, 3, bias=False)', [2, 3, 5]),
  forwardCase({
    id: 'Embedding(10, 4)', build: () => new Embedding(10, 4, { seed: 3 }), torchModule: 'nn.Embedding(10, 4)', torchCall: 'm(idx)',
    call: (m, { idx }) => (m as Embedding).forward(idx), inputs: () => ({ idx: draw(3).integers(0, 10, [3, 6]) }),
  }),
  layer('Conv1d(3→4, k3, stride 2, pad 1)', () => new Conv1d(3, 4, 3, { seed: 4, stride: 2, padding: 1 }), 'nn.Conv1d(3, 4, 3, stride=2, padding=1)', [2, 3, 9]),
  layer('Conv1d(2→3, k3, dilation 2, same, no bias)', () => new Conv1d(2, 3, 3, { seed: 5, dilation: 2, padding: 'same', bias: false }), "nn.Conv1d(2, 3, 3, dilation=2, padding='same', bias=False)", [2, 2, 8]),
  layer('Conv2d(3→4, k3, stride (2,1), pad 1)', () => new Conv2d(3, 4, 3, { seed: 6, stride: [2, 1], padding: 1 }), 'nn.Conv2d(3, 4, 3, stride=(2, 1), padding=1)', [2, 3, 7, 6]),
  layer('Conv2d(2→3, k(2,3), dilation 2, no bias)', () => new Conv2d(2, 3, [2, 3], { seed: 7, dilation: 2, bias: false }), 'nn.Conv2d(2, 3, (2, 3), dilation=2, bias=False)', [1, 2, 8, 9]),
  layer('Conv2d(1→2, k5, same)', () => new Conv2d(1, 2, 5, { seed: 8, padding: 'same' }), "nn.Conv2d(1, 2, 5, padding='same')", [2, 1, 6, 6]),
  layer('MaxPool2d(2)', () => new MaxPool2d(2), 'nn.MaxPool2d(2)', [2, 3, 6, 6]),
  layer('MaxPool2d(3, stride 2, pad 1)', () => new MaxPool2d(3, { stride: 2, padding: 1 }), 'nn.MaxPool2d(3, stride=2, padding=1)', [2, 2, 7, 7]),
  layer('AvgPool2d(2)', () => new AvgPool2d(2), 'nn.AvgPool2d(2)', [2, 3, 6, 6]),
  layer('AvgPool2d(3, stride 2, pad 1)', () => new AvgPool2d(3, { stride: 2, padding: 1 }), 'nn.AvgPool2d(3, stride=2, padding=1)', [2, 2, 7, 7]),
  layer('AvgPool2d(3, stride 2, pad 1, exclude pad)', () => new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }), 'nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)', [2, 2, 7, 7]),
  layer('BatchNorm1d(4) train [6,4]', () => new BatchNorm1d(4), 'nn.BatchNorm1d(4)', [6, 4], { train: true }),
  layer('BatchNorm1d(3) train [4,3,5]', () => new BatchNorm1d(3, { momentum: 0.3, eps: 1e-3 }), 'nn.BatchNorm1d(3, momentum=0.3, eps=1e-3)', [4, 3, 5], { train: true }),
  layer('BatchNorm1d(4) eval', () => withRunningStats(new BatchNorm1d(4), 11), 'nn.BatchNorm1d(4)', [6, 4]),
  layer('BatchNorm2d(3) train', () => new BatchNorm2d(3), 'nn.BatchNorm2d(3)', [2, 3, 4, 5], { train: true }),
  layer('BatchNorm2d(3) eval', () => withRunningStats(new BatchNorm2d(3), 12), 'nn.BatchNorm2d(3)', [2, 3, 4, 5]),
  layer('BatchNorm2d(3) no affine, train', () => new BatchNorm2d(3, { affine: false }), 'nn.BatchNorm2d(3, affine=False)', [2, 3, 4, 5], { train: true }),
  layer('LayerNorm(5)', () => new LayerNorm(5), 'nn.LayerNorm(5)', [2, 3, 5]),
  layer('LayerNorm([3,5]), eps 1e-3', () => new LayerNorm([3, 5], { eps: 1e-3 }), 'nn.LayerNorm([3, 5], eps=1e-3)', [2, 3, 5]),
  layer('LayerNorm(4), no affine', () => new LayerNorm(4, { elementwiseAffine: false }), 'nn.LayerNorm(4, elementwise_affine=False)', [3, 4]),
  layer('Dropout(0.3) eval', () => new Dropout(0.3), 'nn.Dropout(0.3)', [3, 4]),
  layer('Flatten', () => new Flatten(), 'nn.Flatten()', [2, 3, 2, 2]),
  layer('ReLU', () => new ReLU(), 'nn.ReLU()', [3, 5]),
  layer('Sigmoid', () => new Sigmoid(), 'nn.Sigmoid()', [3, 5]),
  layer('Tanh', () => new Tanh(), 'nn.Tanh()', [3, 5]),
  layer('LeakyReLU(0.2)', () => new LeakyReLU(0.2), 'nn.LeakyReLU(0.2)', [3, 5]),
  layer('ELU(0.7)', () => new ELU(0.7), 'nn.ELU(0.7)', [3, 5]),
  layer('GELU', () => new GELU(), 'nn.GELU()', [3, 5]),
  layer('Softmax(1)', () => new Softmax(1), 'nn.Softmax(1)', [3, 5]),
  recurrent('SimpleRNN(3→5)', 'rnn', () => new SimpleRNN(3, 5, { seed: 21 }), 'nn.RNN(3, 5, batch_first=True)', 1, false),
  recurrent('SimpleRNN(3→5) relu, 2 layers, h0', 'rnn', () => new SimpleRNN(3, 5, { seed: 22, numLayers: 2, nonlinearity: 'relu' }), "nn.RNN(3, 5, num_layers=2, nonlinearity='relu', batch_first=True)", 2, true),
  recurrent('LSTM(3→5)', 'lstm', () => new LSTM(3, 5, { seed: 23 }), 'nn.LSTM(3, 5, batch_first=True)', 1, false),
  recurrent('LSTM(3→5) 2 layers, h0 c0', 'lstm', () => new LSTM(3, 5, { seed: 24, numLayers: 2 }), 'nn.LSTM(3, 5, num_layers=2, batch_first=True)', 2, true),
  recurrent('LSTM(3→5) no bias', 'lstm', () => new LSTM(3, 5, { seed: 25, bias: false }), 'nn.LSTM(3, 5, bias=False, batch_first=True)', 1, false),
  recurrent('GRU(3→5)', 'gru', () => new GRU(3, 5, { seed: 26 }), 'nn.GRU(3, 5, batch_first=True)', 1, false),
  recurrent('GRU(3→5) 2 layers, h0', 'gru', () => new GRU(3, 5, { seed: 27, numLayers: 2 }), 'nn.GRU(3, 5, num_layers=2, batch_first=True)', 2, true),
  layer(
    'Sequential LeNet (conv, pool, flatten, dense)',
    () => new Sequential(new Conv2d(1, 4, 5, { seed: 31 }), new ReLU(), new MaxPool2d(2), new Conv2d(4, 6, 5, { seed: 32 }), new ReLU(), new MaxPool2d(2), new Flatten(), new Dense(6 * 16, 10, { seed: 33 }), new ReLU(), new Dense(10, 10, { seed: 34 })),
    'nn.Sequential(nn.Conv2d(1, 4, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(96, 10), nn.ReLU(), nn.Linear(10, 10))',
    [3, 1, 28, 28],
  ),
];

paritySuite('layers', cases);
