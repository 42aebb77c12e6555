/**
 * Optimizer update rules of @nabla/optim on the backend under test: three-step trajectories of a
 * 3-element parameter under a fixed gradient sequence, against the published update rules written
 * out in float64 here; plus hand-computed single steps and gradient clipping. The state tensors
 * (moments, buffers) live on the backend, so these check its elementwise kernels end to end.
 * Tolerance kind: `basic` (each step is a handful of correctly rounded float32 operations).
 */
import { memory, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { variable } from '@nabla/autograd';
import { Adagrad, Adam, AdamW, RMSprop, SGD, clipGradNorm, clipGradValue, mse, type Hyperparameters, type Optimizer } from '@nabla/optim';
import { describe, expect, it } from 'vitest';
import { values } from '../check.js';
import type { ConformanceContext } from '../context.js';
import { expectNear } from './near.js';

const START = [0.5, -1.2, 2];
const GRADS = [
  [0.1, -0.2, 0.3],
  [0.4, 0.05, -0.6],
  [-0.3, 0.2, 0.1],
];

/** Run `make`'s optimizer over GRADS and return the parameter after each step. */
async function trajectory<H extends Hyperparameters>(make: (p: Tensor) => Optimizer<H>): Promise<number[][]> {
  const p = variable(START);
  const opt = make(p);
  const out: number[][] = [];
  for (const g of GRADS) {
    p.grad = tensor(g);
    opt.step();
    opt.zeroGrad();
    out.push(await values(p));
  }
  opt.disposeState();
  p.dispose();
  return out;
}

/** A one-element parameter from 1 under a constant gradient of 0.5: its value after each of `steps` steps. */
async function constantGradientSteps<H extends Hyperparameters>(make: (p: Tensor) => Optimizer<H>, steps: number): Promise<number[]> {
  const p = variable([1]);
  const opt = make(p);
  const seen: number[] = [];
  for (let k = 0; k < steps; k++) {
    p.grad = tensor([0.5]);
    opt.step();
    opt.zeroGrad();
    seen.push((await values(p))[0]);
  }
  opt.disposeState();
  p.dispose();
  return seen;
}

/** Float64 reference: `update(i, p, g, t)` returns coordinate i's new value at step t (1-based). */
function reference(update: (i: number, p: number, g: number, t: number) => number): number[][] {
  const p = [...START];
  return GRADS.map((g, k) => {
    for (let i = 0; i < p.length; i++) p[i] = update(i, p[i], g[i], k + 1);
    return [...p];
  });
}

interface AdamSettings { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; amsgrad: boolean }

function adamReference(cfg: AdamSettings, decoupled: boolean): number[][] {
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

/** Register the optimizer and clipping checks. */
export function describeOptimizers(ctx: ConformanceContext): void {
  const tol = ctx.tol('basic');
  const expectTrajectory = (actual: number[][], expected: number[][]): void => {
    actual.forEach((row, k) => expectNear(row, expected[k], tol));
  };

  describe('optimizers', () => {
    it('SGD, hand-computed: plain 1 → 0.95; momentum 0.95, 0.855; Nesterov 0.905, 0.7695', async () => {
      for (const [cfg, expected] of [
        [{ lr: 0.1 }, [0.95, 0.9]],
        [{ lr: 0.1, momentum: 0.9 }, [0.95, 0.855]],
        [{ lr: 0.1, momentum: 0.9, nesterov: true }, [0.905, 0.7695]],
      ] as const) {
        expectNear(await constantGradientSteps((p) => new SGD([p], cfg), 2), expected, tol);
      }
    });

    it('SGD with momentum, dampening, weight decay and Nesterov follows PyTorch over three steps', async () => {
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
        expectTrajectory(await trajectory((p) => new SGD([p], cfg)), expected);
      }
    });

    it('Adam, hand-computed: a constant gradient moves p by lr each step (bias correction)', async () => {
      expectNear(await constantGradientSteps((p) => new Adam([p], { lr: 0.1 }), 2), [0.9, 0.8], tol);
    });

    it('Adam (plain, L2 weight decay, AMSGrad) and AdamW (decoupled decay) follow the published rules', async () => {
      for (const cfg of [
        { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false },
        { lr: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-3, weightDecay: 0.1, amsgrad: false },
        { lr: 0.05, beta1: 0.5, beta2: 0.9, eps: 1e-6, weightDecay: 0, amsgrad: true },
      ]) {
        expectTrajectory(await trajectory((p) => new Adam([p], cfg)), adamReference(cfg, false));
      }
      const cfg = { lr: 0.05, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.2, amsgrad: false };
      const actual = await trajectory((p) => new AdamW([p], cfg));
      expectTrajectory(actual, adamReference(cfg, true));
      expect(Math.abs(actual[2][2] - adamReference(cfg, false)[2][2]), 'AdamW differs from L2-coupled Adam').toBeGreaterThan(1e-4);
    });

    it('RMSprop (plain, centered, with momentum) follows PyTorch over three steps', async () => {
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
        expectTrajectory(await trajectory((p) => new RMSprop([p], cfg)), expected);
      }
    });

    it('Adagrad accumulates squared gradients with lr decay, weight decay and an initial accumulator', async () => {
      const cfg = { lr: 0.1, lrDecay: 0.5, weightDecay: 0.1, initialAccumulatorValue: 0.2, eps: 1e-10 };
      const sum = START.map(() => cfg.initialAccumulatorValue);
      const expected = reference((i, p, grad, t) => {
        const g = grad + cfg.weightDecay * p;
        sum[i] += g * g;
        const clr = cfg.lr / (1 + (t - 1) * cfg.lrDecay);
        return p - (clr * g) / (Math.sqrt(sum[i]) + cfg.eps);
      });
      expectTrajectory(await trajectory((p) => new Adagrad([p], cfg)), expected);
    });

    it('clipGradNorm rescales all gradients by maxNorm / ‖g‖ (‖(3, 4, 12)‖ = 13); clipGradValue clamps', async () => {
      const params = [[3, 4], [12]].map((g) => {
        const p = variable(g.map(() => 0));
        p.grad = tensor(g);
        return p;
      });
      const norm = clipGradNorm(params, 6.5);
      expectNear(await values(norm), [13], tol);
      const scale = 6.5 / (13 + 1e-6);
      expectNear(await values(params[0].grad as Tensor), [3 * scale, 4 * scale], tol);
      expectNear(await values(params[1].grad as Tensor), [12 * scale], tol);
      norm.dispose();
      clipGradValue(params, 1);
      expectNear(await values(params[0].grad as Tensor), [1, 1], ctx.tol('exact'));
      for (const p of params) {
        p.grad?.dispose();
        p.dispose();
      }
    });

    for (const [name, make] of [
      ['SGD', (ps: Tensor[]) => new SGD(ps, { lr: 0.005, momentum: 0.9, nesterov: true, weightDecay: 1e-3 })],
      ['Adam', (ps: Tensor[]) => new Adam(ps, { lr: 0.01, amsgrad: true })],
      ['AdamW', (ps: Tensor[]) => new AdamW(ps, { lr: 0.01 })],
      ['RMSprop', (ps: Tensor[]) => new RMSprop(ps, { lr: 0.01, momentum: 0.5, centered: true })],
      ['Adagrad', (ps: Tensor[]) => new Adagrad(ps, { lr: 0.05 })],
    ] as const) {
      it(`${name}: a training loop never grows memory().numTensors and lowers the loss`, async () => {
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
          losses.push((await values(loss))[0]);
          loss.dispose();
          opt.step();
          opt.zeroGrad();
          counts.push(memory().numTensors);
        }
        // Never above the first step's count: a leak grows it every step. (It may fall: autograd's
        // FinalizationRegistry can free graphs that earlier tests dropped, whenever GC runs.)
        expect(Math.max(...counts), `tensor counts ${counts.join(', ')}`).toBe(counts[0]);
        expect(losses[5]).toBeLessThan(losses[0]);
        opt.disposeState();
        for (const t of [x, y, w, b]) t.dispose();
      });
    }
  });
}
