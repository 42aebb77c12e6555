import { describe, expect, it } from 'vitest';
import { withBackends } from './support/backends.js';
import { numel, strides, unravel } from './support/close.js';
import { integers, uniform } from './support/random.js';

/** Flat index of a multi-index in a row-major shape. */
function flat(idx: readonly number[], shape: readonly number[]): number {
  const s = strides(shape);
  return idx.reduce((acc, v, i) => acc + v * s[i], 0);
}

function transposeRef(values: readonly number[], shape: readonly number[], perm: readonly number[]): number[] {
  const outShape = perm.map((p) => shape[p]);
  return Array.from({ length: numel(outShape) }, (_, o) => {
    const oi = unravel(o, outShape);
    const ii = new Array<number>(shape.length);
    perm.forEach((p, d) => (ii[p] = oi[d]));
    return values[flat(ii, shape)];
  });
}

withBackends((get) => {
  describe('transpose', () => {
    const cases: [number[], number[]][] = [
      [[2, 3], [1, 0]],
      [[2, 3, 4], [2, 0, 1]],
      [[2, 3, 4], [0, 2, 1]],
      [[2, 3, 4, 5], [3, 1, 0, 2]],
      [[300, 257], [1, 0]],
      [[3, 65, 70], [0, 2, 1]],
      [[1, 5, 1], [2, 1, 0]],
    ];
    for (const [shape, perm] of cases) {
      for (const dtype of ['float32', 'int32', 'bool', 'float64'] as const) {
        it(`${dtype} [${shape}] by [${perm}]`, () => {
          const { t, read, routines } = get();
          const values = integers(numel(shape), numel(shape), 0, dtype === 'bool' ? 2 : 1000);
          expect(read(routines.transpose(t(values, shape, dtype), perm))).toEqual(transposeRef(values, shape, perm));
        });
      }
    }
  });

  describe('broadcastTo, slice, pad, concat', () => {
    it('broadcastTo repeats along size-1 axes', () => {
      const { t, read, backend } = get();
      const values = [1, 2, 3];
      expect(read(backend.broadcastTo(t(values, [1, 3]), [2, 3]))).toEqual([1, 2, 3, 1, 2, 3]);
      expect(read(backend.broadcastTo(t(values, [3, 1], 'int32'), [3, 2]))).toEqual([1, 1, 2, 2, 3, 3]);
      const big = backend.broadcastTo(t([1, 0], [2, 1, 1], 'bool'), [2, 300, 300]);
      const out = read(big);
      expect(out.length).toBe(180_000);
      expect(out[0]).toBe(1);
      expect(out[89_999]).toBe(1);
      expect(out[90_000]).toBe(0);
      expect(out[179_999]).toBe(0);
    });
    it('slice copies a box', () => {
      const { t, read, backend } = get();
      const shape = [4, 5, 6];
      const values = uniform(120, 5).map(Math.fround);
      const begin = [1, 2, 0];
      const size = [2, 3, 4];
      const expected = Array.from({ length: numel(size) }, (_, o) => values[flat(unravel(o, size).map((v, i) => v + begin[i]), shape)]);
      expect(read(backend.slice(t(values, shape), begin, size))).toEqual(expected);
      expect(read(backend.slice(t(values, shape), [0, 0, 0], [0, 5, 6]))).toEqual([]);
    });
    it('pad surrounds with a constant', () => {
      const { t, read, routines } = get();
      expect(read(routines.pad(t([1, 2, 3, 4], [2, 2]), [[1, 0], [0, 2]], 9))).toEqual([9, 9, 9, 9, 1, 2, 9, 9, 3, 4, 9, 9]);
      expect(read(routines.pad(t([5], [1], 'int32'), [[2, 1]], -1))).toEqual([-1, -1, 5, -1]);
      expect(read(routines.pad(t([1], [1], 'bool'), [[1, 1]], 0))).toEqual([0, 1, 0]);
    });
    it('concat joins along any axis', () => {
      const { t, read, routines } = get();
      const a = t([1, 2, 3, 4], [2, 2]);
      const b = t([5, 6], [2, 1]);
      expect(read(routines.concat([a, b], 1))).toEqual([1, 2, 5, 3, 4, 6]);
      expect(read(routines.concat([a, t([7, 8], [1, 2])], 0))).toEqual([1, 2, 3, 4, 7, 8]);
      expect(read(routines.concat([t([1], [1], 'float64'), t([], [0], 'float64'), t([2, 3], [2], 'float64')], 0))).toEqual([1, 2, 3]);
    });
  });

  describe('gather and scatterAdd', () => {
    it('gather picks rows along each axis', () => {
      const { t, read, routines } = get();
      const shape = [3, 4, 2];
      const values = integers(24, 3, -50, 50);
      const idx = [3, 0, 3];
      const out = read(routines.gather(t(values, shape, 'int32'), t(idx, [3], 'int32'), 1));
      const expected: number[] = [];
      for (let i = 0; i < 3; i++) for (const j of idx) for (let k = 0; k < 2; k++) expected.push(values[flat([i, j, k], shape)]);
      expect(out).toEqual(expected);
      const rows = read(routines.gather(t(values, shape, 'int32'), t([2, 1, 0, 2], [2, 2], 'int32'), 0));
      expect(rows).toEqual([2, 1, 0, 2].flatMap((r) => values.slice(r * 8, r * 8 + 8)));
    });
    it('scatterAdd accumulates duplicates', () => {
      const { t, read, backend } = get();
      const x = t([1, 1, 1, 1, 1, 1], [2, 3]);
      const out = backend.scatterAdd(x, t([2, 0, 2], [3], 'int32'), t([10, 20, 30, 40, 50, 60], [2, 3]), 1);
      expect(read(out)).toEqual([1 + 20, 1, 1 + 10 + 30, 1 + 50, 1, 1 + 40 + 60]);
      const ints = backend.scatterAdd(t([0, 0, 0], [3], 'int32'), t([1, 1], [2], 'int32'), t([2147483647, 1], [2], 'int32'), 0);
      expect(read(ints)).toEqual([0, -2147483648, 0]);
    });
  });
});
