/** Conv1d, Conv2d, MaxPool2d, AvgPool2d, Flatten against the numpy loop fixtures and hand values. */
import type { ConformanceContext } from '../context.js';
import { expect } from 'vitest';
import { ShapeError, tensor } from '@nabla/tensor-core';
import { AvgPool2d, Conv1d, Conv2d, Flatten, MaxPool2d } from '@nabla/layers';
import { expectClose, expectFixture, fromFixture, type SuiteCase } from './helpers.js';
import { convFixtures, poolFixtures } from './fixtures.js';

/** The convolution and pooling suite. */
export function convCases(ctx: ConformanceContext): SuiteCase[] {
  return [
    ...convFixtures.conv2d.map((f): SuiteCase => ({
      name: `Conv2d matches the numpy reference: ${f.name}`,
      run: async () => {
        const [o, c, kh, kw] = f.weight.shape;
        const layer = new Conv2d(c, o, [kh, kw], { stride: f.stride, padding: f.padding, dilation: f.dilation, bias: f.bias !== undefined, seed: 0 });
        layer.loadStateDict(f.bias ? { weight: fromFixture(f.weight), bias: fromFixture(f.bias) } : { weight: fromFixture(f.weight) });
        await expectFixture(layer.forward(fromFixture(f.x)), f.y, ctx.tol('accumulation'));
      },
    })),
    ...convFixtures.conv1d.map((f): SuiteCase => ({
      name: `Conv1d matches the numpy reference: ${f.name}`,
      run: async () => {
        const [o, c, k] = f.weight.shape;
        const layer = new Conv1d(c, o, k, { stride: f.stride, padding: f.padding, dilation: f.dilation, seed: 0 });
        layer.loadStateDict({ weight: fromFixture(f.weight), bias: fromFixture(f.bias) });
        await expectFixture(layer.forward(fromFixture(f.x)), f.y, ctx.tol('accumulation'));
      },
    })),
    {
      name: 'Conv2d hand-computed 1-channel case and weight layout OIHW',
      run: async () => {
        const layer = new Conv2d(1, 1, 2, { seed: 0 });
        expect([...layer.weight.shape]).toEqual([1, 1, 2, 2]);
        layer.loadStateDict({ weight: tensor([1, 0, 0, -1], [1, 1, 2, 2]), bias: tensor([10]) });
        // x = [[1,2,3],[4,5,6],[7,8,9]]: each output = x[i][j] − x[i+1][j+1] + 10 = 6
        const y = layer.forward(tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]));
        await expectClose(y, [6, 6, 6, 6], [1, 1, 2, 2], ctx.tol('accumulation'));
        expect(() => layer.forward(tensor([1, 2, 3, 4], [1, 2, 1, 2]))).toThrow(ShapeError);
      },
    },
    {
      name: 'Conv2d default init is U(±1/√(C·KH·KW))',
      run: async () => {
        const layer = new Conv2d(3, 8, 3, { seed: 5 });
        const w = Array.from(await layer.weight.data());
        const bound = 1 / Math.sqrt(27);
        expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
        expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * bound);
      },
    },
    ...poolFixtures.map((f): SuiteCase => ({
      name: `${f.kind === 'max' ? 'MaxPool2d' : 'AvgPool2d'} matches the numpy reference: ${f.name}`,
      run: async () => {
        const options = { stride: f.stride, padding: f.padding };
        const layer = f.kind === 'max' ? new MaxPool2d(f.kernel, options) : new AvgPool2d(f.kernel, options);
        await expectFixture(layer.forward(fromFixture(f.x)), f.y, ctx.tol('accumulation'));
      },
    })),
    {
      name: 'pooling hand-computed 2×2 windows',
      run: async () => {
        const x = tensor([1, 2, 5, 6, 3, 4, 7, 8, -1, -2, 0, 0, -3, -4, 0, 1], [1, 1, 4, 4]);
        await expectClose(new MaxPool2d(2).forward(x), [4, 8, -1, 1], [1, 1, 2, 2], ctx.tol('accumulation'));
        await expectClose(new AvgPool2d(2).forward(x), [2.5, 6.5, -2.5, 0.25], [1, 1, 2, 2], ctx.tol('accumulation'));
      },
    },
    {
      name: 'Flatten keeps the batch axis by default',
      run: async () => {
        const x = tensor(Array.from({ length: 24 }, (_, i) => i), [2, 3, 2, 2]);
        const y = new Flatten().forward(x);
        await expectClose(y, Array.from({ length: 24 }, (_, i) => i), [2, 12], ctx.tol('accumulation'));
        expect([...new Flatten(0).forward(x).shape]).toEqual([24]);
        expect([...new Flatten(1, 2).forward(x).shape]).toEqual([2, 6, 2]);
      },
    },
  ];
}
