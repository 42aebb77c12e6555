/** Data movement references: transpose, slice, pad, concat. */
import { numel, ravel, unravel, type NdArray } from './ndarray.js';

/** Output axis i takes input axis perm[i]. */
export function transpose(x: NdArray, perm: readonly number[]): NdArray {
  const shape = perm.map((p) => x.shape[p]);
  const data = new Float64Array(numel(shape));
  for (let i = 0; i < data.length; i++) {
    const oc = unravel(i, shape);
    const ic = new Array<number>(x.shape.length);
    perm.forEach((p, j) => { ic[p] = oc[j]; });
    data[i] = x.data[ravel(ic, x.shape)];
  }
  return { shape, data };
}

/** The box at `begin` of `size`. */
export function slice(x: NdArray, begin: readonly number[], size: readonly number[]): NdArray {
  const data = new Float64Array(numel(size));
  for (let i = 0; i < data.length; i++) {
    const c = unravel(i, size).map((v, ax) => v + begin[ax]);
    data[i] = x.data[ravel(c, x.shape)];
  }
  return { shape: [...size], data };
}

/** Constant padding with [before, after] per axis. */
export function pad(x: NdArray, pads: readonly (readonly [number, number])[], value: number): NdArray {
  const shape = x.shape.map((d, i) => d + pads[i][0] + pads[i][1]);
  const data = new Float64Array(numel(shape)).fill(value);
  for (let i = 0; i < x.data.length; i++) {
    const c = unravel(i, x.shape).map((v, ax) => v + pads[ax][0]);
    data[ravel(c, shape)] = x.data[i];
  }
  return { shape, data };
}

/** Join along `axis`. */
export function concat(xs: readonly NdArray[], axis: number): NdArray {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((n, x) => n + x.shape[axis], 0);
  const data = new Float64Array(numel(shape));
  let offset = 0;
  for (const x of xs) {
    for (let i = 0; i < x.data.length; i++) {
      const c = unravel(i, x.shape);
      c[axis] += offset;
      data[ravel(c, shape)] = x.data[i];
    }
    offset += x.shape[axis];
  }
  return { shape, data };
}
