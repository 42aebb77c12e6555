import type { DType } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { acquireBackend, download, randomFloats, randomInts, sizeOf, stridesOf, upload } from './gpu.js';
import { withOutShapes } from '@nabla/test-kit/routine-shapes';

const backend = await acquireBackend();

/** Coordinates of flat index `i` in `shape`. */
function coords(i: number, shape: readonly number[]): number[] {
  const s = stridesOf(shape);
  return shape.map((d, k) => Math.floor(i / s[k]) % d);
}

/** Flat index of `c` in `shape`. */
function flat(c: readonly number[], shape: readonly number[]): number {
  const s = stridesOf(shape);
  return c.reduce((acc, v, k) => acc + v * s[k], 0);
}

const values = (n: number, dtype: DType, seed: number): number[] =>
  Array.from(dtype === 'float32' ? randomFloats(n, seed) : randomInts(n, seed, dtype === 'bool' ? 0 : -99, dtype === 'bool' ? 1 : 99));

describe.skipIf(backend === null)('data movement', () => {
  const b = backend!;
  const routines = withOutShapes(b);

  it.each([['float32'], ['int32'], ['bool']] as [DType][])('transpose (%s)', async (dtype) => {
    for (const [shape, perm] of [[[2, 3], [1, 0]], [[2, 3, 4], [2, 0, 1]], [[2, 1, 3, 2], [3, 1, 0, 2]], [[0, 3], [1, 0]], [[5], [0]]] as [number[], number[]][]) {
      const xs = values(sizeOf(shape), dtype, 3);
      const outShape = perm.map((p) => shape[p]);
      const expected = Array.from({ length: sizeOf(outShape) }, (_, i) => {
        const c = coords(i, outShape);
        const src = new Array<number>(shape.length);
        perm.forEach((p, k) => (src[p] = c[k]));
        return xs[flat(src, shape)];
      });
      const out = await b.read(routines.transpose(upload(b, xs, shape, dtype), perm));
      expect(Array.from(out), `${shape} perm ${perm}`).toEqual(expected);
    }
  });

  it('broadcastTo', async () => {
    const xs = [1, 2, 3];
    expect(await download(b, b.broadcastTo(upload(b, xs, [1, 3]), [2, 3]))).toEqual([1, 2, 3, 1, 2, 3]);
    expect(await download(b, b.broadcastTo(upload(b, xs, [3, 1]), [3, 2]))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(await download(b, b.broadcastTo(upload(b, [7], [1, 1, 1], 'int32'), [2, 1, 2]))).toEqual([7, 7, 7, 7]);
  });

  it('slice', async () => {
    const shape = [3, 4, 5];
    const xs = values(60, 'float32', 5);
    const begin = [1, 1, 2];
    const size = [2, 2, 3];
    const expected = Array.from({ length: sizeOf(size) }, (_, i) => xs[flat(coords(i, size).map((c, k) => c + begin[k]), shape)]);
    expect(await download(b, b.slice(upload(b, xs, shape), begin, size))).toEqual(expected);
    expect((await b.read(b.slice(upload(b, xs, shape), [0, 0, 0], [0, 4, 5]))).length).toBe(0);
  });

  it.each([['float32'], ['int32'], ['bool']] as [DType][])('pad with a constant (%s)', async (dtype) => {
    const shape = [2, 3];
    const xs = values(6, dtype, 7);
    const pads: [number, number][] = [[1, 0], [2, 1]];
    const outShape = [3, 6];
    const value = dtype === 'float32' ? -1.5 : dtype === 'int32' ? -7 : 1;
    const expected = Array.from({ length: 18 }, (_, i) => {
      const [r, c] = coords(i, outShape);
      const sr = r - 1;
      const sc = c - 2;
      return sr >= 0 && sr < 2 && sc >= 0 && sc < 3 ? xs[sr * 3 + sc] : value;
    });
    expect(await download(b, routines.pad(upload(b, xs, shape, dtype), pads, value))).toEqual(expected);
    expect(await download(b, routines.pad(upload(b, [], [0], dtype), [[1, 1]], value))).toEqual([value, value]);
  });

  it('concat along every axis', async () => {
    const a = values(2 * 3 * 2, 'float32', 1);
    const c = values(2 * 1 * 2, 'float32', 2);
    const e = values(2 * 2 * 2, 'float32', 3);
    const out = await download(b, routines.concat([upload(b, a, [2, 3, 2]), upload(b, c, [2, 1, 2]), upload(b, [], [2, 0, 2]), upload(b, e, [2, 2, 2])], 1));
    const expected: number[] = [];
    for (let n = 0; n < 2; n++) {
      expected.push(...a.slice(n * 6, n * 6 + 6), ...c.slice(n * 2, n * 2 + 2), ...e.slice(n * 4, n * 4 + 4));
    }
    expect(out).toEqual(expected);
    const ints = await download(b, routines.concat([upload(b, [1, 2], [2, 1], 'int32'), upload(b, [3, 4], [2, 1], 'int32')], 0));
    expect(ints).toEqual([1, 2, 3, 4]);
    const last = await download(b, routines.concat([upload(b, [1, 2], [2, 1], 'bool'), upload(b, [0, 0, 1, 0], [2, 2], 'bool')], 1));
    expect(last).toEqual([1, 0, 0, 1, 1, 0]);
  });

  it('gather along every axis with multi-dimensional indices', async () => {
    const shape = [3, 4, 2];
    const xs = values(24, 'float32', 9);
    const idx = [2, 0, 0, 1];
    for (let axis = 0; axis < 3; axis++) {
      const indices = idx.map((v) => v % shape[axis]);
      const outShape = [...shape.slice(0, axis), 2, 2, ...shape.slice(axis + 1)];
      const expected = Array.from({ length: sizeOf(outShape) }, (_, i) => {
        const c = coords(i, outShape);
        const j = c[axis] * 2 + c[axis + 1];
        const src = [...c.slice(0, axis), indices[j], ...c.slice(axis + 2)];
        return xs[flat(src, shape)];
      });
      const out = await download(b, routines.gather(upload(b, xs, shape), upload(b, indices, [2, 2], 'int32'), axis));
      expect(out, `axis ${axis}`).toEqual(expected);
    }
  });

  it.each([['float32'], ['int32']] as [DType][])('scatterAdd accumulates duplicates (%s)', async (dtype) => {
    const shape = [2, 4, 3];
    const xs = values(24, dtype, 11);
    for (let axis = 0; axis < 3; axis++) {
      const indices = [1, 0, 1, 1, 2].map((v) => v % shape[axis]);
      const updShape = [...shape.slice(0, axis), 5, ...shape.slice(axis + 1)];
      const upd = values(sizeOf(updShape), dtype, 12 + axis);
      const expected = xs.slice();
      for (let u = 0; u < upd.length; u++) {
        const c = coords(u, updShape);
        c[axis] = indices[c[axis]];
        const o = flat(c, shape);
        expected[o] = dtype === 'float32' ? Math.fround(expected[o] + upd[u]) : expected[o] + upd[u];
      }
      const out = await download(b, b.scatterAdd(upload(b, xs, shape, dtype), upload(b, indices, [5], 'int32'), upload(b, upd, updShape, dtype), axis));
      expected.forEach((v, i) => expect(Math.abs(out[i] - v), `axis ${axis} [${i}]`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(v))));
    }
  });
});
