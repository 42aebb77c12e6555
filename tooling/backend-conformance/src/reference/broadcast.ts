/** NumPy broadcasting, written independently of tensor-core. */
import { at, numel, unravel, type NdArray } from './ndarray.js';

/** Broadcast result shape, or null when the shapes are incompatible. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** The value of `x` seen at output coordinates `coords` after broadcasting. */
export function broadcastAt(x: NdArray, coords: readonly number[]): number {
  const offset = coords.length - x.shape.length;
  const own = x.shape.map((d, i) => (d === 1 ? 0 : coords[offset + i]));
  return at(x, own);
}

/** Broadcast `x` to `shape`. */
export function broadcastTo(x: NdArray, shape: readonly number[]): NdArray {
  const data = new Float64Array(numel(shape));
  for (let i = 0; i < data.length; i++) data[i] = broadcastAt(x, unravel(i, shape));
  return { shape: [...shape], data };
}

/** Elementwise f(a, b) with broadcasting. */
export function zipBroadcast(a: NdArray, b: NdArray, f: (x: number, y: number) => number): NdArray {
  const shape = broadcastShape(a.shape, b.shape);
  if (!shape) throw new Error(`reference: [${a.shape.join(',')}] and [${b.shape.join(',')}] do not broadcast`);
  const data = new Float64Array(numel(shape));
  for (let i = 0; i < data.length; i++) {
    const c = unravel(i, shape);
    data[i] = f(broadcastAt(a, c), broadcastAt(b, c));
  }
  return { shape, data };
}

/** Elementwise f(x). */
export function mapValues(x: NdArray, f: (v: number) => number): NdArray {
  return { shape: [...x.shape], data: x.data.map(f) };
}
