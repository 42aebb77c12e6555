/** Index-driven ops: gather (embedding lookup), scatterAdd (its gradient) and oneHot. */
import { tidy } from '../engine.js';
import { assertTensor } from '../arguments.js';
import { describeValue } from '../describe-value.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { normalizeAxis, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { equal } from './binary.js';
import { cast } from './cast.js';
import { arange } from './creation.js';
import { expandDims } from './layout.js';
import { backendOf, runKernel, wrap } from './run.js';
import { checkAllocation } from '../allocation.js';
import { deferIndexCheck } from '../device-checks.js';

/** An index found outside its range by {@link findIndexOutside}. */
export interface IndexOutside {
  /** The offending index value. */
  readonly value: number;
  /** Its flat (row-major) position in the indices tensor. */
  readonly position: number;
}

/**
 * Where int32 `indices` [...] (any shape) first leaves [0, limit − 1]: `null` when every value
 * lies inside, else the value and its flat position; `'unreadable'` when the backend cannot read
 * synchronously. The range found is remembered on the storage, so checking the same indices again
 * (a loss's labels, then their one-hot, then its gradient) reads nothing back.
 */
export function findIndexOutside(indices: Tensor, limit: number): IndexOutside | null | 'unreadable' {
  const op = 'findIndexOutside';
  assertTensor(op, indices, 'indices');
  indices.assertAlive(op);
  if (indices.dtype !== 'int32') throw new DTypeError(op, `indices must be int32, got ${indices.dtype} ${fmtShape(indices.shape)}`);
  if (!Number.isInteger(limit) || limit < 0) throw new ArgumentError(op, `limit must be a non-negative integer, got ${describeValue(limit)}`);
  const storage = indices.storage;
  if (storage.indexBound !== 0 && storage.indexBound <= limit) return null;
  const readSync = indices.backend.readSync;
  if (!readSync) return 'unreadable';
  const values = readSync.call(indices.backend, indices.dataId);
  let bound = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v >= limit) return { value: v, position: i };
    if (v >= bound) bound = v + 1;
  }
  storage.indexBound = Math.max(bound, 1);
  return null;
}

/**
 * Check int32 indices lie in [0, limit). Backends that can read synchronously are checked
 * eagerly (once per buffer: see findIndexOutside); on asynchronous ones (WebGPU) the check runs on
 * the device and a bad index is reported, naming this op, by the next read on that backend (see
 * device-checks.ts). The kernel itself treats an out-of-range index as contributing zero, so
 * nothing outside the buffers is touched.
 */
function checkIndices(op: string, indices: Tensor, limit: number): void {
  if (indices.dtype !== 'int32') throw new DTypeError(op, `indices must be int32, got ${indices.dtype} ${fmtShape(indices.shape)}`);
  if (indices.size === 0) return;
  const outside = findIndexOutside(indices, limit);
  if (outside === 'unreadable') deferIndexCheck(op, indices, limit);
  else if (outside !== null) throw new ArgumentError(op, `index ${outside.value} at position ${outside.position} is out of range [0, ${limit})`);
}

/** Take slices of `x` along `axis` at `indices`: x [...pre, D, ...post], indices [...I] → [...pre, ...I, ...post]. */
export function gather(x: Tensor, indices: Tensor, axis = 0): Tensor {
  const op = 'gather';
  const backend = backendOf(op, [x, indices]);
  const ax = normalizeAxis(op, axis, x.rank);
  checkIndices(op, indices, x.shape[ax]);
  const shape = [...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)];
  checkAllocation(op, backend, shape, x.dtype);
  return runKernel(op, [x, indices], { axis: ax }, () => wrap(backend, backend.gather(x, indices, ax, shape), shape, x.dtype));
}

/**
 * x [...pre, D, ...post], indices [...I], updates [...pre, ...I, ...post] → same shape as x: a copy of `x` where,
 * for each position j of `indices`, `updates[..., j, ...]` is added into `x[..., indices[j], ...]` along `axis`
 * (duplicates accumulate). The inverse of gather.
 */
export function scatterAdd(x: Tensor, indices: Tensor, updates: Tensor, axis = 0): Tensor {
  const op = 'scatterAdd';
  const backend = backendOf(op, [x, indices, updates]);
  const ax = normalizeAxis(op, axis, x.rank);
  checkIndices(op, indices, x.shape[ax]);
  const expected = [...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)];
  if (!shapesEqual(updates.shape, expected)) {
    throw new ShapeError(op, `updates ${fmtShape(updates.shape)} should have shape ${fmtShape(expected)} for x ${fmtShape(x.shape)}, indices ${fmtShape(indices.shape)}, axis ${ax}`);
  }
  if (updates.dtype !== x.dtype) throw new DTypeError(op, `updates dtype ${updates.dtype} differs from x dtype ${x.dtype}`);
  return runKernel(op, [x, indices, updates], { axis: ax }, () => wrap(backend, backend.scatterAdd(x, indices, updates, ax), x.shape, x.dtype));
}

/**
 * One-hot rows: int32 `indices` of any shape → float32 [...shape, depth]. An index outside
 * [0, depth) (negative included) is an ArgumentError, as in PyTorch: at the call on backends that
 * read synchronously, at the next read on asynchronous ones (WebGPU).
 */
export function oneHot(indices: Tensor, depth: number): Tensor {
  if (indices.dtype !== 'int32') throw new DTypeError('oneHot', `indices must be int32, got ${indices.dtype}`);
  if (!Number.isInteger(depth) || depth <= 0) throw new ArgumentError('oneHot', `depth must be a positive integer, got ${depth}`);
  checkIndices('oneHot', indices, depth);
  return tidy(() => cast(equal(expandDims(indices, -1), arange(0, depth, 1, 'int32')), 'float32'));
}
