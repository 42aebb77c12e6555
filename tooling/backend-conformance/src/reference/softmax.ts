/** Softmax and log-softmax along one axis in float64. */
import { numel, ravel, unravel, type NdArray } from './ndarray.js';

function alongAxis(x: NdArray, axis: number, f: (row: number[]) => number[]): NdArray {
  const outer = x.shape.filter((_, i) => i !== axis);
  const data = new Float64Array(x.data.length);
  for (let o = 0; o < numel(outer); o++) {
    const oc = unravel(o, outer);
    const pos = (k: number): number => ravel([...oc.slice(0, axis), k, ...oc.slice(axis)], x.shape);
    const row = Array.from({ length: x.shape[axis] }, (_, k) => x.data[pos(k)]);
    f(row).forEach((v, k) => { data[pos(k)] = v; });
  }
  return { shape: [...x.shape], data };
}

/** exp(x − max) / Σ exp(x − max). */
export function softmax(x: NdArray, axis: number): NdArray {
  return alongAxis(x, axis, (row) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
}

/** x − max − log Σ exp(x − max). */
export function logSoftmax(x: NdArray, axis: number): NdArray {
  return alongAxis(x, axis, (row) => {
    const m = Math.max(...row);
    const lse = Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
    return row.map((v) => v - m - lse);
  });
}
