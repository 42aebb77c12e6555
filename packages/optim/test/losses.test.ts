import { ArgumentError, DTypeError, ShapeError, tensor, tidy } from '@nabla/tensor-core';
import { variable } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, huber, l1, mse, nll } from '../src/index.js';
import { expectClose, useJsBackend, values } from './helpers.js';

useJsBackend();

function logSumExp(row: number[]): number {
  const m = Math.max(...row);
  return m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
}

describe('regression losses', () => {
  const input = [1, 2, 3, -1];
  const target = [1, 0, 5, 0.5];

  it('mse reduces (x − y)² by mean, sum or not at all', () => {
    tidy(() => {
      const x = tensor(input);
      const y = tensor(target);
      // squared errors: 0, 4, 4, 2.25
      expectClose(values(mse(x, y)), [10.25 / 4]);
      expectClose(values(mse(x, y, { reduction: 'sum' })), [10.25]);
      expectClose(values(mse(x, y, { reduction: 'none' })), [0, 4, 4, 2.25]);
    });
  });

  it('l1 is the mean absolute error', () => {
    tidy(() => {
      expectClose(values(l1(tensor(input), tensor(target))), [5.5 / 4]);
      expectClose(values(l1(tensor(input), tensor(target), { reduction: 'none' })), [0, 2, 2, 1.5]);
    });
  });

  it('huber is quadratic inside delta and linear outside', () => {
    tidy(() => {
      const d = [0.5, -2, 3, 1];
      const zero = tensor([0, 0, 0, 0]);
      // delta 1: 0.125, 1.5, 2.5, 0.5
      expectClose(values(huber(tensor(d), zero, { reduction: 'none' })), [0.125, 1.5, 2.5, 0.5]);
      // delta 2: 0.125, 2, 2·(3 − 1) = 4, 0.5
      expectClose(values(huber(tensor(d), zero, { delta: 2, reduction: 'sum' })), [6.625]);
    });
  });

  it('rejects mismatched shapes, integer inputs and bad options with the loss named', () => {
    tidy(() => {
      expect(() => mse(tensor([1, 2]), tensor([1, 2, 3]))).toThrowError(ShapeError);
      expect(() => mse(tensor([1, 2]), tensor([1, 2, 3]))).toThrowError(/mse: input \[2\] and target \[3\]/);
      expect(() => l1(tensor([1, 2], [2], 'int32'), tensor([1, 2]))).toThrowError(DTypeError);
      expect(() => huber(tensor([1]), tensor([1]), { delta: 0 })).toThrowError(ArgumentError);
      expect(() => mse(tensor([1]), tensor([1]), { reduction: 'avg' as 'mean' })).toThrowError(/reduction/);
    });
  });
});

describe('binary cross-entropy', () => {
  it('matches −[y log p + (1 − y) log(1 − p)] on probabilities, clamping 0 and 1', () => {
    const p = [0.9, 0.2, 0.5, 0, 1];
    const y = [1, 0, 1, 1, 0];
    const eps = 1e-7;
    const expected = p.map((pi, i) => {
      const c = Math.min(Math.max(pi, eps), 1 - eps);
      return -(y[i] * Math.log(c) + (1 - y[i]) * Math.log(1 - c));
    });
    tidy(() => {
      const none = values(binaryCrossEntropy(tensor(p), tensor(y), { reduction: 'none' }));
      expectClose(none.slice(0, 3), expected.slice(0, 3));
      // clamped in float32: large but finite, about −log(1e-7) ≈ 16.1
      for (const v of none.slice(3)) expect(v).toBeGreaterThan(14);
      for (const v of none) expect(Number.isFinite(v)).toBe(true);
    });
  });

  it('with logits equals the naive formula and stays finite for large |x|', () => {
    const x = [2, -1, 0.3, 0];
    const y = [1, 0, 0.25, 1];
    const expected = x.map((xi, i) => {
      const s = 1 / (1 + Math.exp(-xi));
      return -(y[i] * Math.log(s) + (1 - y[i]) * Math.log(1 - s));
    });
    tidy(() => {
      expectClose(values(binaryCrossEntropyWithLogits(tensor(x), tensor(y), { reduction: 'none' })), expected);
      expectClose(values(binaryCrossEntropyWithLogits(tensor(x), tensor(y))), [expected.reduce((a, b) => a + b) / 4]);
      // log(1 + e^100) ≈ 100 for x = 100, y = 0; and x = −100, y = 1
      expectClose(values(binaryCrossEntropyWithLogits(tensor([100, -100]), tensor([0, 1]), { reduction: 'none' })), [100, 100]);
    });
  });

  it('with logits has gradient σ(x) − y, and huber has gradient clip(d, −δ, δ)', () => {
    const x = variable([2, -1, 0.3, 40]);
    const loss = binaryCrossEntropyWithLogits(x, tensor([1, 0, 0.25, 0]), { reduction: 'sum' });
    loss.backward();
    expectClose(values(x.grad!), [2, -1, 0.3, 40].map((v, i) => 1 / (1 + Math.exp(-v)) - [1, 0, 0.25, 0][i]));
    const d = variable([0.5, -2, 3, -0.25]);
    const h = huber(d, tensor([0, 0, 0, 0]), { delta: 1, reduction: 'sum' });
    h.backward();
    expectClose(values(d.grad!), [0.5, -1, 1, -0.25]);
    for (const t of [loss, h, x.grad!, x, d.grad!, d]) t.dispose();
  });
});

describe('crossEntropy', () => {
  const logits = [
    [2, 1, 0.1],
    [0.5, 2.5, -1],
    [-3, 0, 3],
  ];
  const labels = [0, 1, 2];
  const naive = logits.map((row, i) => logSumExp(row) - row[labels[i]]);

  it('from int32 labels equals logsumexp(x) − x[label]', () => {
    tidy(() => {
      expectClose(values(crossEntropy(tensor(logits), tensor(labels, [3], 'int32'), { reduction: 'none' })), naive);
      expectClose(values(crossEntropy(tensor(logits), tensor(labels, [3], 'int32'))), [naive.reduce((a, b) => a + b) / 3]);
      expectClose(values(crossEntropy(tensor(logits), tensor(labels, [3], 'int32'), { reduction: 'sum' })), [naive.reduce((a, b) => a + b)]);
    });
  });

  it('does not overflow on huge logits', () => {
    tidy(() => {
      // logsumexp([1000, 0]) − 0 = 1000 + log(1 + e^−1000) ≈ 1000
      expectClose(values(crossEntropy(tensor([[1000, 0]]), tensor([1], [1], 'int32'))), [1000]);
      expectClose(values(crossEntropy(tensor([[1000, 0]]), tensor([0], [1], 'int32'))), [0]);
    });
  });

  it('accepts probability targets and label smoothing', () => {
    const q = [
      [0.7, 0.2, 0.1],
      [0, 1, 0],
      [0.3, 0.3, 0.4],
    ];
    const soft = logits.map((row, i) => -row.reduce((s, v, c) => s + q[i][c] * (v - logSumExp(row)), 0));
    const eps = 0.1;
    const smoothed = logits.map((row, i) => -row.reduce((s, v, c) => s + ((c === labels[i] ? 1 - eps : 0) + eps / 3) * (v - logSumExp(row)), 0));
    tidy(() => {
      expectClose(values(crossEntropy(tensor(logits), tensor(q), { reduction: 'none' })), soft);
      expectClose(values(crossEntropy(tensor(logits), tensor(labels, [3], 'int32'), { reduction: 'none', labelSmoothing: eps })), smoothed);
    });
  });

  it('has gradient (softmax − onehot)/N with mean reduction', () => {
    const x = variable(logits);
    const loss = crossEntropy(x, tensor(labels, [3], 'int32'));
    loss.backward();
    const expected = logits.flatMap((row, i) => {
      const z = logSumExp(row);
      return row.map((v, c) => (Math.exp(v - z) - (c === labels[i] ? 1 : 0)) / 3);
    });
    expectClose(values(x.grad!), expected);
    loss.dispose();
    x.grad!.dispose();
    x.dispose();
  });

  it('names the loss and the shapes in its errors', () => {
    tidy(() => {
      expect(() => crossEntropy(tensor(logits), tensor([0, 1], [2], 'int32'))).toThrowError(/crossEntropy: labels \[2\] must be \[N\] = \[3\] for input \[3,3\]/);
      expect(() => crossEntropy(tensor(logits), tensor([0, 1, 3], [3], 'int32'))).toThrowError(/label 3 at position 2 is out of range \[0, 3\)/);
      expect(() => crossEntropy(tensor([1, 2, 3]), tensor([0], [1], 'int32'))).toThrowError(ShapeError);
      expect(() => crossEntropy(tensor(logits), tensor([[1, 0, 0]]))).toThrowError(/target \[1,3\]/);
      expect(() => crossEntropy(tensor(logits), tensor([0, 1, 2], [3], 'int32'), { labelSmoothing: 2 })).toThrowError(ArgumentError);
    });
  });
});

describe('nll', () => {
  it('picks −logProbs[i, label] and ignores −∞ in other classes', () => {
    tidy(() => {
      const logProbs = tensor([
        [Math.log(0.5), Math.log(0.5), -Infinity],
        [-Infinity, Math.log(0.25), Math.log(0.75)],
      ]);
      const out = values(nll(logProbs, tensor([1, 2], [2], 'int32'), { reduction: 'none' }));
      expectClose(out, [-Math.log(0.5), -Math.log(0.75)]);
      expect(() => nll(logProbs, tensor([1, 2], [2]))).toThrowError(/nll: class labels must be int32, got float32/);
    });
  });
});
