/** gather and scatterAdd along an axis. */
import { numel, ravel, unravel, type NdArray } from './ndarray.js';

/** out[..., j..., ...] = x[..., indices[j...], ...]. */
export function gather(x: NdArray, indices: NdArray, axis: number): NdArray {
  const ir = indices.shape.length;
  const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const data = new Float64Array(numel(shape));
  for (let i = 0; i < data.length; i++) {
    const c = unravel(i, shape);
    const idx = indices.data[ravel(c.slice(axis, axis + ir), indices.shape)];
    data[i] = x.data[ravel([...c.slice(0, axis), idx, ...c.slice(axis + ir)], x.shape)];
  }
  return { shape, data };
}

/** Copy of x with updates added at the gathered positions (duplicates accumulate). */
export function scatterAdd(x: NdArray, indices: NdArray, updates: NdArray, axis: number): NdArray {
  const ir = indices.shape.length;
  const data = Float64Array.from(x.data);
  for (let i = 0; i < updates.data.length; i++) {
    const c = unravel(i, updates.shape);
    const idx = indices.data[ravel(c.slice(axis, axis + ir), indices.shape)];
    data[ravel([...c.slice(0, axis), idx, ...c.slice(axis + ir)], x.shape)] += updates.data[i];
  }
  return { shape: [...x.shape], data };
}
