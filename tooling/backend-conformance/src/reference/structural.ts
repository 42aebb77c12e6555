/** Triangles, interleaved repeats, einsum and cumulative sums in float64, by explicit loops. */
import { numel, ravel, unravel, type NdArray } from './ndarray.js';

/** Keep x[..., i, j] where keep(i, j). */
export function triangle(x: NdArray, keep: (i: number, j: number) => boolean): NdArray {
  const [M, N] = x.shape.slice(-2);
  return { shape: [...x.shape], data: x.data.map((v, idx) => (keep(Math.floor(idx / N) % M, idx % N) ? v : 0)) };
}

/** Each slice along `axis` repeated counts[i] times in place. */
export function repeatSlices(x: NdArray, counts: readonly number[], axis: number): NdArray {
  const source: number[] = counts.flatMap((c, i) => new Array<number>(c).fill(i));
  const shape = [...x.shape];
  shape[axis] = source.length;
  const data = new Float64Array(numel(shape));
  for (let o = 0; o < data.length; o++) {
    const coords = unravel(o, shape);
    coords[axis] = source[coords[axis]];
    data[o] = x.data[ravel(coords, x.shape)];
  }
  return { shape, data };
}

/** Σ over every letter assignment of Π operands, for terms of distinct letters (sizes from the operands). */
export function einsumLoops(inputs: readonly string[], output: string, operands: readonly NdArray[]): NdArray {
  const sizes = new Map<string, number>();
  inputs.forEach((term, n) => [...term].forEach((c, i) => sizes.set(c, operands[n].shape[i])));
  const letters = [...sizes.keys()];
  const outShape = [...output].map((c) => sizes.get(c) ?? 0);
  const data = new Float64Array(numel(outShape));
  const total = numel(letters.map((c) => sizes.get(c) ?? 0));
  for (let a = 0; a < total; a++) {
    const at = new Map(unravel(a, letters.map((c) => sizes.get(c) ?? 0)).map((v, i) => [letters[i], v]));
    let product = 1;
    inputs.forEach((term, n) => {
      product *= operands[n].data[ravel([...term].map((c) => at.get(c) ?? 0), operands[n].shape)];
    });
    data[ravel([...output].map((c) => at.get(c) ?? 0), outShape)] += product;
  }
  return { shape: outShape, data };
}

/** Running sums along `axis`, optionally exclusive and/or from the end. */
export function cumulativeSum(x: NdArray, axis: number, exclusive: boolean, reverse: boolean): NdArray {
  const data = new Float64Array(x.data.length);
  const n = x.shape[axis];
  for (let idx = 0; idx < data.length; idx++) {
    const coords = unravel(idx, x.shape);
    const i = coords[axis];
    let acc = 0;
    for (let j = 0; j < n; j++) {
      const inRange = reverse ? (exclusive ? j > i : j >= i) : exclusive ? j < i : j <= i;
      if (!inRange) continue;
      coords[axis] = j;
      acc += x.data[ravel(coords, x.shape)];
    }
    data[idx] = acc;
  }
  return { shape: [...x.shape], data };
}

/** Stable sort order of each line along `axis` (NaN largest), as positions. */
export function sortOrder(x: NdArray, axis: number, descending: boolean): NdArray {
  const data = new Float64Array(x.data.length);
  const n = x.shape[axis];
  const lineShape = x.shape.map((d, i) => (i === axis ? 1 : d));
  for (let l = 0; l < numel(lineShape); l++) {
    const coords = unravel(l, lineShape);
    const at = (j: number): number => {
      coords[axis] = j;
      return ravel(coords, x.shape);
    };
    const key = (j: number): number => (Number.isNaN(x.data[at(j)]) ? Infinity : x.data[at(j)]);
    const isNaN = (j: number): boolean => Number.isNaN(x.data[at(j)]);
    // insertion sort: stable by construction
    const order: number[] = [];
    for (let j = 0; j < n; j++) {
      let pos = order.length;
      const before = (p: number): boolean => {
        if (isNaN(p) !== isNaN(j)) return descending ? isNaN(j) : isNaN(p);
        return descending ? key(j) > key(p) : key(j) < key(p);
      };
      while (pos > 0 && before(order[pos - 1])) pos--;
      order.splice(pos, 0, j);
    }
    order.forEach((src, j) => {
      data[at(j)] = src;
    });
  }
  return { shape: [...x.shape], data };
}
