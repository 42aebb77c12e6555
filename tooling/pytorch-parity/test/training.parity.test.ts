/**
 * Every layer kind with parameters trained 20 optimizer steps in training mode against torch: from
 * the same weights, an MSE loss to a fixed random target on a fixed batch must leave the same
 * parameters (and the same loss curve), so gradients agree not only at the start but along the
 * way (batch-norm statistics of each batch, recurrent and attention gradients as weights move).
 * Adam, except for attention: the key part of in_proj_bias has an exactly zero gradient (a shift
 * of every key score in a row leaves softmax unchanged), and Adam's m/√v turns its rounding noise
 * (1e-9 in float32, 1e-17 in float64) into full ±lr steps in arbitrary directions in both
 * libraries; SGD with momentum keeps that noise as small as it is.
 */
import {
  BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, Dense, Embedding, GRU, LSTM, LayerNorm, LearnedPositionalEmbedding, MultiheadAttention,
  RMSNorm, SimpleRNN, TransformerDecoderLayer, TransformerEncoderLayer, type AnyModule,
} from '@nabla/layers';
import { Adam, SGD, mse } from '@nabla/optim';
import type { Tensor } from '@nabla/tensor-core';
import { trainCase, type TrainCase } from '../src/index.js';
import { draw } from './inputs.js';
import { paritySuite } from './parity-suite.js';

type Forward = (m: AnyModule, inputs: Readonly<Record<string, Tensor>>) => Tensor;

/**
 * 20 Adam steps (lr 0.01; SGD lr 0.05 momentum 0.9 with `sgd`) of `F.mse_loss(<torchOut>, y)` ↔ `mse(forward(m, inputs), y)`; `x` is
 * drawn from N(0, 1) with `inShape` (or given by `inputs`), `y` with `outShape`.
 */
function trained(id: string, o: {
  build: () => AnyModule; torchModule: string; torchOut: string; forward: Forward;
  inShape?: readonly number[]; outShape: readonly number[]; inputs?: () => Record<string, Tensor>; sgd?: boolean;
}): TrainCase {
  return trainCase({
    id: `${id}: 20 ${o.sgd ? 'SGD momentum' : 'Adam'} steps`, build: o.build, torchModule: o.torchModule,
    inputs: () => {
      const d = draw(id.length * 104729 + o.outShape.length);
      return { ...(o.inputs ? o.inputs() : { x: d.normal(o.inShape ?? []) }), y: d.normal(o.outShape) };
    },
    torchLoss: `F.mse_loss(${o.torchOut}, y)`, loss: (m, inputs) => mse(o.forward(m, inputs), inputs.y),
    ...(o.sgd
      ? { torchOptimizer: 'torch.optim.SGD(params, lr=0.05, momentum=0.9)', optimizer: (p) => new SGD(p, { lr: 0.05, momentum: 0.9 }) }
      : { torchOptimizer: 'torch.optim.Adam(params, lr=0.01)', optimizer: (p) => new Adam(p, { lr: 0.01 }) }),
  });
}

const one = (m: AnyModule, x: Tensor): Tensor => (m as AnyModule & { forward(x: Tensor): Tensor }).forward(x);

const cases: TrainCase[] = [
  trained('Dense(5→3)', { build: () => new Dense(5, 3, { seed: 301 }), torchModule: 'nn.Linear(5, 3)', torchOut: 'm(x)', forward: (m, { x }) => one(m, x), inShape: [4, 5], outShape: [4, 3] }),
  trained('Embedding(10, 4)', {
    build: () => new Embedding(10, 4, { seed: 302 }), torchModule: 'nn.Embedding(10, 4)', torchOut: 'm(idx)', forward: (m, { idx }) => one(m, idx),
    inputs: () => ({ idx: draw(302).integers(0, 10, [3, 5]) }), outShape: [3, 5, 4],
  }),
  trained('Conv1d(3→4, k3, pad 1)', { build: () => new Conv1d(3, 4, 3, { seed: 303, padding: 1 }), torchModule: 'nn.Conv1d(3, 4, 3, padding=1)', torchOut: 'm(x)', forward: (m, { x }) => one(m, x), inShape: [2, 3, 7], outShape: [2, 4, 7] }),
  trained('Conv2d(2→3, k3, stride 2)', { build: () => new Conv2d(2, 3, 3, { seed: 304, stride: 2 }), torchModule: 'nn.Conv2d(2, 3, 3, stride=2)', torchOut: 'm(x)', forward: (m, { x }) => one(m, x), inShape: [2, 2, 7, 7], outShape: [2, 3, 3, 3] }),
  trained('BatchNorm1d(4) train', { build: () => new BatchNorm1d(4), torchModule: 'nn.BatchNorm1d(4)', torchOut: 'm(x)', forward: (m, { x }) => one(m, x), inShape: [6, 4], outShape: [6, 4] }),
  trained('BatchNorm2d(3) train', { build: () => new BatchNorm2d(3), torchModule: 'nn.BatchNorm2d(3)', torchOut: 'm(x)', forward: (m, { x }) => one(m, x), inShape: [2, 3, 4, 4], outShape: [2, 3, 4, 4] }),
  trained('LayerNorm(5)', { build: () => new LayerNorm(5), torchModule: 'nn.LayerNorm(5)', torchOut: 'm(x)', forward: (m, { x }) => one(m, x), inShape: [3, 5], outShape: [3, 5] }),
  trained('RMSNorm(5)', {
    build: () => new RMSNorm(5), torchModule: "nn.ParameterDict({'weight': nn.Parameter(torch.empty(5))})",
    torchOut: "x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + torch.finfo(x.dtype).eps) * m['weight']", forward: (m, { x }) => one(m, x), inShape: [3, 5], outShape: [3, 5],
  }),
  trained('LearnedPositionalEmbedding(6, 4)', {
    build: () => new LearnedPositionalEmbedding(6, 4, { seed: 305 }), torchModule: "nn.ParameterDict({'weight': nn.Parameter(torch.empty(6, 4))})",
    torchOut: "x + m['weight'][:5]", forward: (m, { x }) => one(m, x), inShape: [2, 5, 4], outShape: [2, 5, 4],
  }),
  trained('SimpleRNN(3→4) 2 layers', {
    build: () => new SimpleRNN(3, 4, { seed: 306, numLayers: 2 }), torchModule: 'nn.RNN(3, 4, num_layers=2, batch_first=True)', torchOut: 'm(x)[0]',
    forward: (m, { x }) => (m as SimpleRNN).forward(x).output, inShape: [2, 5, 3], outShape: [2, 5, 4],
  }),
  trained('LSTM(3→4) 2 layers', {
    build: () => new LSTM(3, 4, { seed: 307, numLayers: 2 }), torchModule: 'nn.LSTM(3, 4, num_layers=2, batch_first=True)', torchOut: 'm(x)[0]',
    forward: (m, { x }) => (m as LSTM).forward(x).output, inShape: [2, 5, 3], outShape: [2, 5, 4],
  }),
  trained('GRU(3→4) 2 layers', {
    build: () => new GRU(3, 4, { seed: 308, numLayers: 2 }), torchModule: 'nn.GRU(3, 4, num_layers=2, batch_first=True)', torchOut: 'm(x)[0]',
    forward: (m, { x }) => (m as GRU).forward(x).output, inShape: [2, 5, 3], outShape: [2, 5, 4],
  }),
  trained('MultiheadAttention(8, 2) causal self-attention', {
    build: () => new MultiheadAttention(8, 2, { batchFirst: true, seed: 309 }), torchModule: 'nn.MultiheadAttention(8, 2, batch_first=True)',
    torchOut: 'm(x, x, x, attn_mask=torch.triu(torch.ones(4, 4, dtype=torch.bool), 1))[0]',
    forward: (m, { x }) => (m as MultiheadAttention).forward(x, x, x, { isCausal: true }).output, inShape: [2, 4, 8], outShape: [2, 4, 8], sgd: true,
  }),
  trained('TransformerEncoderLayer pre-norm GELU, causal', {
    build: () => new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, activation: 'gelu', normFirst: true, batchFirst: true, seed: 310 }),
    torchModule: "nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation='gelu', norm_first=True, batch_first=True)",
    torchOut: 'm(x, src_mask=torch.triu(torch.ones(4, 4, dtype=torch.bool), 1))',
    forward: (m, { x }) => (m as TransformerEncoderLayer).forward(x, { isCausal: true }), inShape: [2, 4, 8], outShape: [2, 4, 8], sgd: true,
  }),
  trained('TransformerDecoderLayer post-norm ReLU', {
    build: () => new TransformerDecoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, batchFirst: true, seed: 311 }),
    torchModule: 'nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0, batch_first=True)', torchOut: 'm(x, mem)',
    forward: (m, { x, mem }) => (m as TransformerDecoderLayer).forward(x, mem),
    inputs: () => { const d = draw(311); return { x: d.normal([2, 3, 8]), mem: d.normal([2, 5, 8]) }; }, outShape: [2, 3, 8], sgd: true,
  }),
];

paritySuite('layers trained', cases);
