import { ArgumentError, DTypeError, memory, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { variable } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, AdamW, RMSprop, SGD, mse, type Optimizer, type Hyperparameters } from '../src/index.js';
import { expectClose, useJsBackend, values } from './helpers.js';

useJsBackend();

const START = [0.5, -1.2, 2];
const GRADS = [
  [0.1, -0.2, 0.3],
  [0.4, 0.05, -0.6],
  [-0.3, 0.2, 0.1],
];

/** Run `optimizer` for the fixed gradient sequence and return the parameter after each step. */
function run<H extends Hyperparameters>(make: (p: Tensor) => Optimizer<H>): number[][] {
  const p = variable(START);
  const opt = make(p);
  const out: number[][] = [];
  for (const g of GRADS) {
    p.grad = tensor(g);
    opt.step();
    opt.zeroGrad();
    out.push(values(p));
  }
  opt.disposeState();
  p.dispose();
  return out;
}

/** Element-wise float64 reference: `update(i, p, g, t)` returns the new p for coordinate i at step t (1-based). */
function reference(update: (i: number, p: number, g: number, t: number) => number): number[][] {
  const p = [...START];
  return GRADS.map((g, k) => {
    for (let i = 0; i < p.length; i++) p[i] = update(i, p[i], g[i], k + 1);
    return [...p];
  });
}

function expectTrajectory(actual: number[][], expected: number[][], tol = 2e-6): void {
  actual.forEach((row, k) => expectClose(row, expected[k], tol));
}

describe('SGD', () => {
  it('plain, hand-computed: p ← p − lr·g', () => {
    const p = variable([1]);
    const opt = new SGD([p], { lr: 0.1 });
    p.grad = tensor([0.5]);
    opt.step();
    expectClose(values(p), [0.95]);
    opt.zeroGrad();
    expect(p.grad).toBeNull();
    p.dispose();
  });

  it('momentum and Nesterov, hand-computed over two steps', () => {
    for (const [nesterov, expected] of [[false, [0.95, 0.855]], [true, [0.905, 0.7695]]] as const) {
      const p = variable([1]);
      const opt = new SGD([p], { lr: 0.1, momentum: 0.9, nesterov });
      const seen: number[] = [];
      for (let k = 0; k < 2; k++) {
        p.grad = tensor([0.5]);
        opt.step();
        opt.zeroGrad();
        seen.push(values(p)[0]);
      }
      expectClose(seen, expected);
      opt.disposeState();
      p.dispose();
    }
  });

  it('momentum, dampening, weight decay and Nesterov follow PyTorch over three steps', () => {
    for (const cfg of [
      { lr: 0.1, momentum: 0.9, dampening: 0.3, weightDecay: 0.01, nesterov: false },
      { lr: 0.05, momentum: 0.8, dampening: 0, weightDecay: 0.1, nesterov: true },
      { lr: 0.2, momentum: 0, dampening: 0, weightDecay: 0.5, nesterov: false },
    ]) {
      const buf: (number | null)[] = START.map(() => null);
      const expected = reference((i, p, grad) => {
        let g = grad + cfg.weightDecay * p;
        if (cfg.momentum !== 0) {
          const b = buf[i] === null ? g : cfg.momentum * (buf[i] as number) + (1 - cfg.dampening) * g;
          buf[i] = b;
          g = cfg.nesterov ? g + cfg.momentum * b : b;
        }
        return p - cfg.lr * g;
      });
      expectTrajectory(run((p) => new SGD([p], cfg)), expected);
    }
  });

  it('rejects invalid settings', () => {
    const p = variable([1]);
    expect(() => new SGD([p], { lr: -1 })).toThrowError(ArgumentError);
    expect(() => new SGD([p], { nesterov: true })).toThrowError(/Nesterov momentum requires momentum > 0/);
    expect(() => new SGD([])).toThrowError(/empty parameter list/);
    expect(() => new SGD([p, p])).toThrowError(/more than once/);
    const ints = tensor([1, 2], [2], 'int32');
    expect(() => new SGD([ints])).toThrowError(DTypeError);
    ints.dispose();
    p.dispose();
  });
});

describe('Adam and AdamW', () => {
  it('Adam, hand-computed: a constant gradient moves p by lr each step (bias correction)', () => {
    const p = variable([1]);
    const opt = new Adam([p], { lr: 0.1 });
    const seen: number[] = [];
    for (let k = 0; k < 2; k++) {
      p.grad = tensor([0.5]);
      opt.step();
      opt.zeroGrad();
      seen.push(values(p)[0]);
    }
    expectClose(seen, [0.9, 0.8]);
    opt.disposeState();
    p.dispose();
  });

  function adamReference(cfg: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; amsgrad: boolean }, decoupled: boolean): number[][] {
    const m = START.map(() => 0);
    const v = START.map(() => 0);
    const vMax = START.map(() => 0);
    return reference((i, p, grad, t) => {
      let g = grad;
      if (decoupled) p = p * (1 - cfg.lr * cfg.weightDecay);
      else g = grad + cfg.weightDecay * p;
      m[i] = cfg.beta1 * m[i] + (1 - cfg.beta1) * g;
      v[i] = cfg.beta2 * v[i] + (1 - cfg.beta2) * g * g;
      vMax[i] = Math.max(vMax[i], v[i]);
      const mHat = m[i] / (1 - cfg.beta1 ** t);
      const vHat = (cfg.amsgrad ? vMax[i] : v[i]) / (1 - cfg.beta2 ** t);
      return p - (cfg.lr * mHat) / (Math.sqrt(vHat) + cfg.eps);
    });
  }

  it('Adam with L2 weight decay and AMSGrad follows the published rule over three steps', () => {
    for (const cfg of [
      { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false },
      { lr: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-3, weightDecay: 0.1, amsgrad: false },
      { lr: 0.05, beta1: 0.5, beta2: 0.9, eps: 1e-6, weightDecay: 0, amsgrad: true },
    ]) {
      expectTrajectory(run((p) => new Adam([p], cfg)), adamReference(cfg, false));
    }
  });

  it('AdamW decouples weight decay from the gradient', () => {
    const cfg = { lr: 0.05, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.2, amsgrad: false };
    const actual = run((p) => new AdamW([p], cfg));
    expectTrajectory(actual, adamReference(cfg, true));
    // and it is not the same as L2-coupled Adam
    expect(Math.abs(actual[2][2] - adamReference(cfg, false)[2][2])).toBeGreaterThan(1e-4);
  });
});

describe('RMSprop', () => {
  it('plain, centered and with momentum follow PyTorch over three steps', () => {
    for (const cfg of [
      { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false },
      { lr: 0.02, alpha: 0.9, eps: 1e-4, weightDecay: 0.05, momentum: 0.7, centered: false },
      { lr: 0.01, alpha: 0.8, eps: 1e-3, weightDecay: 0, momentum: 0.5, centered: true },
    ]) {
      const sq = START.map(() => 0);
      const ga = START.map(() => 0);
      const buf = START.map(() => 0);
      const expected = reference((i, p, grad) => {
        const g = grad + cfg.weightDecay * p;
        sq[i] = cfg.alpha * sq[i] + (1 - cfg.alpha) * g * g;
        let avg: number;
        if (cfg.centered) {
          ga[i] = cfg.alpha * ga[i] + (1 - cfg.alpha) * g;
          avg = Math.sqrt(sq[i] - ga[i] * ga[i]) + cfg.eps;
        } else avg = Math.sqrt(sq[i]) + cfg.eps;
        if (cfg.momentum > 0) {
          buf[i] = cfg.momentum * buf[i] + g / avg;
          return p - cfg.lr * buf[i];
        }
        return p - (cfg.lr * g) / avg;
      });
      expectTrajectory(run((p) => new RMSprop([p], cfg)), expected, 1e-5);
    }
  });
});

describe('Adagrad', () => {
  it('accumulates squared gradients with lr decay, weight decay and an initial accumulator', () => {
    const cfg = { lr: 0.1, lrDecay: 0.5, weightDecay: 0.1, initialAccumulatorValue: 0.2, eps: 1e-10 };
    const sum = START.map(() => cfg.initialAccumulatorValue);
    const expected = reference((i, p, grad, t) => {
      const g = grad + cfg.weightDecay * p;
      sum[i] += g * g;
      const clr = cfg.lr / (1 + (t - 1) * cfg.lrDecay);
      return p - (clr * g) / (Math.sqrt(sum[i]) + cfg.eps);
    });
    expectTrajectory(run((p) => new Adagrad([p], cfg)), expected);
  });
});

describe('optimizer mechanics', () => {
  it('skips parameters without a gradient and supports groups with their own lr', () => {
    const a = variable([1]);
    const b = variable([1]);
    const c = variable([1]);
    const opt = new SGD([{ params: [a], lr: 0.5 }, { params: [b, c] }], { lr: 0.1 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.5, 0.1]);
    a.grad = tensor([1]);
    b.grad = tensor([1]);
    opt.step();
    expect([values(a)[0], values(b)[0], values(c)[0]]).toEqual([0.5, Math.fround(0.9), 1]);
    opt.lr = 0.01;
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.01, 0.01]);
    opt.zeroGrad();
    for (const t of [a, b, c]) t.dispose();
  });

  it('zeroGrad(false) keeps the gradient tensors and fills them with zeros', () => {
    const p = variable([1, 2]);
    const opt = new SGD([p], { lr: 0.1 });
    const g = tensor([3, 4]);
    p.grad = g;
    opt.zeroGrad(false);
    expect(p.grad).toBe(g);
    expect(values(g)).toEqual([0, 0]);
    g.dispose();
    p.dispose();
  });

  it('rejects a gradient whose shape does not match its parameter', () => {
    const p = variable([1, 2]);
    const opt = new SGD([p]);
    p.grad = tensor([1, 2, 3]);
    expect(() => opt.step()).toThrowError(/SGD.step: gradient float32 \[3\] does not match parameter float32 \[2\]/);
    opt.zeroGrad();
    p.dispose();
  });

  for (const [name, make] of [
    ['SGD', (ps: Tensor[]) => new SGD(ps, { lr: 0.005, momentum: 0.9, nesterov: true, weightDecay: 1e-3 })],
    ['Adam', (ps: Tensor[]) => new Adam(ps, { lr: 0.01, amsgrad: true })],
    ['AdamW', (ps: Tensor[]) => new AdamW(ps, { lr: 0.01 })],
    ['RMSprop', (ps: Tensor[]) => new RMSprop(ps, { lr: 0.01, momentum: 0.5, centered: true })],
    ['Adagrad', (ps: Tensor[]) => new Adagrad(ps, { lr: 0.05 })],
  ] as const) {
    it(`${name}: a training loop keeps memory().numTensors constant and lowers the loss`, () => {
      const x = tensor([[1, 2], [3, 4], [5, 6], [0, 1]]);
      const y = tensor([[1], [2], [3], [0.5]]);
      const w = variable([[0.1], [-0.2]]);
      const b = variable([0]);
      const opt = make([w, b]);
      const losses: number[] = [];
      const counts: number[] = [];
      for (let i = 0; i < 6; i++) {
        const loss = tidy(() => mse(x.matmul(w).add(b), y));
        loss.backward();
        losses.push(loss.item());
        loss.dispose();
        opt.step();
        opt.zeroGrad();
        counts.push(memory().numTensors);
      }
      expect(new Set(counts).size).toBe(1);
      expect(losses[5]).toBeLessThan(losses[0]);
      opt.disposeState();
      for (const t of [x, y, w, b]) t.dispose();
    });
  }
});
