import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ArgumentError, ShapeError, broadcastShapes, convOutSize, inferReshape, normalizeAxes, normalizeAxis,
  reducedShape, shapesEqual, sizeOf, stridesOf, assertValidShape,
} from '../src/index.js';

/** Random shape of rank 0..5 with dims 0..5. */
const shapeArb = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 5 });

/** Naive reference: broadcast by padding with leading ones and comparing each dim. */
function referenceBroadcast(a: number[], b: number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const pa = [...new Array<number>(rank - a.length).fill(1), ...a];
  const pb = [...new Array<number>(rank - b.length).fill(1), ...b];
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    if (pa[i] === pb[i]) out.push(pa[i]);
    else if (pa[i] === 1) out.push(pb[i]);
    else if (pb[i] === 1) out.push(pa[i]);
    else return null;
  }
  return out;
}

describe('sizeOf / stridesOf / shapesEqual', () => {
  it('counts elements, scalars have one', () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([3, 0, 2])).toBe(0);
  });
  it('computes row-major strides', () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([5])).toEqual([1]);
    expect(stridesOf([])).toEqual([]);
  });
  it('strides walk every element exactly once (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }), (shape) => {
      const strides = stridesOf(shape);
      const seen = new Set<number>();
      const walk = (dim: number, offset: number): void => {
        if (dim === shape.length) { seen.add(offset); return; }
        for (let i = 0; i < shape[dim]; i++) walk(dim + 1, offset + i * strides[dim]);
      };
      walk(0, 0);
      expect(seen.size).toBe(sizeOf(shape));
      expect(Math.max(...seen)).toBe(sizeOf(shape) - 1);
    }));
  });
  it('compares shapes', () => {
    expect(shapesEqual([2, 3], [2, 3])).toBe(true);
    expect(shapesEqual([2, 3], [3, 2])).toBe(false);
    expect(shapesEqual([2], [2, 1])).toBe(false);
    expect(shapesEqual([], [])).toBe(true);
  });
  it('rejects negative and fractional dimensions', () => {
    expect(() => assertValidShape('zeros', [2, -1])).toThrow(ShapeError);
    expect(() => assertValidShape('zeros', [1.5])).toThrow('zeros: invalid shape [1.5]');
    expect(() => assertValidShape('zeros', [0, 3])).not.toThrow();
  });
});

describe('broadcastShapes', () => {
  it('follows NumPy on hand-picked cases', () => {
    expect(broadcastShapes('add', [2, 3], [3])).toEqual([2, 3]);
    expect(broadcastShapes('add', [4, 1, 5], [3, 1])).toEqual([4, 3, 5]);
    expect(broadcastShapes('add', [], [2, 2])).toEqual([2, 2]);
    expect(broadcastShapes('add', [0, 1], [1, 7])).toEqual([0, 7]);
    expect(broadcastShapes('add', [1], [0])).toEqual([0]);
  });
  it('names the op and both shapes when they do not broadcast', () => {
    expect(() => broadcastShapes('mul', [2, 3], [4])).toThrow(ShapeError);
    expect(() => broadcastShapes('mul', [2, 3], [4])).toThrow('mul: shapes [2,3] and [4] cannot be broadcast together');
  });
  it('matches a naive reference on random shape pairs (property)', () => {
    fc.assert(fc.property(shapeArb, shapeArb, (a, b) => {
      const ref = referenceBroadcast(a, b);
      if (ref === null) expect(() => broadcastShapes('op', a, b)).toThrow(ShapeError);
      else expect(broadcastShapes('op', a, b)).toEqual(ref);
    }), { numRuns: 300 });
  });
  it('is commutative and accepts every shape against itself and against ones (property)', () => {
    const compatible = shapeArb.chain((out) => fc.tuple(
      fc.constant(out),
      fc.tuple(...out.map((d) => fc.constantFrom(d, 1))).map((dims) => dims as number[]),
      fc.integer({ min: 0, max: out.length }),
    ));
    fc.assert(fc.property(compatible, ([out, other, drop]) => {
      const trimmed = other.slice(drop);
      expect(broadcastShapes('op', out, trimmed)).toEqual(out);
      expect(broadcastShapes('op', trimmed, out)).toEqual(out);
      expect(broadcastShapes('op', out, out)).toEqual(out);
    }), { numRuns: 200 });
  });
});

describe('normalizeAxis / normalizeAxes', () => {
  it('resolves negative axes', () => {
    expect(normalizeAxis('sum', -1, 3)).toBe(2);
    expect(normalizeAxis('sum', -3, 3)).toBe(0);
    expect(normalizeAxis('sum', 1, 3)).toBe(1);
  });
  it('rejects out-of-range and fractional axes naming the op and rank', () => {
    expect(() => normalizeAxis('softmax', 3, 3)).toThrow('softmax: axis 3 is out of range for a tensor of rank 3');
    expect(() => normalizeAxis('softmax', -4, 3)).toThrow(ShapeError);
    expect(() => normalizeAxis('softmax', 0.5, 3)).toThrow(ShapeError);
    expect(() => normalizeAxis('softmax', 0, 0)).toThrow(ShapeError);
  });
  it('sorts, resolves and de-duplicates axes lists', () => {
    expect(normalizeAxes('sum', undefined, 3)).toEqual([0, 1, 2]);
    expect(normalizeAxes('sum', undefined, 0)).toEqual([]);
    expect(normalizeAxes('sum', -1, 4)).toEqual([3]);
    expect(normalizeAxes('sum', [2, -4, 1], 4)).toEqual([0, 1, 2]);
    expect(normalizeAxes('sum', [], 4)).toEqual([]);
  });
  it('rejects repeated axes (also when spelled differently) with ArgumentError', () => {
    expect(() => normalizeAxes('sum', [1, -2], 3)).toThrow(ArgumentError);
    expect(() => normalizeAxes('sum', [0, 0], 3)).toThrow('sum: repeated axis in [0,0]');
  });
  it('rejects out-of-range axes with ShapeError', () => {
    expect(() => normalizeAxes('max', [0, 5], 3)).toThrow('max: axis 5 is out of range for a tensor of rank 3');
  });
  it('any permutation of valid axes normalises to the same sorted set (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }).chain((rank) => fc.tuple(
      fc.constant(rank),
      fc.subarray(Array.from({ length: rank }, (_, i) => i)),
      fc.array(fc.boolean(), { minLength: rank, maxLength: rank }),
    )), ([rank, axes, negate]) => {
      const spelled = [...axes].reverse().map((a) => (negate[a] ? a - rank : a));
      expect(normalizeAxes('op', spelled, rank)).toEqual(axes);
    }));
  });
});

describe('reducedShape', () => {
  it('drops or keeps reduced axes', () => {
    expect(reducedShape([2, 3, 4], [1], false)).toEqual([2, 4]);
    expect(reducedShape([2, 3, 4], [1], true)).toEqual([2, 1, 4]);
    expect(reducedShape([2, 3, 4], [0, 1, 2], false)).toEqual([]);
    expect(reducedShape([2, 3, 4], [0, 2], true)).toEqual([1, 3, 1]);
  });
});

describe('inferReshape', () => {
  it('resolves a single -1', () => {
    expect(inferReshape('reshape', [2, 3, 4], [-1, 4])).toEqual([6, 4]);
    expect(inferReshape('reshape', [2, 3, 4], [2, -1])).toEqual([2, 12]);
    expect(inferReshape('reshape', [6], [-1])).toEqual([6]);
    expect(inferReshape('reshape', [], [1, -1])).toEqual([1, 1]);
  });
  it('passes through a shape with the same element count', () => {
    expect(inferReshape('reshape', [2, 3], [3, 2])).toEqual([3, 2]);
    expect(inferReshape('reshape', [0, 3], [3, 0, 5])).toEqual([3, 0, 5]);
  });
  it('rejects two -1s, wrong counts and negative dims with clear messages', () => {
    expect(() => inferReshape('reshape', [6], [-1, -1])).toThrow('reshape: only one -1 allowed in target shape [-1,-1]');
    expect(() => inferReshape('reshape', [2, 3], [4, -1])).toThrow('reshape: cannot reshape [2,3] (6 elements) to [4,-1]');
    expect(() => inferReshape('reshape', [2, 3], [5])).toThrow('reshape: cannot reshape [2,3] (6 elements) to [5]');
    expect(() => inferReshape('reshape', [2, 3], [-2, -3])).toThrow(ShapeError);
    expect(() => inferReshape('reshape', [0, 3], [0, -1])).toThrow(ShapeError);
  });
  it('round-trips any factorisation of the element count (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), fc.nat(), (dims, pick) => {
      const total = sizeOf(dims);
      const target = [...dims].reverse();
      const hole = pick % target.length;
      const withHole = target.map((d, i) => (i === hole ? -1 : d));
      expect(inferReshape('reshape', dims, withHole)).toEqual(target);
      expect(sizeOf(inferReshape('reshape', dims, [-1]))).toBe(total);
    }));
  });
});

describe('convOutSize', () => {
  it('matches hand-computed sizes', () => {
    expect(convOutSize(5, 3, 1, 0, 0)).toBe(3);
    expect(convOutSize(5, 3, 1, 1, 1)).toBe(5);
    expect(convOutSize(7, 3, 2, 0, 0)).toBe(3);
    expect(convOutSize(7, 3, 2, 1, 1)).toBe(4);
    expect(convOutSize(7, 3, 1, 0, 0, 2)).toBe(3);
    expect(convOutSize(2, 3, 1, 0, 0)).toBe(0);
  });
  it('counts the window positions a naive loop finds (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }),
      (size, kernel, stride, before, after, dilation) => {
        const span = (kernel - 1) * dilation;
        let count = 0;
        for (let start = -before; start + span <= size - 1 + after; start += stride) count++;
        expect(Math.max(convOutSize(size, kernel, stride, before, after, dilation), 0)).toBe(count);
      },
    ), { numRuns: 300 });
  });
});
