import type { DType, ReduceOp } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { acquireBackend, download, expectClose, randomFloats, randomInts, sizeOf, stridesOf, upload } from './gpu.js';
import { withOutShapes } from '@nabla/test-kit/routine-shapes';

const backend = await acquireBackend();

/** Naive reduction: visit every element, accumulate into the output cell of its kept coordinates. */
function reduceRef(op: ReduceOp, xs: ArrayLike<number>, shape: number[], axes: number[], dtype: DType): number[] {
  const keptShape = shape.filter((_, i) => !axes.includes(i));
  const identity: Record<ReduceOp, number> = {
    sum: 0, prod: 1, any: 0, all: 1,
    max: dtype === 'int32' ? -2147483648 : -Infinity,
    min: dtype === 'int32' ? 2147483647 : Infinity,
  };
  const out = new Array<number>(sizeOf(keptShape)).fill(identity[op]);
  const strides = stridesOf(shape);
  const keptStrides = stridesOf(keptShape);
  for (let i = 0; i < sizeOf(shape); i++) {
    let o = 0;
    let k = 0;
    for (let d = 0; d < shape.length; d++) {
      if (axes.includes(d)) continue;
      o += (Math.floor(i / strides[d]) % shape[d]) * keptStrides[k++];
    }
    const v = xs[i];
    const acc = out[o];
    switch (op) {
      case 'sum': out[o] = dtype === 'int32' ? (acc + v) | 0 : acc + v; break;
      case 'prod': out[o] = dtype === 'int32' ? Math.imul(acc, v) : acc * v; break;
      case 'max': out[o] = Number.isNaN(acc) || Number.isNaN(v) ? Number.NaN : Math.max(acc, v); break;
      case 'min': out[o] = Number.isNaN(acc) || Number.isNaN(v) ? Number.NaN : Math.min(acc, v); break;
      case 'any': out[o] = acc || v !== 0 ? 1 : 0; break;
      case 'all': out[o] = acc && v !== 0 ? 1 : 0; break;
    }
  }
  return out;
}

const SHAPES: [number[], number[]][] = [
  [[7], [0]],
  [[3, 5], [1]],
  [[3, 5], [0]],
  [[3, 5], [0, 1]],
  [[2, 3, 4], [0, 2]],
  [[2, 3, 4], [1]],
  [[4, 300], [1]], // long rows: workgroup tree path
  [[130, 3], [0]], // long strided columns: tree path
  [[2, 0, 3], [1]], // empty reduction: identities
  [[2, 0, 3], [0]], // empty output
  [[5, 2], []],
];

describe.skipIf(backend === null)('reduce', () => {
  const b = backend!;
  const routines = withOutShapes(b);

  it.each((['sum', 'prod', 'max', 'min', 'any', 'all'] as ReduceOp[]).map((op) => [op]))('float32 %s over any axes', async (op) => {
    for (const [shape, axes] of SHAPES) {
      // prod stays in range with factors near 1.
      const xs = op === 'prod' ? randomFloats(sizeOf(shape), 3, 0.9, 1.1) : randomFloats(sizeOf(shape), 3);
      if ((op === 'any' || op === 'all') && xs.length > 3) xs[1] = 0;
      const out = await b.read(routines.reduce(op, upload(b, xs, shape), axes));
      expect(out).toBeInstanceOf(op === 'any' || op === 'all' ? Uint8Array : Float32Array);
      expectClose(out, reduceRef(op, xs, shape, axes, 'float32').map(Math.fround), 2e-6, 2e-6, `${op} ${shape} axes ${axes}`);
    }
  });

  it.each((['sum', 'prod', 'max', 'min', 'any', 'all'] as ReduceOp[]).map((op) => [op]))('int32 %s (wrapping, integer identities)', async (op) => {
    for (const [shape, axes] of SHAPES) {
      const xs = randomInts(sizeOf(shape), 9, op === 'prod' ? -3 : -1000, op === 'prod' ? 3 : 1000);
      const out = await download(b, routines.reduce(op, upload(b, xs, shape, 'int32'), axes));
      expect(out, `${op} ${shape} axes ${axes}`).toEqual(reduceRef(op, xs, shape, axes, 'int32'));
    }
  });

  it('propagates NaN through max/min and reduces bool inputs', async () => {
    const x = upload(b, [1, Number.NaN, 3, 4, 5, 6], [2, 3]);
    expect(await download(b, routines.reduce('max', x, [1]))).toEqual([Number.NaN, 6]);
    expect(await download(b, routines.reduce('min', x, [0]))).toEqual([1, Number.NaN, 3]);
    const flags = upload(b, [1, 0, 1, 1, 1, 1], [2, 3], 'bool');
    expect(await download(b, routines.reduce('all', flags, [1]))).toEqual([0, 1]);
    expect(await download(b, routines.reduce('any', flags, [0]))).toEqual([1, 1, 1]);
  });

  it('sums a long vector accurately with the tree', async () => {
    const xs = randomFloats(5000, 77, 0, 1);
    const [got] = await download(b, routines.reduce('sum', upload(b, xs, [5000]), [0]));
    const exact = xs.reduce((a, v) => a + v, 0);
    expect(Math.abs(got - exact) / exact).toBeLessThan(1e-5);
  });
});

/** Naive argmax/argmin: first extremum, NaN wins. */
function argRef(op: 'argmax' | 'argmin', xs: ArrayLike<number>, shape: number[], axis: number): number[] {
  const outer = sizeOf(shape.slice(0, axis));
  const len = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0;
      for (let k = 1; k < len; k++) {
        const v = xs[(o * len + k) * inner + i];
        const w = xs[(o * len + best) * inner + i];
        if (Number.isNaN(w)) break;
        if (Number.isNaN(v) || (op === 'argmax' ? v > w : v < w)) best = k;
      }
      out.push(best);
    }
  }
  return out;
}

describe.skipIf(backend === null)('argReduce', () => {
  const b = backend!;
  const routines = withOutShapes(b);

  it.each([['argmax'], ['argmin']] as ['argmax' | 'argmin'][])('%s along every axis, ties to the first index', async (op) => {
    for (const shape of [[6], [3, 4], [2, 3, 5], [2, 100]]) {
      // Few distinct values so ties are common.
      const xs = Float32Array.from(randomInts(sizeOf(shape), 13, -3, 3));
      for (let axis = 0; axis < shape.length; axis++) {
        const out = await b.read(routines.argReduce(op, upload(b, xs, shape), axis));
        expect(out).toBeInstanceOf(Int32Array);
        expect(Array.from(out), `${op} ${shape} axis ${axis}`).toEqual(argRef(op, xs, shape, axis));
        const ints = await download(b, routines.argReduce(op, upload(b, Int32Array.from(xs), shape, 'int32'), axis));
        expect(ints, `int ${op} ${shape} axis ${axis}`).toEqual(argRef(op, xs, shape, axis));
      }
    }
  });

  it('lets the first NaN win', async () => {
    const x = upload(b, [1, Number.NaN, 5, Number.NaN, -1, 2, 9, 9], [2, 4]);
    expect(await download(b, routines.argReduce('argmax', x, 1))).toEqual([1, 2]);
    expect(await download(b, routines.argReduce('argmin', x, 1))).toEqual([1, 0]);
  });
});
