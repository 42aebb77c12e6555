/** Changing how elements are arranged: reshape, transpose, expandDims, squeeze, broadcastTo. */
import { tidy } from '../engine.js';
import { ArgumentError, ShapeError, fmtShape } from '../errors.js';
import { assertValidShape, broadcastShapes, inferReshape, normalizeAxes, normalizeAxis, shapesEqual } from '../shape.js';
import { describeValue } from '../describe-value.js';
import { assertTensor } from '../arguments.js';
import { checkAllocation } from '../allocation.js';
import { Tensor } from '../tensor.js';
import { backendOf, runKernel, wrap } from './run.js';

/** Same elements, new shape: x [...] → [...shape] (one dimension may be -1, same size). Shares the buffer: no copy. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  backendOf('reshape', [x]);
  const target = inferReshape('reshape', x.shape, shape);
  return runKernel('reshape', [x], { shape: target }, () => new Tensor(x.storage.retain(), target));
}

/** Permute dimensions: x [d0, d1, ...] → [d(perm[0]), d(perm[1]), ...] (default: swap the last two; rank < 2 unchanged). */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const backend = backendOf('transpose', [x]);
  if (perm !== undefined && !Array.isArray(perm)) throw new ArgumentError('transpose', `perm must be an array of axes, got ${describeValue(perm)}`);
  const p = perm ?? (x.rank < 2 ? [] : [...Array.from({ length: x.rank - 2 }, (_, i) => i), x.rank - 1, x.rank - 2]);
  if (x.rank < 2 && perm === undefined) return reshape(x, x.shape);
  if (p.length !== x.rank || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
    throw new ShapeError('transpose', `perm [${p.join(',')}] is not a permutation of the ${x.rank} axes of ${fmtShape(x.shape)}`);
  }
  const shape = p.map((a) => x.shape[a]);
  if (p.every((v, i) => v === i)) return reshape(x, shape);
  return runKernel('transpose', [x], { perm: p }, () => wrap(backend, backend.transpose(x, p, shape), shape, x.dtype));
}

/** Reorder dimensions: permute(x, 0, 2, 1) takes [A, B, C] → [A, C, B]. */
export function permute(x: Tensor, ...dims: number[]): Tensor {
  assertTensor('permute', x);
  return transpose(x, dims.map((d) => normalizeAxis('permute', d, x.rank)));
}

/** Insert a size-1 dimension at `axis` (−rank−1 ≤ axis ≤ rank): [...pre, ...post] → [...pre, 1, ...post]. */
export function expandDims(x: Tensor, axis: number): Tensor {
  assertTensor('expandDims', x);
  const ax = normalizeAxis('expandDims', axis, x.rank + 1);
  const shape = [...x.shape];
  shape.splice(ax, 0, 1);
  return reshape(x, shape);
}

/** Remove size-1 dimensions (all of them, or the given axes, which must have size 1): [A, 1, B] → [A, B]. */
export function squeeze(x: Tensor, axes?: number | readonly number[]): Tensor {
  assertTensor('squeeze', x);
  const list = axes === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes('squeeze', axes, x.rank);
  for (const a of list) {
    if (x.shape[a] !== 1) throw new ShapeError('squeeze', `axis ${a} of shape ${fmtShape(x.shape)} has size ${x.shape[a]}, not 1`);
  }
  return reshape(x, x.shape.filter((_, i) => !list.includes(i)));
}

/** Repeat size-1 dimensions (and prepend new ones) to reach `shape`, NumPy-style: x [...] → [...shape]. */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const backend = backendOf('broadcastTo', [x]);
  assertValidShape('broadcastTo', shape);
  if (shape.length < x.rank || !shapesEqual(broadcastShapes('broadcastTo', x.shape, shape), shape)) {
    throw new ShapeError('broadcastTo', `cannot broadcast ${fmtShape(x.shape)} to ${fmtShape(shape)}`);
  }
  if (shapesEqual(x.shape, shape)) return reshape(x, shape);
  checkAllocation('broadcastTo', backend, shape, x.dtype);
  return tidy(() => {
    const lifted = x.rank === shape.length ? x : reshape(x, [...new Array<number>(shape.length - x.rank).fill(1), ...x.shape]);
    return runKernel('broadcastTo', [lifted], { shape: [...shape] }, () => wrap(backend, backend.broadcastTo(lifted, shape), shape, x.dtype));
  });
}

/** Flatten dims startDim..endDim into one: [...pre, a, ..., b, ...post] → [...pre, a·…·b, ...post] (rank 0 → [1]). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  assertTensor('flatten', x);
  if (x.rank === 0) return reshape(x, [1]);
  const s = normalizeAxis('flatten', startDim, x.rank);
  const e = normalizeAxis('flatten', endDim, x.rank);
  if (s > e) throw new ArgumentError('flatten', `startDim ${startDim} comes after endDim ${endDim}`);
  const merged = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}
