import '@nabla/backend-js';
import { matmul, memory, mul, pow, setBackend, sin, square, sum, tanh, tensor, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad, gradients, valueAndGrad, variable } from '../src/index.js';

beforeAll(async () => {
  await setBackend('js');
});

function values(t: Tensor | null): number[] {
  if (!t) throw new Error('missing gradient');
  return Array.from(t.dataSync());
}

function expectClose(actual: number[], expected: number[], digits = 4): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], digits));
}

describe('higher-order gradients', () => {
  it('grad(grad(f)) for elementwise ops: f = Σ x³ + sin x gives f″ = 6x − sin x', () => {
    const f = (x: Tensor): Tensor => sum(pow(x, 3).add(sin(x)));
    const df = grad(f);
    const d2f = grad((x: Tensor) => sum(df(x)[0]));
    const xs = [-1.5, 0.3, 2];
    const [second] = d2f(tensor(xs));
    expectClose(values(second), xs.map((x) => 6 * x - Math.sin(x)));
    const [third] = grad((x: Tensor) => sum(d2f(x)[0]))(tensor(xs));
    expectClose(values(third), xs.map((x) => 6 - Math.cos(x)));
  });

  it('grad(grad(f)) through reductions and matmul: f(x) = Σ (W x)³ has Hessian Wᵀ diag(6 W x) W', () => {
    const W = [[1, -2, 0.5], [0.3, 0.7, -1], [2, 0, 1], [-0.5, 1.5, 0.25]];
    const xs = [0.4, -0.2, 0.9];
    const v = [1, -1, 0.5];
    const Wt = tensor(W);
    const f = (x: Tensor): Tensor => sum(pow(matmul(Wt, x), 3));
    // Hessian-vector product: ∇ₓ (∇f(x) · v)
    const vt = tensor(v);
    const [hvp] = grad((x: Tensor) => sum(mul(grad(f)(x)[0], vt)))(tensor(xs));
    const wx = W.map((row) => row.reduce((s, w, j) => s + w * xs[j], 0));
    const wv = W.map((row) => row.reduce((s, w, j) => s + w * v[j], 0));
    const expected = xs.map((_, k) => W.reduce((s, row, i) => s + row[k] * 6 * wx[i] * wv[i], 0));
    expectClose(values(hvp), expected);
  });

  it('the same Hessian-vector product through gradients(..., { createGraph }) and backward()', () => {
    const x = variable([0.5, -1, 2]);
    const v = tensor([0.2, 0.4, -1]);
    const y = sum(mul(tanh(x), square(x)));
    const [g] = gradients(y, [x], { createGraph: true });
    sum(mul(g ?? tensor(0), v)).backward();
    // f = t x² with t = tanh x: f′ = (1−t²)x² + 2tx, f″ = −2t(1−t²)x² + 4(1−t²)x + 2t
    const expected = [0.5, -1, 2].map((xi, i) => {
      const t = Math.tanh(xi);
      return (-2 * t * (1 - t * t) * xi * xi + 4 * (1 - t * t) * xi + 2 * t) * [0.2, 0.4, -1][i];
    });
    expectClose(values(x.grad), expected);
  });

  it('grad over several inputs returns one gradient each, zeros for an unused input', () => {
    const f = (a: Tensor, b: Tensor, _c: Tensor): Tensor => sum(mul(a, b));
    const [ga, gb, gc] = grad(f)(tensor([1, 2]), tensor([3, 4]), tensor([5]));
    expect(values(ga)).toEqual([3, 4]);
    expect(values(gb)).toEqual([1, 2]);
    expect(values(gc)).toEqual([0]);
    const { value, grads } = valueAndGrad(f)(tensor([1, 2]), tensor([3, 4]), tensor([5]));
    expect(value.item()).toBe(11);
    expect(values(grads[0])).toEqual([3, 4]);
  });

  it('grad and valueAndGrad leave no tensors behind except their results', () => {
    const x = tensor([0.1, 0.2, 0.3]);
    const f = (t: Tensor): Tensor => sum(pow(t, 3));
    const before = memory().numTensors;
    const [g] = grad(f)(x);
    expect(memory().numTensors).toBe(before + 1);
    g.dispose();
    const [h] = grad((t: Tensor) => sum(grad(f)(t)[0]))(x);
    expectClose(values(h), [0.6, 1.2, 1.8]);
    h.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
