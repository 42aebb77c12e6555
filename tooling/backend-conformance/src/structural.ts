/**
 * tril/triu, repeatInterleave, einsum, cumsum, and sort/argsort/topk: values against float64
 * loop references, gradients against finite differences, typed errors.
 */
import { describe, expect, it } from 'vitest';
import { gradCheck } from '@nabla/autograd';
import * as nb from '@nabla/tensor-core';
import type { DType, Tensor } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor, expectThrows, expectValues } from './check.js';
import { fromValues, integers, rngFor, uniform } from './data.js';
import { cumulativeSum, einsumLoops, repeatSlices, sortOrder, triangle } from './reference/structural.js';

/** Values spaced 0.25 apart in shuffled order: finite-difference steps never reorder them (sort, topk). */
function spaced(shape: readonly number[], seed: number): Tensor {
  const rng = rngFor(seed);
  const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i * 0.25 - 1);
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    [values[i], values[j]] = [values[j], values[i]];
  }
  return nb.tensor(values, [...shape]);
}

async function expectGradient(f: (...xs: Tensor[]) => Tensor, shapes: readonly (readonly number[])[], seed: number, distinct = false): Promise<void> {
  const dtype: DType = nb.getBackend().supportsFloat64 ? 'float64' : 'float32';
  const rng = rngFor(seed);
  const inputs = shapes.map((s) => nb.cast(distinct ? spaced(s, seed) : uniform(rng, s, -1, 1).t, dtype));
  const result = await gradCheck(f, inputs, { dtype: dtype === 'float64' ? 'float64' : 'float32' });
  expect(result.maxRelError, result.inputs.map((r) => `input ${r.input}: ${r.maxRelError.toExponential(2)}`).join('; ')).toBeLessThanOrEqual(result.tolerance);
}

/** Registers the section. */
export function describeStructural(ctx: ConformanceContext): void {
  describe('tril and triu', () => {
    for (const diagonal of [-2, -1, 0, 1, 3]) {
      it(`diagonal ${diagonal} on [2,4,5] float32 and [3,3] int32`, async () => {
        const x = uniform(rngFor(1800 + diagonal), [2, 4, 5]);
        await expectTensor(nb.tril(x.t, diagonal), triangle(x.ref, (i, j) => j - i <= diagonal), ctx.tol('exact'), 'float32');
        await expectTensor(nb.triu(x.t, diagonal), triangle(x.ref, (i, j) => j - i >= diagonal), ctx.tol('exact'), 'float32');
        const n = integers(rngFor(1810 + diagonal), [3, 3], -5, 5);
        await expectTensor(nb.tril(n.t, diagonal), triangle(n.ref, (i, j) => j - i <= diagonal), ctx.tol('exact'), 'int32');
      });
    }
    it('causal mask from ones: tril(ones) as bool', async () => {
      await expectValues(nb.tril(nb.ones([3, 3], 'bool')), [1, 0, 0, 1, 1, 0, 1, 1, 1], 'bool');
    });
    it('gradient passes the kept triangle only', async () => {
      await expectGradient((x) => nb.mul(nb.tril(x, 1), x), [[3, 4]], 1820);
      await expectGradient((x) => nb.triu(x, -1), [[2, 3, 3]], 1821);
    });
    it('errors', () => {
      expectThrows(() => nb.tril(nb.zeros([4])), nb.ShapeError, 'tril', 'rank >= 2', '[4]');
      expectThrows(() => nb.triu(nb.zeros([2, 2]), 0.5), nb.ArgumentError, 'triu', 'diagonal');
    });
  });

  describe('repeatInterleave', () => {
    it('a count per axis (grouped-query heads) and per-slice counts', async () => {
      const x = uniform(rngFor(1830), [2, 3, 4]);
      await expectTensor(nb.repeatInterleave(x.t, 2, 1), repeatSlices(x.ref, [2, 2, 2], 1), ctx.tol('exact'));
      await expectTensor(nb.repeatInterleave(x.t, 3, -1), repeatSlices(x.ref, [3, 3, 3, 3], 2), ctx.tol('exact'));
      await expectTensor(nb.repeatInterleave(x.t, [0, 2, 1], 1), repeatSlices(x.ref, [0, 2, 1], 1), ctx.tol('exact'));
      await expectValues(nb.repeatInterleave(nb.tensor([[1, 2], [3, 4]], [2, 2], 'int32'), 2), [1, 1, 2, 2, 3, 3, 4, 4], 'int32');
    });
    it('gradient sums the copies', async () => {
      await expectGradient((x) => nb.repeatInterleave(x, 3, 0), [[2, 3]], 1831);
      await expectGradient((x) => nb.repeatInterleave(x, [2, 0, 1], 1), [[2, 3]], 1832);
    });
    it('errors', () => {
      expectThrows(() => nb.repeatInterleave(nb.zeros([2, 3]), [1, 2], 1), nb.ShapeError, 'repeatInterleave', '2 counts', '[2,3]');
      expectThrows(() => nb.repeatInterleave(nb.zeros([2, 3]), -1, 0), nb.ArgumentError, 'repeatInterleave', '-1');
    });
  });

  describe('einsum', () => {
    const cases: readonly [string, number[][]][] = [
      ['ij,jk->ik', [[3, 4], [4, 5]]],
      ['bhqd,bhkd->bhqk', [[2, 2, 3, 4], [2, 2, 5, 4]]],
      ['bhqk,bhkd->bqhd', [[2, 2, 3, 5], [2, 2, 5, 4]]],
      ['i,j->ij', [[3], [4]]],
      ['ij,ij->i', [[3, 4], [3, 4]]],
      ['ij,kj', [[3, 4], [5, 4]]],
      ['bij,jk->bik', [[2, 3, 4], [4, 5]]],
      ['ijk,k->', [[2, 3, 4], [4]]],
      ['ijk->kj', [[2, 3, 4]]],
      ['ij->', [[3, 4]]],
    ];
    cases.forEach(([equation, shapes], n) => {
      it(`'${equation}'`, async () => {
        const rng = rngFor(1840 + n);
        const xs = shapes.map((s) => uniform(rng, s));
        const [lhs, rhs] = equation.includes('->') ? equation.split('->') : [equation, undefined];
        const terms = lhs.split(',');
        const joined = terms.join('');
        const output = rhs ?? [...new Set(joined)].filter((c) => joined.indexOf(c) === joined.lastIndexOf(c)).sort().join('');
        await expectTensor(nb.einsum(equation, ...xs.map((x) => x.t)), einsumLoops(terms, output, xs.map((x) => x.ref)), ctx.tol('accumulation'));
      });
    });
    it('gradients of a batched contraction', async () => {
      await expectGradient((a, b) => nb.einsum('bqd,bkd->bqk', a, b), [[2, 3, 4], [2, 2, 4]], 1860);
      await expectGradient((a, b) => nb.einsum('ij,jk->ki', a, b), [[2, 3], [3, 4]], 1861);
    });
    it('errors', () => {
      expectThrows(() => nb.einsum('ij,jk->ik', nb.zeros([2, 3]), nb.zeros([4, 5])), nb.ShapeError, 'einsum', "'j'", '3 and 4');
      expectThrows(() => nb.einsum('ii->i', nb.zeros([2, 2])), nb.ArgumentError, 'einsum', 'repeats');
      expectThrows(() => nb.einsum('ij,jk->ik', nb.zeros([2, 3])), nb.ArgumentError, 'einsum', '2 operands');
      expectThrows(() => nb.einsum('ijk,jk->ik', nb.zeros([2, 3]), nb.zeros([3, 4])), nb.ShapeError, 'einsum', 'rank 2');
      expectThrows(() => nb.einsum('...ij->ij', nb.zeros([2, 3])), nb.ArgumentError, 'einsum', "'...'");
    });
  });

  describe('cumsum', () => {
    for (const exclusive of [false, true]) {
      for (const reverse of [false, true]) {
        it(`exclusive ${exclusive}, reverse ${reverse}, every axis of [3,5,4]; int32`, async () => {
          const x = uniform(rngFor(1870), [3, 5, 4]);
          for (let axis = 0; axis < 3; axis++) {
            await expectTensor(nb.cumsum(x.t, axis, { exclusive, reverse }), cumulativeSum(x.ref, axis, exclusive, reverse), ctx.tol('accumulation'), 'float32');
          }
          const n = integers(rngFor(1871), [2, 9], -100, 100);
          await expectTensor(nb.cumsum(n.t, -1, { exclusive, reverse }), cumulativeSum(n.ref, 1, exclusive, reverse), ctx.tol('exact'), 'int32');
        });
      }
    }
    it('a long axis (1000) and bool counts', async () => {
      const x = uniform(rngFor(1872), [1000]);
      await expectTensor(nb.cumsum(x.t, 0), cumulativeSum(x.ref, 0, false, false), { rtol: 1e-4, atol: 1e-3 });
      await expectValues(nb.cumsum(nb.tensor([1, 0, 1, 1], [4], 'bool'), 0), [1, 1, 2, 3], 'int32');
    });
    it('gradient (the reverse cumulative sum)', async () => {
      await expectGradient((x) => nb.cumsum(x, 1), [[2, 5]], 1873);
      await expectGradient((x) => nb.cumsum(x, 0, { exclusive: true, reverse: true }), [[6, 2]], 1874);
    });
  });

  describe('sort, argsort and topk', () => {
    it('stable argsort and sort along each axis, ascending and descending, with ties and NaN', async () => {
      const values = [3, 1, 2, 1, NaN, 0, 2, 2, -1, 5, 1, NaN, 4, 4, 0, -2, 1, 3, 3, 0, 2, 1, 0, 1];
      const x = fromValues([2, 3, 4], values);
      for (const descending of [false, true]) {
        for (let axis = 0; axis < 3; axis++) {
          const order = sortOrder(x.ref, axis, descending);
          await expectTensor(nb.argsort(x.t, { axis, descending }), order, ctx.tol('exact'), 'int32');
          const sorted = nb.sort(x.t, { axis, descending });
          const expected = Array.from(order.data, (src, i) => {
            const coords = [Math.floor(i / 12), Math.floor(i / 4) % 3, i % 4];
            coords[axis] = src;
            return values[coords[0] * 12 + coords[1] * 4 + coords[2]];
          });
          await expectTensor(sorted.values, { shape: [2, 3, 4], values: expected }, ctx.tol('exact'), 'float32');
          await expectTensor(sorted.indices, order, ctx.tol('exact'), 'int32');
        }
      }
    });
    it('int32, a long row (300) and a length-1 axis', async () => {
      const n = integers(rngFor(1880), [2, 300], -20, 20);
      await expectTensor(nb.argsort(n.t), sortOrder(n.ref, 1, false), ctx.tol('exact'), 'int32');
      await expectValues(nb.argsort(nb.tensor([[5], [2]])), [0, 0], 'int32');
    });
    it('topk: largest and smallest, ties to the lower position', async () => {
      const x = nb.tensor([[1, 5, 3, 5, 2], [0, -1, 7, 7, 7]]);
      const largest = nb.topk(x, 3);
      await expectValues(largest.values, [5, 5, 3, 7, 7, 7], 'float32');
      await expectValues(largest.indices, [1, 3, 2, 2, 3, 4], 'int32');
      const smallest = nb.topk(x, 2, { largest: false, axis: 1 });
      await expectValues(smallest.values, [1, 2, -1, 0]);
      await expectValues(smallest.indices, [0, 4, 1, 0]);
      const column = nb.topk(x, 1, { axis: 0 });
      await expectValues(column.indices, [0, 0, 1, 1, 1]);
      expect(nb.topk(x, 0).values.shape).toEqual([2, 0]);
    });
    it('takeAlongAxis picks values by index', async () => {
      const x = fromValues([2, 3], [10, 11, 12, 20, 21, 22]);
      await expectValues(nb.takeAlongAxis(x.t, nb.tensor([[2, 0], [1, 1]], [2, 2], 'int32'), 1), [12, 10, 21, 21]);
    });
    it('gradients of sorted values and top-k values flow to the picked positions', async () => {
      await expectGradient((x) => nb.sort(x, { axis: 1, descending: true }).values, [[3, 5]], 1890, true);
      await expectGradient((x) => nb.topk(x, 2, { axis: 0 }).values, [[4, 3]], 1891, true);
    });
    it('errors', () => {
      expectThrows(() => nb.topk(nb.zeros([2, 3]), 4), nb.ArgumentError, 'topk', '[0, 3]', '[2,3]');
      expectThrows(() => nb.argsort(nb.scalar(1)), nb.ShapeError, 'argsort', 'rank >= 1');
      expectThrows(() => nb.takeAlongAxis(nb.zeros([2, 3]), nb.zeros([3, 1], 'int32'), 1), nb.ShapeError, 'takeAlongAxis', '[3,1]');
    });
  });
}
