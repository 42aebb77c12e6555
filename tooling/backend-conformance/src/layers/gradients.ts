/**
 * Backpropagation through the layers: hand-computed gradients for Dense and Step, and for every
 * other layer the gradient of each parameter (backward()) against central finite differences
 * computed by perturbing the parameter's values through `assign`.
 */
import type { ConformanceContext } from '../context.js';
import { expect } from 'vitest';
import { Rng, randn, sum, tensor, tidy, mul, type Tensor } from '@nabla/tensor-core';
import { grad } from '@nabla/autograd';
import type { Module } from '@nabla/layers';
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, Dense, Embedding, Flatten, GRU, LSTM, LayerNorm, MaxPool2d,
  ReLU, Sequential, SimpleRNN, Step,
} from '@nabla/layers';
import { expectClose, type SuiteCase } from './helpers.js';

/** A fixed random projection so every output element matters: L = Σ w ⊙ y. */
export function projectedLoss(y: Tensor, seed: number): Tensor {
  const w = randn([...y.shape], 0, 1, { rng: new Rng(seed) });
  return sum(mul(y, w));
}

/**
 * Compare backward()'s gradient of `loss` with central differences for `samples` random elements
 * of every parameter of `module`.
 */
export async function checkParameterGradients(module: Module<never[], unknown>, loss: () => Tensor, samples = 4, eps = 1e-2, tol = 2e-2): Promise<void> {
  module.zeroGrad();
  tidy(() => loss().backward());
  const rng = new Rng(123);
  for (const [name, p] of module.namedParameters()) {
    expect(p.grad, `${name} has no gradient`).not.toBeNull();
    const analytic = await (p.grad as Tensor).data();
    expect([...(p.grad as Tensor).shape]).toEqual([...p.shape]);
    const original = Float32Array.from(await p.data());
    for (let s = 0; s < samples; s++) {
      const i = rng.int(0, p.size);
      const at = async (delta: number): Promise<number> => {
        const values = Float32Array.from(original);
        values[i] += delta;
        const v = tensor(values, [...p.shape]);
        p.assign(v);
        v.dispose();
        const l = tidy(loss);
        const out = await l.itemAsync();
        l.dispose();
        return out;
      };
      const numeric = ((await at(eps)) - (await at(-eps))) / (2 * eps);
      const restore = tensor(original, [...p.shape]);
      p.assign(restore);
      restore.dispose();
      const err = Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric), Math.abs(analytic[i]));
      expect(err, `${name}[${i}]: analytic ${analytic[i]}, numeric ${numeric}`).toBeLessThan(tol);
    }
  }
  module.zeroGrad();
}

/** The gradient suite. */
export function layerGradientCases(ctx: ConformanceContext): SuiteCase[] {
  return [
    {
      name: 'Dense: hand-computed gradients of L = Σ y (dW[o][i] = Σ_b x[b][i], db[o] = B)',
      run: async () => {
        const layer = new Dense(3, 2, { seed: 0 });
        const x = tensor([[1, 2, 3], [4, 5, 6]]);
        tidy(() => sum(layer.forward(x)).backward());
        await expectClose(layer.weight.grad as Tensor, [5, 7, 9, 5, 7, 9], [2, 3], ctx.tol('accumulation'));
        await expectClose((layer.bias as Tensor).grad as Tensor, [2, 2], [2], ctx.tol('accumulation'));
      },
    },
    {
      name: 'Step has zero gradient everywhere',
      run: async () => {
        const [g] = grad((x: Tensor) => sum(new Step().forward(x)))(tensor([-1, 0, 2]));
        await expectClose(g, [0, 0, 0], [3], ctx.tol('exact'));
      },
    },
    {
      name: 'LSTM (2 layers): every parameter gradient matches finite differences',
      run: async () => {
        const lstm = new LSTM(3, 4, { numLayers: 2, seed: 1 });
        const x = randn([2, 3, 3], 0, 1, { rng: new Rng(2) });
        await checkParameterGradients(lstm, () => {
          const { output, h, c } = lstm.forward(x);
          return projectedLoss(output, 3).add(projectedLoss(h, 4)).add(projectedLoss(c, 5));
        });
      },
    },
    {
      name: 'GRU and SimpleRNN: every parameter gradient matches finite differences',
      run: async () => {
        const x = randn([2, 3, 2], 0, 1, { rng: new Rng(6) });
        const gru = new GRU(2, 3, { numLayers: 2, seed: 7 });
        await checkParameterGradients(gru, () => projectedLoss(gru.forward(x).output, 8));
        const rnn = new SimpleRNN(2, 3, { seed: 9 });
        await checkParameterGradients(rnn, () => projectedLoss(rnn.forward(x).h, 10));
      },
    },
    {
      name: 'Conv2d + AvgPool2d + Flatten + Dense, Conv1d: parameter gradients match finite differences',
      run: async () => {
        const net = new Sequential(new Conv2d(2, 3, 3, { padding: 1, seed: 1 }), new AvgPool2d(2), new Flatten(), new Dense(12, 2, { seed: 2 }));
        const x = randn([2, 2, 4, 4], 0, 1, { rng: new Rng(3) });
        await checkParameterGradients(net, () => projectedLoss(net.forward(x), 4));
        const conv1 = new Conv1d(2, 3, 3, { stride: 2, padding: 1, seed: 5 });
        const x1 = randn([2, 2, 7], 0, 1, { rng: new Rng(6) });
        await checkParameterGradients(conv1, () => projectedLoss(conv1.forward(x1), 7));
      },
    },
    {
      name: 'MaxPool2d routes the gradient to each window maximum; ReLU passes it where x > 0',
      run: async () => {
        const values = [1, 5, 2, 0, 3, -2, 8, 7, -1, -4, 6, 9, 4, 2, -3, 1];
        const weights = [1, 2, 3, 4];
        const x = tensor(values, [1, 1, 4, 4]);
        const [g] = grad((t: Tensor) => sum(mul(new Sequential(new ReLU(), new MaxPool2d(2)).forward(t), tensor(weights, [1, 1, 2, 2]))))(x);
        // hand routing: window maxima 5 (index 1), 8 (6), 4 (12), 9 (11)
        const expected = new Array<number>(16).fill(0);
        expected[1] = 1;
        expected[6] = 2;
        expected[12] = 3;
        expected[11] = 4;
        await expectClose(g, expected, [1, 1, 4, 4], ctx.tol('exact'));
      },
    },
    {
      name: 'BatchNorm (training mode) and LayerNorm: parameter gradients match finite differences',
      run: async () => {
        const x = randn([4, 3], 0, 1, { rng: new Rng(1) });
        const bn = new BatchNorm1d(3);
        bn.loadStateDict({ weight: tensor([1.5, -0.5, 2]), bias: tensor([0.1, 0.2, 0.3]) }, { strict: false });
        await checkParameterGradients(bn, () => projectedLoss(mul(bn.forward(x), bn.forward(x)), 2));
        const bn2 = new BatchNorm2d(2);
        const x2 = randn([2, 2, 3, 3], 0, 1, { rng: new Rng(3) });
        await checkParameterGradients(bn2, () => projectedLoss(bn2.forward(x2), 4));
        const ln = new LayerNorm([2, 3]);
        const x3 = randn([2, 2, 3], 0, 1, { rng: new Rng(5) });
        ln.loadStateDict({ weight: randn([2, 3], 1, 0.5, { rng: new Rng(6) }), bias: randn([2, 3], 0, 0.5, { rng: new Rng(7) }) });
        await checkParameterGradients(ln, () => projectedLoss(mul(ln.forward(x3), ln.forward(x3)), 8));
      },
    },
    {
      name: 'Embedding: repeated indices accumulate into the table gradient',
      run: async () => {
        const emb = new Embedding(4, 2, { seed: 0 });
        tidy(() => sum(emb.forward(tensor([[1, 3], [1, 1]], undefined, 'int32'))).backward());
        await expectClose(emb.weight.grad as Tensor, [0, 0, 3, 3, 0, 0, 1, 1], [4, 2], ctx.tol('accumulation'));
      },
    },
  ];
}
