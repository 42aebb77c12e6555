import '@nabla/backend-js';
import {
  avgPool2d, conv2d, div, gather, logSoftmax, logsumexp, matmul, max, maxPool2d, mul, pow, prod, setBackend,
  sigmoid, softmax, sum, tanh, tensor, where, greater, Rng, type Tensor,
} from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad, gradCheck } from '../src/index.js';

beforeAll(async () => {
  await setBackend('js');
});

const rng = new Rng(42);

function random(shape: number[], lo = -1, hi = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: n }, () => lo + (hi - lo) * rng.uniform()), shape, 'float64');
}

/** Distinct values (no ties), so max-based functions are smooth around the point. */
function distinct(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const order = Array.from({ length: n }, (_, i) => i);
  rng.shuffle(order);
  return tensor(order.map((k) => (k - n / 2) * 0.3 + 0.05 * rng.uniform()), shape, 'float64');
}

/**
 * Finite differences of the gradient: gradCheck of x ↦ Σ v ⊙ ∇f(x) checks the second-order
 * rules (the gradient's own graph, built by nested grad) against central differences.
 */
async function checkSecondOrder(f: (x: Tensor) => Tensor, x: Tensor): Promise<number> {
  const v = random([...x.shape]);
  const result = await gradCheck((t) => sum(mul(grad(f)(t)[0], v)), [x]);
  expect(result.ok, `max error ${result.maxRelError}`).toBe(true);
  return result.maxRelError;
}

const W = random([3, 2, 2, 2]);
const idx = tensor([0, 2, 2, 1], [4], 'int32');
const image = random([1, 2, 4, 4]);
const weights = random([2, 4]);

describe('second-order gradients match finite differences of the gradient', () => {
  const cases: [string, (x: Tensor) => Tensor, () => Tensor][] = [
    ['conv2d (input)', (x) => sum(pow(conv2d(x, W, { padding: 1, stride: 2 }), 3)), () => random([1, 2, 4, 4])],
    ['conv2d (filter)', (w) => sum(pow(conv2d(image, w, { padding: 'same' }), 3)), () => random([2, 2, 3, 3])],
    ['maxPool2d', (x) => sum(pow(maxPool2d(x, { kernelSize: 2, stride: 1 }), 3)), () => distinct([1, 2, 3, 3])],
    ['avgPool2d', (x) => sum(pow(avgPool2d(x, { kernelSize: 2, stride: 1, padding: 1, countIncludePad: false }), 3)), () => random([1, 1, 3, 3])],
    ['softmax', (x) => sum(mul(softmax(x, 1), weights)), () => random([2, 4])],
    ['logSoftmax', (x) => sum(mul(pow(logSoftmax(x, 0), 2), weights)), () => random([2, 4])],
    ['logsumexp', (x) => sum(pow(logsumexp(x, 1), 2)), () => random([3, 4])],
    ['prod', (x) => sum(prod(x, 1)), () => random([2, 4], 0.5, 1.5)],
    ['max', (x) => sum(pow(max(x, 0), 3)), () => distinct([3, 3])],
    ['batched matmul', (x) => sum(tanh(matmul(x, x, { transposeB: true }))), () => random([2, 3, 2])],
    ['gather', (x) => sum(pow(gather(x, idx, 0), 3)), () => random([3, 2])],
    ['where + div + sigmoid', (x) => sum(where(greater(x, 0), div(1, x), sigmoid(x))), () => random([5], 0.2, 1)],
  ];
  for (const [name, f, input] of cases) {
    it(name, async () => {
      const err = await checkSecondOrder(f, input());
      expect(err).toBeLessThan(1e-5);
    });
  }
});
