import '@nabla/backend-js';
import {
  Rng, add, concat, getBackend, matmul, memory, mul, setBackend, split, sum, tanh, tensor, tidy, type Tensor,
} from '@nabla/tensor-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { grad, variable } from '../src/index.js';

beforeAll(async () => {
  await setBackend('js');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const rng = new Rng(7);

function randomMatrix(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => 2 * rng.uniform() - 1));
}

function values(t: Tensor | null): number[] {
  if (!t) throw new Error('missing gradient');
  return Array.from(t.dataSync());
}

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i], 4));
}

describe('a weight shared by several matmuls', () => {
  it('x·W at three places: ∂W = Σₜ cₜ·xₜᵀ·1 (checked against plain loops)', () => {
    const xs = [randomMatrix(2, 3), randomMatrix(4, 3), randomMatrix(1, 3)];
    const c = [1, -2, 0.5];
    const w = variable(randomMatrix(3, 2));
    const loss = xs.map((x, t) => sum(mul(matmul(tensor(x), w), c[t]))).reduce((a, b) => add(a, b));
    loss.backward();
    // ∂/∂W[k][n] = Σₜ cₜ Σₘ xₜ[m][k]
    const expected = [0, 1, 2].flatMap((k) => [0, 1].map(() => xs.reduce((s, x, t) => s + c[t] * x.reduce((r, row) => r + row[k], 0), 0)));
    expectClose(values(w.grad), expected);
  });

  it('x·Wᵀ weighted by an upstream gradient: ∂W = Σₜ dyₜᵀ·xₜ', () => {
    const xs = [randomMatrix(2, 3), randomMatrix(2, 3)];
    const ys = [randomMatrix(2, 4), randomMatrix(2, 4)];
    const w = variable(randomMatrix(4, 3));
    // loss = Σₜ Σ (xₜ Wᵀ) ⊙ yₜ, so dyₜ = yₜ
    const loss = xs.map((x, t) => sum(mul(matmul(tensor(x), w, { transposeB: true }), tensor(ys[t])))).reduce((a, b) => add(a, b));
    loss.backward();
    const expected: number[] = [];
    for (let n = 0; n < 4; n++) {
      for (let k = 0; k < 3; k++) expected.push(xs.reduce((s, x, t) => s + x.reduce((r, row, m) => r + ys[t][m][n] * row[k], 0), 0));
    }
    expectClose(values(w.grad), expected);
  });

  it('a recurrence hₜ = tanh(hₜ₋₁·Wᵀ + xₜ) gives the same gradients as the functional path', () => {
    const w0 = randomMatrix(3, 3);
    const h0 = randomMatrix(2, 3);
    const xs = [randomMatrix(2, 3), randomMatrix(2, 3), randomMatrix(2, 3)];
    const run = (w: Tensor, h: Tensor): Tensor => {
      let state = h;
      for (const x of xs) state = tanh(add(matmul(state, w, { transposeB: true }), tensor(x)));
      return sum(mul(state, state));
    };
    const w = variable(w0);
    const h = variable(h0);
    run(w, h).backward();
    // grad() returns gradients without accumulating into .grad: the per-use path
    const [dw, dh] = grad(run)(tensor(w0), tensor(h0));
    expectClose(values(w.grad), values(dw));
    expectClose(values(h.grad), values(dh));
  });

  it('other uses of the weight add to the matmul uses', () => {
    const xs = [randomMatrix(2, 2), randomMatrix(2, 2)];
    const w0 = randomMatrix(2, 2);
    const w = variable(w0);
    add(xs.map((x) => sum(matmul(tensor(x), w))).reduce((a, b) => add(a, b)), sum(mul(w, w))).backward();
    const expected = [0, 1].flatMap((k) => [0, 1].map((n) => xs.reduce((s, x) => s + x[0][k] + x[1][k], 0) + 2 * w0[k][n]));
    expectClose(values(w.grad), expected);
  });

  it('a weight computed by an op (here 2·V) is summed before that op passes it on', () => {
    const v0 = randomMatrix(3, 3);
    const h0 = randomMatrix(2, 3);
    const run = (v: Tensor, h: Tensor): Tensor => {
      const w = mul(v, 2);
      let state = h;
      for (let t = 0; t < 4; t++) state = tanh(matmul(state, w, { transposeB: t % 2 === 0 }));
      return add(sum(mul(state, state)), sum(w));
    };
    const v = variable(v0);
    const h = variable(h0);
    run(v, h).backward();
    const [dv, dh] = grad(run)(tensor(v0), tensor(h0));
    expectClose(values(v.grad), values(dv));
    expectClose(values(h.grad), values(dh));
  });

  it('retainGraph: a second backward through shared weights adds the same gradient again', () => {
    const w = variable(randomMatrix(3, 3));
    const h = variable(randomMatrix(2, 3));
    let state: Tensor = h;
    for (let t = 0; t < 3; t++) state = tanh(matmul(state, w, { transposeB: true }));
    const loss = sum(state);
    loss.backward(undefined, { retainGraph: true });
    const once = values(w.grad);
    loss.backward();
    expectClose(values(w.grad), once.map((v) => 2 * v));
  });

  it('leaves nothing behind but the leaves\' gradients (shared weights and joined slices)', () => {
    const w = variable(randomMatrix(4, 4));
    const h = variable(randomMatrix(2, 4));
    const before = memory().numTensors;
    tidy(() => {
      let state: Tensor = h;
      for (let t = 0; t < 4; t++) {
        const [a, b] = split(matmul(state, w, { transposeB: true }), 2, 1);
        state = tanh(concat([mul(a, b), a], 1));
      }
      sum(state).backward();
    });
    expect(memory().numTensors).toBe(before + 2); // w.grad and h.grad
    expect(w.grad?.shape).toEqual([4, 4]);
  });

  it('T uses cost T input-gradient matmuls and one weight-gradient matmul', () => {
    const w = variable(randomMatrix(3, 3));
    let state: Tensor = variable(randomMatrix(2, 3));
    for (let t = 0; t < 5; t++) state = tanh(matmul(state, w, { transposeB: true }));
    const loss = sum(state);
    const spy = vi.spyOn(getBackend(), 'matmul');
    loss.backward();
    expect(spy).toHaveBeenCalledTimes(5 + 1);
  });
});
