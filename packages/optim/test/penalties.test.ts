import { ArgumentError } from '@nabla/tensor-core';
import { variable } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { l1Penalty, l2Penalty } from '../src/index.js';
import { expectClose, useJsBackend, values } from './helpers.js';

useJsBackend();

describe('regularisation penalties', () => {
  it('l1Penalty is c·Σ|θ| with gradient c·sign(θ)', () => {
    const a = variable([1, -2]);
    const b = variable([[0.5], [-0.25]]);
    const penalty = l1Penalty([a, b], 0.1);
    expectClose(values(penalty), [0.1 * 3.75]);
    penalty.backward();
    expectClose(values(a.grad!), [0.1, -0.1]);
    expectClose(values(b.grad!), [0.1, -0.1]);
    penalty.dispose();
    for (const p of [a, b]) { p.grad!.dispose(); p.dispose(); }
  });

  it('l2Penalty is c·Σθ² with gradient 2c·θ', () => {
    const a = variable([1, -2]);
    const b = variable([3]);
    const penalty = l2Penalty([a, b], 0.5);
    expectClose(values(penalty), [0.5 * 14]);
    penalty.backward();
    expectClose(values(a.grad!), [1, -2]);
    expectClose(values(b.grad!), [3]);
    expect(() => l2Penalty([a], -1)).toThrowError(ArgumentError);
    expect(() => l1Penalty([])).toThrowError(/l1Penalty: got an empty parameter list/);
    penalty.dispose();
    for (const p of [a, b]) { p.grad!.dispose(); p.dispose(); }
  });
});
