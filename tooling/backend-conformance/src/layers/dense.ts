/** Dense: values against a hand-written loop, the Θ form, shapes and errors. */
import type { ConformanceContext } from '../context.js';
import { expect } from 'vitest';
import { Rng, ShapeError, tensor } from '@nabla/tensor-core';
import { Dense, Linear } from '@nabla/layers';
import { expectClose, type SuiteCase } from './helpers.js';

/** y[b][o] = bias[o] + Σᵢ x[b][i]·W[o][i], written as loops. */
function denseReference(x: number[][], w: ArrayLike<number>, b: ArrayLike<number>, inF: number, outF: number): number[] {
  const out: number[] = [];
  for (const row of x) {
    for (let o = 0; o < outF; o++) {
      let acc = b[o];
      for (let i = 0; i < inF; i++) acc += row[i] * w[o * inF + i];
      out.push(acc);
    }
  }
  return out;
}

/** The Dense suite. */
export function denseCases(ctx: ConformanceContext): SuiteCase[] {
  return [
    {
      name: 'matches y = x Wᵀ + b computed by loops, with PyTorch layout',
      run: async () => {
        const layer = new Dense(3, 2, { seed: 7 });
        expect([...layer.weight.shape]).toEqual([2, 3]);
        expect([...(layer.bias?.shape ?? [])]).toEqual([2]);
        const x = [[1, 2, 3], [-1, 0.5, 4]];
        const y = layer.forward(tensor(x));
        const ref = denseReference(x, await layer.weight.data(), await (layer.bias ?? layer.weight).data(), 3, 2);
        await expectClose(y, ref, [2, 2], ctx.tol('accumulation'));
      },
    },
    {
      name: 'hand-computed values after loading weights',
      run: async () => {
        const layer = new Dense(2, 2);
        layer.loadStateDict({ weight: tensor([[1, 2], [3, -1]]), bias: tensor([0.5, -2]) });
        // [1, 1] → [1+2+0.5, 3−1−2] = [3.5, 0]
        await expectClose(layer.forward(tensor([[1, 1]])), [3.5, 0], [1, 2], ctx.tol('accumulation'));
      },
    },
    {
      name: 'fromTheta reads the lecture augmented matrix with the bias in column 0',
      run: async () => {
        const layer = Dense.fromTheta([[1, 0, 0, 1], [0, -1, 1, 0], [2, 0, 1, 1]]);
        expect([layer.inFeatures, layer.outFeatures]).toEqual([3, 3]);
        await expectClose(layer.weight, [0, 0, 1, -1, 1, 0, 0, 1, 1], [3, 3], ctx.tol('accumulation'));
        await expectClose(layer.bias ?? layer.weight, [1, 0, 2], [3], ctx.tol('accumulation'));
        // x = [0, 2, 1] (x₀ = 1 is the bias): z = [2, 2, 5]
        await expectClose(layer.forward(tensor([[0, 2, 1]])), [2, 2, 5], [1, 3], ctx.tol('accumulation'));
        // a 1-D Θ is one output unit: Θ(2) = [0, 1, 1, 0]
        const out = Dense.fromTheta([0, 1, 1, 0]);
        expect([out.inFeatures, out.outFeatures]).toEqual([3, 1]);
        await expectClose(out.forward(tensor([[1, 1, 1]])), [2], [1, 1], ctx.tol('accumulation'));
        expect(() => Dense.fromTheta([[1]])).toThrow(/Θ must be \[out, in \+ 1\]/);
      },
    },
    {
      name: 'works on [B, T, in] inputs and without bias',
      run: async () => {
        const layer = new Dense(2, 3, { bias: false, seed: 1 });
        expect(layer.bias).toBeNull();
        expect(layer.parameters()).toHaveLength(1);
        const xs = [[1, 2], [3, 4], [5, 6], [7, 8]];
        const y = layer.forward(tensor(xs).reshape([2, 2, 2]));
        await expectClose(y, denseReference(xs, await layer.weight.data(), [0, 0, 0], 2, 3), [2, 2, 3], ctx.tol('accumulation'));
      },
    },
    {
      name: 'default init is U(±1/√in) and seeded init is reproducible',
      run: async () => {
        const a = new Dense(16, 8, { seed: 3 });
        const b = new Dense(16, 8, { rng: new Rng(3) });
        const wa = await a.weight.data();
        expect(Array.from(wa)).toEqual(Array.from(await b.weight.data()));
        const bound = 1 / Math.sqrt(16);
        expect(Math.max(...Array.from(wa).map(Math.abs))).toBeLessThanOrEqual(bound);
        expect(Math.max(...Array.from(wa).map(Math.abs))).toBeGreaterThan(bound * 0.8);
        expect(Linear).toBe(Dense);
      },
    },
    {
      name: 'rejects a wrong feature count with a ShapeError naming the layer',
      run: async () => {
        const layer = new Dense(3, 2, { seed: 0 });
        expect(() => layer.forward(tensor([[1, 2]]))).toThrow(ShapeError);
        expect(() => layer.forward(tensor([[1, 2]]))).toThrow(/Dense.*\[1,2\].*3 features/);
      },
    },
  ];
}
