import { describe, expect, it } from 'vitest';
import { backend, broadcastSource, make, numel, randoms, ravel, read, readTyped, unravel, routines } from './helpers.js';

describe('transpose', () => {
  it('permutes every axis order of a rank-4 tensor', () => {
    const shape = [2, 3, 4, 5];
    const x = randoms(numel(shape), 1);
    const perms = [[0, 1, 2, 3], [3, 2, 1, 0], [1, 0, 3, 2], [0, 2, 3, 1], [2, 0, 1, 3]];
    for (const perm of perms) {
      const outShape = perm.map((p) => shape[p]);
      const expected = new Array<number>(x.length);
      for (let i = 0; i < x.length; i++) {
        const idx = unravel(i, shape);
        expected[ravel(perm.map((p) => idx[p]), outShape)] = x[i];
      }
      expect(read(routines.transpose(make(x, shape, 'float64'), perm))).toEqual(expected);
    }
  });

  it('transposes a large 2-D matrix (blocked path) and keeps the dtype', () => {
    const [r, c] = [70, 45];
    const x = Array.from({ length: r * c }, (_, i) => i);
    const out = routines.transpose(make(x, [r, c], 'int32'), [1, 0]);
    expect(readTyped(out)).toBeInstanceOf(Int32Array);
    const got = read(out);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) expect(got[j * r + i]).toBe(i * c + j);
    expect(read(routines.transpose(make([], [0, 3]), [1, 0]))).toEqual([]);
  });
});

describe('broadcastTo', () => {
  it('expands size-1 dims against an index loop', () => {
    for (const [inShape, outShape] of [[[3, 1], [3, 4]], [[1, 4], [3, 4]], [[2, 1, 3], [2, 5, 3]], [[1, 1], [2, 2]], [[2, 3], [2, 3]]]) {
      const x = randoms(numel(inShape), 5);
      const expected = Array.from({ length: numel(outShape) }, (_, i) => x[broadcastSource(unravel(i, outShape), inShape)]);
      expect(read(backend.broadcastTo(make(x, inShape, 'float64'), outShape))).toEqual(expected);
    }
  });
});

describe('slice', () => {
  it('extracts boxes against an index loop', () => {
    const shape = [4, 5, 6];
    const x = randoms(numel(shape), 9);
    for (const [begin, size] of [[[1, 2, 0], [2, 3, 6]], [[0, 0, 3], [4, 5, 2]], [[3, 4, 5], [1, 1, 1]], [[1, 1, 1], [0, 2, 2]]]) {
      const expected: number[] = [];
      for (let i = 0; i < numel(size); i++) expected.push(x[ravel(unravel(i, size).map((v, ax) => v + begin[ax]), shape)]);
      expect(read(backend.slice(make(x, shape, 'float64'), begin, size))).toEqual(expected);
    }
  });
});

describe('pad', () => {
  it('surrounds with a constant against an index loop', () => {
    const shape = [2, 3];
    const x = [1, 2, 3, 4, 5, 6];
    const pads: [number, number][] = [[1, 0], [2, 1]];
    const outShape = [3, 6];
    const expected: number[] = [];
    for (let i = 0; i < 18; i++) {
      const [r, c] = unravel(i, outShape);
      const sr = r - 1;
      const sc = c - 2;
      expected.push(sr >= 0 && sr < 2 && sc >= 0 && sc < 3 ? x[sr * 3 + sc] : -7);
    }
    expect(read(routines.pad(make(x, shape, 'int32'), pads, -7))).toEqual(expected);
    expect(read(routines.pad(make([], [0, 2]), [[1, 0], [0, 0]], 3))).toEqual([3, 3]);
    expect(read(routines.pad(make([1], [1], 'bool'), [[1, 1]], 5))).toEqual([1, 1, 1]);
  });
});

describe('concat', () => {
  it('joins along each axis', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const b = [7, 8, 9, 10];
    // [[1,2,3],[4,5,6]] ++ [[7,8],[9,10]] along axis 1
    expect(read(routines.concat([make(a, [2, 3]), make(b, [2, 2])], 1))).toEqual([1, 2, 3, 7, 8, 4, 5, 6, 9, 10]);
    expect(read(routines.concat([make(a, [3, 2]), make(b, [2, 2])], 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(read(routines.concat([make([1], [1, 1]), make([], [1, 0]), make([2, 3], [1, 2])], 1))).toEqual([1, 2, 3]);
    expect(readTyped(routines.concat([make([1], [1], 'bool'), make([0], [1], 'bool')], 0))).toEqual(new Uint8Array([1, 0]));
  });
});

describe('gather and scatterAdd', () => {
  const shape = [3, 4, 2];
  const x = randoms(numel(shape), 13).map(Math.fround);

  it('gathers along every axis with a multi-dimensional index tensor', () => {
    for (let axis = 0; axis < 3; axis++) {
      const indices = [[0, 2, 1, 0], [3, 1, 0, 3], [1, 0, 1, 1]][axis].map((v) => v % shape[axis]);
      const iShape = [2, 2];
      const outShape = [...shape.slice(0, axis), ...iShape, ...shape.slice(axis + 1)];
      const expected = Array.from({ length: numel(outShape) }, (_, o) => {
        const idx = unravel(o, outShape);
        const j = ravel(idx.slice(axis, axis + 2), iShape);
        return x[ravel([...idx.slice(0, axis), indices[j], ...idx.slice(axis + 2)], shape)];
      });
      expect(read(routines.gather(make(x, shape), make(indices, iShape, 'int32'), axis))).toEqual(expected);
    }
  });

  it('scatterAdd accumulates duplicates and is the adjoint of gather', () => {
    const axis = 1;
    const indices = [1, 3, 1, 1, 0];
    const uShape = [3, 5, 2];
    const updates = randoms(numel(uShape), 17).map(Math.fround);
    const expected = x.slice();
    for (let u = 0; u < updates.length; u++) {
      const [i, j, k] = unravel(u, uShape);
      expected[ravel([i, indices[j], k], shape)] = Math.fround(expected[ravel([i, indices[j], k], shape)] + updates[u]);
    }
    const got = read(backend.scatterAdd(make(x, shape), make(indices, [5], 'int32'), make(updates, uShape), axis));
    expect(got.map((v, i) => Math.abs(v - expected[i]) < 1e-6)).toEqual(expected.map(() => true));
  });

  it('scatterAdd wraps int32 sums', () => {
    const out = backend.scatterAdd(make([2147483647, 0], [2], 'int32'), make([0, 0], [2], 'int32'), make([1, 1], [2], 'int32'), 0);
    expect(read(out)).toEqual([-2147483647, 0]);
  });

  it('rejects non-int32 indices with a DTypeError', () => {
    expect(() => routines.gather(make(x, shape), make([0], [1]), 0)).toThrow(/gather.*int32/);
  });
});
