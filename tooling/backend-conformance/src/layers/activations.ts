/** Activation modules and functions against Math-based references. */
import type { ConformanceContext } from '../context.js';
import { expect } from 'vitest';
import { tensor, type Tensor } from '@nabla/tensor-core';
import {
  ELU, GELU, LeakyReLU, ReLU, Sigmoid, Softmax, Step, Tanh, elu, gelu, leakyRelu, relu, sigmoid, softmax, step, tanh,
  type Module,
} from '@nabla/layers';
import { expectClose, type SuiteCase } from './helpers.js';

const xs = [-3, -1, -0.5, 0, 0.5, 1, 3];

/** erf by its Maclaurin series (|x| ≤ 3 converges well in float64). */
function erfSeries(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 80; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const references: [string, Module, (x: Tensor) => Tensor, (v: number) => number][] = [
  ['Step (g(0) = 1)', new Step(), step, (v) => (v >= 0 ? 1 : 0)],
  ['Sigmoid', new Sigmoid(), sigmoid, (v) => 1 / (1 + Math.exp(-v))],
  ['Tanh', new Tanh(), tanh, Math.tanh],
  ['ReLU', new ReLU(), relu, (v) => Math.max(v, 0)],
  ['LeakyReLU(0.1)', new LeakyReLU(0.1), (x) => leakyRelu(x, 0.1), (v) => (v > 0 ? v : 0.1 * v)],
  ['ELU(1)', new ELU(), (x) => elu(x, 1), (v) => (v > 0 ? v : Math.exp(v) - 1)],
  ['GELU (exact)', new GELU(), gelu, (v) => 0.5 * v * (1 + erfSeries(v / Math.SQRT2))],
];

/** The activation suite. */
export function activationCases(ctx: ConformanceContext): SuiteCase[] {
  return [
    ...references.map(([name, module, fn, ref]): SuiteCase => ({
      name: `${name}: module and function match the formula`,
      run: async () => {
        const expected = xs.map(ref);
        await expectClose(module.forward(tensor(xs)), expected, [xs.length], ctx.tol('transcendental'));
        await expectClose(fn(tensor(xs)), expected, [xs.length], ctx.tol('transcendental'));
      },
    })),
    {
      name: 'Softmax normalises along the last axis by default',
      run: async () => {
        const rows = [[1, 2, 3], [0, 0, Math.log(2)]];
        const expected = rows.flatMap((r) => {
          const e = r.map(Math.exp);
          const s = e.reduce((a, b) => a + b, 0);
          return e.map((v) => v / s);
        });
        await expectClose(new Softmax().forward(tensor(rows)), expected, [2, 3], ctx.tol('transcendental'));
        await expectClose(softmax(tensor(rows)), expected, [2, 3], ctx.tol('transcendental'));
        await expectClose(new Softmax(0).forward(tensor([[0, 1], [0, 1]])), [0.5, 0.5, 0.5, 0.5], [2, 2], ctx.tol('transcendental'));
        expect(new Softmax().numParameters()).toBe(0);
      },
    },
  ];
}
