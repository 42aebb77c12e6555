import '@nabla/backend-js';
import {
  abs, cast, clip, gather, max, maxPool2d, maximum, min, minimum, mul, relu, setBackend, sum, tensor,
  where, greater, type Tensor,
} from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad, variable } from '../src/index.js';

beforeAll(async () => {
  await setBackend('js');
});

function values(t: Tensor | null): number[] {
  if (!t) throw new Error('missing gradient');
  return Array.from(t.dataSync());
}

describe('documented rules at ties and kinks', () => {
  it('max/min reductions share the gradient equally among tied elements', () => {
    expect(values(grad((x: Tensor) => max(x))(tensor([1, 3, 3, 2]))[0])).toEqual([0, 0.5, 0.5, 0]);
    expect(values(grad((x: Tensor) => min(x))(tensor([0, 4, 0, 0]))[0])).toEqual([1 / 3, 0, 1 / 3, 1 / 3].map(Math.fround));
    // per row, keepDims
    const [g] = grad((x: Tensor) => sum(mul(max(x, 1, { keepDims: true }), tensor([[1], [10]]))))(tensor([[5, 5], [1, 2]]));
    expect(values(g)).toEqual([0.5, 0.5, 0, 10]);
  });

  it('maximum/minimum send the gradient to the first operand on ties', () => {
    const a = tensor([2, 1, 3]);
    const b = tensor([2, 2, 3]);
    const [ga, gb] = grad((x: Tensor, y: Tensor) => sum(maximum(x, y)))(a, b);
    expect(values(ga)).toEqual([1, 0, 1]);
    expect(values(gb)).toEqual([0, 1, 0]);
    const [ha, hb] = grad((x: Tensor, y: Tensor) => sum(minimum(x, y)))(a, b);
    expect(values(ha)).toEqual([1, 1, 1]);
    expect(values(hb)).toEqual([0, 0, 0]);
  });

  it("abs'(0) = 0 and relu'(0) = 0", () => {
    expect(values(grad((x: Tensor) => sum(abs(x)))(tensor([-2, 0, 3]))[0])).toEqual([-1, 0, 1]);
    expect(values(grad((x: Tensor) => sum(relu(x)))(tensor([-2, 0, 3]))[0])).toEqual([0, 0, 1]);
  });

  it('clip passes the gradient inside [lo, hi] inclusive', () => {
    expect(values(grad((x: Tensor) => sum(clip(x, -1, 1)))(tensor([-2, -1, 0, 1, 2]))[0])).toEqual([0, 1, 1, 1, 0]);
  });

  it('where routes the gradient to the chosen side, summed back over broadcasting', () => {
    const cond = greater(tensor([1, -1, 2]), 0);
    const [ga, gb] = grad((a: Tensor, b: Tensor) => sum(where(cond, a, b)))(tensor([1, 2, 3]), tensor([7]));
    expect(values(ga)).toEqual([1, 0, 1]);
    expect(values(gb)).toEqual([1]);
  });

  it('broadcast gradients are summed back to the input shape', () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => sum(mul(a, b)))(tensor([[1, 2, 3], [4, 5, 6]]), tensor([[10], [20]]));
    expect(values(ga)).toEqual([10, 10, 10, 20, 20, 20]);
    expect(values(gb)).toEqual([6, 15]);
  });

  it('gather (embedding lookup) adds the gradients of repeated rows', () => {
    const table = variable([[1, 2], [3, 4], [5, 6]]);
    const rows = tensor([2, 0, 2, 2], [4], 'int32');
    sum(mul(gather(table, rows, 0), tensor([[1, 1], [2, 2], [3, 3], [4, 4]]))).backward();
    expect(values(table.grad)).toEqual([2, 2, 0, 0, 8, 8]);
  });

  it('maxPool2d routes the gradient to the first maximum of each window', () => {
    const x = variable(tensor([[[[1, 4], [4, 2]]]]));
    sum(maxPool2d(x, { kernelSize: 2 })).backward();
    expect(values(x.grad)).toEqual([0, 1, 0, 0]);
  });

  it('a cast to float64 sends a float32 gradient back', () => {
    const x = variable([1.5, -2]);
    const y = sum(mul(cast(x, 'float64'), tensor([3, 4], undefined, 'float64')));
    y.backward();
    expect(x.grad?.dtype).toBe('float32');
    expect(values(x.grad)).toEqual([3, 4]);
  });
});
