// Update rules, trajectories and training loops are checked on every backend by
// @nabla/backend-conformance (src/optim/optimizers.ts); these are the backend-independent mechanics.
import { ArgumentError, DTypeError, tensor } from '@nabla/tensor-core';
import { variable } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { SGD } from '../src/index.js';
import { useJsBackend, values } from './helpers.js';

useJsBackend();

describe('optimizer mechanics', () => {
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

});
