/** Stable argsort along one axis on host arrays (backends that sort on the host share it). */
import type { TypedArray } from '../dtype.js';
import { sizeBetween } from './broadcast.js';

/** a before b in ascending order, NaN largest (0 = equal: the stable sort keeps their order). */
function ascending(a: number, b: number): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** int32 of x's shape: per line along `axis`, the source positions in sorted order. */
export function argsortLines(x: TypedArray, shape: readonly number[], axis: number, descending: boolean): Int32Array {
  const outer = sizeBetween(shape, 0, axis);
  const n = shape[axis];
  const inner = sizeBetween(shape, axis + 1, shape.length);
  const out = new Int32Array(x.length);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      for (let j = 0; j < n; j++) order[j] = j;
      order.sort((p, q) => {
        const c = ascending(x[base + p * inner], x[base + q * inner]);
        return (descending ? -c : c) || p - q;
      });
      for (let j = 0; j < n; j++) out[base + j * inner] = order[j];
    }
  }
  return out;
}
