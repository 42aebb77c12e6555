/** BatchNorm1d/2d and LayerNorm against the numpy fixtures and hand values. */
import type { ConformanceContext } from '../context.js';
import { expect } from 'vitest';
import { ShapeError, tensor } from '@nabla/tensor-core';
import { BatchNorm1d, BatchNorm2d, LayerNorm } from '@nabla/layers';
import { expectClose, expectFixture, fromFixture, type SuiteCase } from './helpers.js';
import { batchNormFixtures, layerNormFixtures } from './fixtures.js';

/** The normalisation suite. */
export function normCases(ctx: ConformanceContext): SuiteCase[] {
  return [
    ...batchNormFixtures.map((f): SuiteCase => ({
      name: `${f.name}: two training steps update running statistics, then eval uses them`,
      run: async () => {
        const bn = f.name === 'batchnorm2d' ? new BatchNorm2d(f.numFeatures) : new BatchNorm1d(f.numFeatures);
        expect([bn.eps, bn.momentum]).toEqual([1e-5, 0.1]);
        bn.loadStateDict({ weight: fromFixture(f.weight), bias: fromFixture(f.bias) }, { strict: false });
        for (const step of f.train) {
          await expectFixture(bn.forward(fromFixture(step.x)), step.y, ctx.tol('accumulation'));
          await expectFixture(bn.getBuffer('running_mean'), step.runningMean, ctx.tol('accumulation'));
          await expectFixture(bn.getBuffer('running_var'), step.runningVar, ctx.tol('accumulation'));
        }
        expect(Array.from(await bn.getBuffer('num_batches_tracked').data())).toEqual([2]);
        bn.eval();
        await expectFixture(bn.forward(fromFixture(f.evalX)), f.evalY, ctx.tol('accumulation'));
      },
    })),
    {
      name: 'BatchNorm1d hand-computed: one channel [1, 3] → ±1.2247',
      run: async () => {
        const bn = new BatchNorm1d(1);
        // mean 2, biased variance 2/3 → (x − 2)/√(2/3 + 1e-5)
        const s = Math.sqrt(2 / 3 + 1e-5);
        await expectClose(bn.forward(tensor([[1], [2], [3]])), [-1 / s, 0, 1 / s], [3, 1], ctx.tol('accumulation'));
        // running_mean = 0.9·0 + 0.1·2, running_var = 0.9·1 + 0.1·1 (unbiased variance 1)
        await expectClose(bn.getBuffer('running_mean'), [0.2], [1], ctx.tol('accumulation'));
        await expectClose(bn.getBuffer('running_var'), [1], [1], ctx.tol('accumulation'));
        expect(() => bn.forward(tensor([[1]]))).toThrow(/more than 1 value per channel/);
        expect(() => new BatchNorm2d(3).forward(tensor([[1, 2, 3]]))).toThrow(ShapeError);
      },
    },
    ...layerNormFixtures.map((f): SuiteCase => ({
      name: `LayerNorm matches the numpy reference: ${f.name}`,
      run: async () => {
        const ln = new LayerNorm(f.normalizedShape);
        ln.loadStateDict({ weight: fromFixture(f.weight), bias: fromFixture(f.bias) });
        await expectFixture(ln.forward(fromFixture(f.x)), f.y, ctx.tol('accumulation'));
      },
    })),
    {
      name: 'LayerNorm hand-computed and shape check',
      run: async () => {
        const ln = new LayerNorm(2);
        // rows [1, 3] and [5, 5]: mean 2 / 5, variance 1 / 0
        const s = Math.sqrt(1 + 1e-5);
        await expectClose(ln.forward(tensor([[1, 3], [5, 5]])), [-1 / s, 1 / s, 0, 0], [2, 2], ctx.tol('accumulation'));
        expect(() => ln.forward(tensor([[1, 2, 3]]))).toThrow(/LayerNorm.*must end in \[2\]/);
        expect(new LayerNorm(4, { elementwiseAffine: false }).parameters()).toHaveLength(0);
      },
    },
  ];
}
