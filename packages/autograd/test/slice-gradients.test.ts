import '@nabla/backend-js';
import {
  add, getBackend, mul, pow, reshape, setBackend, slice, split, sum, tensor, unstack, type Tensor,
} from '@nabla/tensor-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { grad, variable } from '../src/index.js';

beforeAll(async () => {
  await setBackend('js');
});

afterEach(() => {
  vi.restoreAllMocks();
});

function values(t: Tensor | null): number[] {
  if (!t) throw new Error('missing gradient');
  return Array.from(t.dataSync());
}

/** v [2, 6] = 0..11 as a leaf, and x = 2·v (an op output, so slices of x meet in x's node). */
function source(): { v: Tensor; x: Tensor } {
  const v = variable(Array.from({ length: 12 }, (_, i) => i), { dtype: 'float32' });
  const x = reshape(mul(v, 2), [2, 6]);
  return { v, x };
}

/** Σ_k weight_k · Σ part_k: ∂/∂part_k is weight_k everywhere. */
function weighted(parts: readonly Tensor[], weights: readonly number[]): Tensor {
  return parts.map((p, k) => sum(mul(p, weights[k]))).reduce((a, b) => add(a, b));
}

describe('gradients of slices of one tensor', () => {
  it('parts that tile an axis (split) each send their gradient to their own columns', () => {
    const { v, x } = source();
    weighted(split(x, 3, 1), [1, 2, 3]).backward();
    // ∂/∂x = [1 1 2 2 3 3] per row, times ∂x/∂v = 2
    expect(values(v.grad)).toEqual([2, 2, 4, 4, 6, 6, 2, 2, 4, 4, 6, 6]);
  });

  it('columns no slice reads get zeros (gaps before, between and after the slices)', () => {
    const { v, x } = source();
    const parts = [slice(x, [0, 1], [2, 1]), slice(x, [0, 3], [2, 2])];
    weighted(parts, [5, 7]).backward();
    expect(values(v.grad)).toEqual([0, 10, 0, 14, 14, 0, 0, 10, 0, 14, 14, 0]);
  });

  it('overlapping slices add up where they overlap', () => {
    const { v, x } = source();
    weighted([slice(x, [0, 0], [2, 4]), slice(x, [0, 2], [2, 4])], [1, 10]).backward();
    expect(values(v.grad)).toEqual([2, 2, 22, 22, 20, 20, 2, 2, 22, 22, 20, 20]);
  });

  it('boxes that differ along two axes are placed one by one', () => {
    const { v, x } = source();
    weighted([slice(x, [0, 0], [1, 3]), slice(x, [1, 3], [1, 3])], [1, 3]).backward();
    expect(values(v.grad)).toEqual([2, 2, 2, 0, 0, 0, 0, 0, 0, 6, 6, 6]);
  });

  it('tiling slices that span only part of the other axes are joined, then padded into place', () => {
    const { v, x } = source();
    weighted([slice(x, [1, 0], [1, 2]), slice(x, [1, 2], [1, 4])], [1, 4]).backward();
    expect(values(v.grad)).toEqual([0, 0, 0, 0, 0, 0, 2, 2, 8, 8, 8, 8]);
  });

  it('slices and a direct use of the same tensor add up', () => {
    const { v, x } = source();
    add(weighted(split(x, 2, 1), [1, 2]), sum(mul(x, 10))).backward();
    expect(values(v.grad)).toEqual([22, 22, 22, 24, 24, 24, 22, 22, 22, 24, 24, 24]);
  });

  it('a slice of a slice reaches the right elements', () => {
    const { v, x } = source();
    const inner = slice(x, [0, 2], [2, 4]);
    weighted([slice(inner, [1, 1], [1, 2]), slice(inner, [0, 0], [1, 1])], [3, 1]).backward();
    expect(values(v.grad)).toEqual([0, 0, 2, 0, 0, 0, 0, 0, 0, 6, 6, 0]);
  });

  it('unstacked time steps of [B, T, F] each take their own step', () => {
    const v = variable(Array.from({ length: 12 }, (_, i) => i), { dtype: 'float32' });
    const steps = unstack(reshape(mul(v, 1), [2, 3, 2]), 1);
    weighted(steps, [1, 2, 3]).backward();
    expect(values(v.grad)).toEqual([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]);
  });

  it('a split gradient joins with one concat and pads nothing', () => {
    const { x } = source();
    const backend = getBackend();
    const pad = vi.spyOn(backend, 'pad');
    const concat = vi.spyOn(backend, 'concat');
    weighted(split(x, 6, 1), [1, 2, 3, 4, 5, 6]).backward();
    expect(pad).not.toHaveBeenCalled();
    expect(concat).toHaveBeenCalledTimes(1);
  });

  it('second derivatives flow through the joined gradient', () => {
    // f(x) = Σ_k k·Σ part_k³ with parts the columns of x [1, 3]; ∂²f/∂x∂x summed = 6·k·x
    const df = grad((x: Tensor) => weighted(split(x, 3, 1).map((p) => pow(p, 3)), [1, 2, 3]));
    const d2 = grad((x: Tensor) => sum(df(x)[0]));
    const [g] = d2(tensor([[1, 2, 3]]));
    expect(values(g)).toEqual([6, 24, 54]);
  });
});
