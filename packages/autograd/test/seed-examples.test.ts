import '@nabla/backend-js';
import { matmul, maximum, mul, outer, scalar, sigmoid, sub, sum, log, tensor, add, neg, setBackend, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { traceGraph, toDot, variable } from '../src/index.js';

beforeAll(async () => {
  await setBackend('js');
});

function values(t: Tensor | null): number[] {
  if (!t) throw new Error('missing gradient');
  return Array.from(t.dataSync());
}

describe('f(x, y, z) = (x + y) · max(y, z)', () => {
  it('gives f = 6, ∂f/∂x = 2, ∂f/∂y = 5, ∂f/∂z = 0 at x=1, y=2, z=0', () => {
    const x = variable(scalar(1));
    const y = variable(scalar(2));
    const z = variable(scalar(0));
    const f = mul(add(x, y), maximum(y, z));
    expect(f.item()).toBe(6);
    f.backward();
    expect(values(x.grad)).toEqual([2]);
    expect(values(y.grad)).toEqual([5]);
    expect(values(z.grad)).toEqual([0]);
  });

  it('exports the graph a = x + y, b = max(y, z), f = a · b with values and gradients', async () => {
    const trace = await traceGraph(
      (x, y, z) => {
        const a = add(x, y);
        a.name = 'a';
        const b = maximum(y, z);
        b.name = 'b';
        const f = mul(a, b);
        f.name = 'f';
        return f;
      },
      [scalar(1), scalar(2), scalar(0)],
      { names: ['x', 'y', 'z'] },
    );
    const byName = new Map(trace.nodes.map((n) => [n.name, n]));
    expect(byName.get('a')).toMatchObject({ kind: 'op', op: 'add', value: [3], grad: [2] });
    expect(byName.get('b')).toMatchObject({ kind: 'op', op: 'maximum', value: [2], grad: [3] });
    expect(byName.get('f')).toMatchObject({ kind: 'op', op: 'mul', value: [6], grad: [1] });
    expect(byName.get('x')).toMatchObject({ kind: 'input', value: [1], grad: [2] });
    expect(byName.get('y')).toMatchObject({ kind: 'input', value: [2], grad: [5] });
    expect(byName.get('z')).toMatchObject({ kind: 'input', value: [0], grad: [0] });
    expect(trace.output).toBe(byName.get('f')?.id);
    const id = (name: string): string => byName.get(name)?.id ?? '';
    const edges = trace.edges.map((e) => `${e.from}->${e.to}:${e.input}`).sort();
    expect(edges).toEqual([
      `${id('x')}->${id('a')}:0`, `${id('y')}->${id('a')}:1`, `${id('y')}->${id('b')}:0`,
      `${id('z')}->${id('b')}:1`, `${id('a')}->${id('f')}:0`, `${id('b')}->${id('f')}:1`,
    ].sort());
    const dot = toDot(trace);
    expect(dot).toContain('digraph');
    expect(dot).toContain(`"${id('a')}" -> "${id('f')}"`);
    expect(dot).toContain('a = add');
  });
});

describe('z = σ(W·x)', () => {
  it('matches Wᵀ(z(1−z)·u) and outer(z(1−z)·u, x) for an upstream gradient u', () => {
    const wValues = [[0.5, -1, 2], [1.5, 0.25, -0.75]];
    const xValues = [0.3, -0.2, 0.9];
    const u = [0.7, -1.3];
    const W = variable(tensor(wValues));
    const x = variable(tensor(xValues));
    const z = sigmoid(matmul(W, x));
    z.backward(tensor(u));
    // independent reference with plain loops
    const zRef = wValues.map((row) => 1 / (1 + Math.exp(-row.reduce((s, w, j) => s + w * xValues[j], 0))));
    const delta = zRef.map((zi, i) => zi * (1 - zi) * u[i]);
    const gx = xValues.map((_, j) => wValues.reduce((s, row, i) => s + row[j] * delta[i], 0));
    const gW = wValues.map((row, i) => row.map((_, j) => delta[i] * xValues[j]));
    values(x.grad).forEach((v, j) => expect(v).toBeCloseTo(gx[j], 5));
    values(W.grad).forEach((v, k) => expect(v).toBeCloseTo(gW[Math.floor(k / 3)][k % 3], 5));
    // and with tensor-core ops on the forward values: outer(δ, x)
    const outerRef = outer(tensor(delta), tensor(xValues));
    values(W.grad).forEach((v, k) => expect(v).toBeCloseTo(outerRef.dataSync()[k], 5));
  });
});

describe('logistic regression J = −[y log h + (1−y) log(1−h)], h = σ(θᵀx)', () => {
  it('gives ∂J/∂θ = (h − y)x', () => {
    const thetaValues = [0.2, -0.4, 0.1, 0.6];
    const xValues = [1, 2, -1.5, 0.5];
    for (const yValue of [0, 1]) {
      const theta = variable(tensor(thetaValues));
      const x = tensor(xValues);
      const h = sigmoid(sum(mul(theta, x)));
      const J = neg(add(mul(yValue, log(h)), mul(1 - yValue, log(sub(1, h)))));
      J.backward();
      const hRef = 1 / (1 + Math.exp(-thetaValues.reduce((s, t, j) => s + t * xValues[j], 0)));
      values(theta.grad).forEach((v, j) => expect(v).toBeCloseTo((hRef - yValue) * xValues[j], 5));
    }
  });
});
