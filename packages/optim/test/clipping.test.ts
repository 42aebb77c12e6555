import { ArgumentError, tensor } from '@nabla/tensor-core';
import { variable } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { clipGradNorm, clipGradValue } from '../src/index.js';
import { expectClose, useJsBackend, values } from './helpers.js';

useJsBackend();

function withGrads(grads: number[][]) {
  return grads.map((g) => {
    const p = variable(g.map(() => 0));
    p.grad = tensor(g);
    return p;
  });
}

describe('clipGradNorm', () => {
  it('leaves gradients alone below maxNorm and supports the L1 and infinity norms', () => {
    const params = withGrads([[3, -4], [12]]);
    const l2 = clipGradNorm(params, 100);
    expect(values(params[0].grad!)).toEqual([3, -4]);
    const inf = clipGradNorm(params, 6, { normType: Infinity });
    expectClose(values(inf), [12]);
    expectClose(values(params[1].grad!), [12 * (6 / (12 + 1e-6))]);
    const single = withGrads([[1, -2]]);
    const l1 = clipGradNorm(single, 100, { normType: 1 });
    expectClose(values(l1), [3]);
    single[0].grad!.dispose();
    single[0].dispose();
    expect(() => clipGradNorm(params, -1)).toThrowError(ArgumentError);
    expect(() => clipGradNorm(params, 1, { normType: 0.5 })).toThrowError(/normType/);
    for (const t of [l2, inf, l1]) t.dispose();
    for (const p of params) { p.grad!.dispose(); p.dispose(); }
  });
});

describe('clipGradValue', () => {
  it('clamps each gradient element into [−v, v] in place', () => {
    const params = withGrads([[0.5, -3, 2], [-0.1]]);
    const g0 = params[0].grad;
    clipGradValue(params, 1);
    expect(params[0].grad).toBe(g0);
    expectClose(values(params[0].grad!), [0.5, -1, 1]);
    expectClose(values(params[1].grad!), [-0.1]);
    expect(() => clipGradValue(params, Number.NaN)).toThrowError(ArgumentError);
    for (const p of params) { p.grad!.dispose(); p.dispose(); }
  });
});
