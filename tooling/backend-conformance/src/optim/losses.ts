/**
 * Losses of @nabla/optim on the backend under test: values against float64 formulas written out
 * here (logsumexp, the BCE definition, Huber's two branches) and gradients against their closed
 * forms (σ(x) − y, (softmax − onehot)/N, clip(d, −δ, δ)). Tolerance kind: `transcendental`.
 */
import { tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { variable } from '@nabla/autograd';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, huber, l1, mse, nll } from '@nabla/optim';
import { describe, expect, it } from 'vitest';
import { values } from '../check.js';
import type { ConformanceContext } from '../context.js';
import { expectNear } from './near.js';

function logSumExp(row: readonly number[]): number {
  const m = Math.max(...row);
  return m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
}

/** Evaluate `build` inside tidy, read the kept result asynchronously, then dispose it. */
async function read(build: () => Tensor): Promise<number[]> {
  const t = tidy(build);
  try {
    return await values(t);
  } finally {
    t.dispose();
  }
}

/** Register the loss checks. */
export function describeLosses(ctx: ConformanceContext): void {
  const tol = ctx.tol('transcendental');
  describe('losses', () => {
    const input = [1, 2, 3, -1];
    const target = [1, 0, 5, 0.5];

    it('mse, l1 and huber: hand-computed, every reduction', async () => {
      // squared errors 0, 4, 4, 2.25; absolute errors 0, 2, 2, 1.5
      expectNear(await read(() => mse(tensor(input), tensor(target))), [10.25 / 4], tol);
      expectNear(await read(() => mse(tensor(input), tensor(target), { reduction: 'sum' })), [10.25], tol);
      expectNear(await read(() => mse(tensor(input), tensor(target), { reduction: 'none' })), [0, 4, 4, 2.25], tol);
      expectNear(await read(() => l1(tensor(input), tensor(target))), [5.5 / 4], tol);
      expectNear(await read(() => l1(tensor(input), tensor(target), { reduction: 'none' })), [0, 2, 2, 1.5], tol);
      const d = [0.5, -2, 3, 1];
      // delta 1: 0.125, 1.5, 2.5, 0.5; delta 2: 0.125, 2, 4, 0.5
      expectNear(await read(() => huber(tensor(d), tensor([0, 0, 0, 0]), { reduction: 'none' })), [0.125, 1.5, 2.5, 0.5], tol);
      expectNear(await read(() => huber(tensor(d), tensor([0, 0, 0, 0]), { delta: 2, reduction: 'sum' })), [6.625], tol);
    });

    it('binaryCrossEntropy on probabilities, clamping 0 and 1 to finite values', async () => {
      const p = [0.9, 0.2, 0.5, 0, 1];
      const y = [1, 0, 1, 1, 0];
      const expected = p.map((pi, i) => -(y[i] * Math.log(pi) + (1 - y[i]) * Math.log(1 - pi)));
      const none = await read(() => binaryCrossEntropy(tensor(p), tensor(y), { reduction: 'none' }));
      expectNear(none.slice(0, 3), expected.slice(0, 3), tol);
      // clamped at 1e-7 in float32: about −log(1e-7) ≈ 16.1, large but finite
      for (const v of none.slice(3)) {
        expect(v).toBeGreaterThan(14);
        expect(Number.isFinite(v)).toBe(true);
      }
    });

    it('binaryCrossEntropyWithLogits equals the naive formula and stays finite for |x| = 100', async () => {
      const x = [2, -1, 0.3, 0];
      const y = [1, 0, 0.25, 1];
      const expected = x.map((xi, i) => {
        const s = 1 / (1 + Math.exp(-xi));
        return -(y[i] * Math.log(s) + (1 - y[i]) * Math.log(1 - s));
      });
      expectNear(await read(() => binaryCrossEntropyWithLogits(tensor(x), tensor(y), { reduction: 'none' })), expected, tol);
      expectNear(await read(() => binaryCrossEntropyWithLogits(tensor(x), tensor(y))), [expected.reduce((a, b) => a + b) / 4], tol);
      expectNear(await read(() => binaryCrossEntropyWithLogits(tensor([100, -100]), tensor([0, 1]), { reduction: 'none' })), [100, 100], tol);
    });

    it('gradients: BCE with logits is σ(x) − y, huber is clip(d, −δ, δ)', async () => {
      const xs = [2, -1, 0.3, 40];
      const ys = [1, 0, 0.25, 0];
      const x = variable(xs);
      const loss = binaryCrossEntropyWithLogits(x, tensor(ys), { reduction: 'sum' });
      loss.backward();
      expectNear(await values(x.grad as Tensor), xs.map((v, i) => 1 / (1 + Math.exp(-v)) - ys[i]), tol);
      const d = variable([0.5, -2, 3, -0.25]);
      const h = huber(d, tensor([0, 0, 0, 0]), { delta: 1, reduction: 'sum' });
      h.backward();
      expectNear(await values(d.grad as Tensor), [0.5, -1, 1, -0.25], tol);
      for (const t of [loss, h, x.grad as Tensor, x, d.grad as Tensor, d]) t.dispose();
    });

    const logits = [[2, 1, 0.1], [0.5, 2.5, -1], [-3, 0, 3]];
    const labels = [0, 1, 2];
    const naive = logits.map((row, i) => logSumExp(row) - row[labels[i]]);

    it('crossEntropy from int32 labels is logsumexp(x) − x[label], without overflow at 1000', async () => {
      const int = (): Tensor => tensor(labels, [3], 'int32');
      expectNear(await read(() => crossEntropy(tensor(logits), int(), { reduction: 'none' })), naive, tol);
      expectNear(await read(() => crossEntropy(tensor(logits), int())), [naive.reduce((a, b) => a + b) / 3], tol);
      expectNear(await read(() => crossEntropy(tensor(logits), int(), { reduction: 'sum' })), [naive.reduce((a, b) => a + b)], tol);
      expectNear(await read(() => crossEntropy(tensor([[1000, 0]]), tensor([1], [1], 'int32'))), [1000], tol);
      expectNear(await read(() => crossEntropy(tensor([[1000, 0]]), tensor([0], [1], 'int32'))), [0], tol);
    });

    it('crossEntropy with probability targets and with label smoothing', async () => {
      const q = [[0.7, 0.2, 0.1], [0, 1, 0], [0.3, 0.3, 0.4]];
      const soft = logits.map((row, i) => -row.reduce((s, v, c) => s + q[i][c] * (v - logSumExp(row)), 0));
      const eps = 0.1;
      const smoothed = logits.map((row, i) => -row.reduce((s, v, c) => s + ((c === labels[i] ? 1 - eps : 0) + eps / 3) * (v - logSumExp(row)), 0));
      expectNear(await read(() => crossEntropy(tensor(logits), tensor(q), { reduction: 'none' })), soft, tol);
      expectNear(await read(() => crossEntropy(tensor(logits), tensor(labels, [3], 'int32'), { reduction: 'none', labelSmoothing: eps })), smoothed, tol);
    });

    it('crossEntropy gradient is (softmax − onehot)/N with mean reduction', async () => {
      const x = variable(logits);
      const loss = crossEntropy(x, tensor(labels, [3], 'int32'));
      loss.backward();
      const expected = logits.flatMap((row, i) => {
        const z = logSumExp(row);
        return row.map((v, c) => (Math.exp(v - z) - (c === labels[i] ? 1 : 0)) / 3);
      });
      expectNear(await values(x.grad as Tensor), expected, tol);
      for (const t of [loss, x.grad as Tensor, x]) t.dispose();
    });

    it('nll picks −logProbs[i, label] and ignores −∞ in other classes', async () => {
      const out = await read(() => {
        const logProbs = tensor([[Math.log(0.5), Math.log(0.5), -Infinity], [-Infinity, Math.log(0.25), Math.log(0.75)]]);
        return nll(logProbs, tensor([1, 2], [2], 'int32'), { reduction: 'none' });
      });
      expectNear(out, [-Math.log(0.5), -Math.log(0.75)], tol);
    });
  });
}
