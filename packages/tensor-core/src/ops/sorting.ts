/** Ordering along an axis: argsort (the backend primitive), sort, topk and takeAlongAxis. */
import { tidy } from '../engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { normalizeAxis, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add } from './binary.js';
import { cast } from './cast.js';
import { arange } from './creation.js';
import { gather } from './indexing.js';
import { reshape, transpose } from './layout.js';
import { describeValue } from '../describe-value.js';
import { assertTensor } from '../arguments.js';
import { backendOf, runKernel, wrap } from './run.js';
import { slice } from './slice.js';

/** Options of {@link sort} and {@link argsort}. */
export interface SortOptions {
  /** Axis to sort along (default −1). */
  readonly axis?: number;
  /** Largest first (default false). */
  readonly descending?: boolean;
}

/** Options of {@link topk}. */
export interface TopkOptions {
  /** Axis to pick along (default −1). */
  readonly axis?: number;
  /** The k largest (default true) or the k smallest. */
  readonly largest?: boolean;
}

/** Sorted values and their source positions. */
export interface ValuesAndIndices {
  /** The selected or sorted values, in the input's dtype. */
  readonly values: Tensor;
  /** Where each value came from along the axis (int32), same shape as `values`. */
  readonly indices: Tensor;
}

/** `options` as an object, or an ArgumentError naming `op` (null and non-objects are refused). */
function optionsOf<T extends object>(op: string, options: T | undefined, shape: string): T | Record<string, never> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new ArgumentError(op, `options must be ${shape}, got ${describeValue(options)}`);
  return options;
}

/** The permutation moving `axis` last, and its inverse. */
function axisLast(rank: number, axis: number): [number[], number[]] {
  const perm = [...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis), axis];
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return [perm, inverse];
}

/**
 * x[..., indices[..., j, ...], ...] along `axis` (PyTorch's `gather`, NumPy's `take_along_axis`):
 * x [...pre, D, ...post], int32 indices [...pre, K, ...post] → [...pre, K, ...post]. Differentiable in x.
 */
export function takeAlongAxis(x: Tensor, indices: Tensor, axis: number): Tensor {
  const op = 'takeAlongAxis';
  assertTensor(op, x, 'x');
  assertTensor(op, indices, 'indices');
  backendOf(op, [x, indices]);
  const ax = normalizeAxis(op, axis, x.rank);
  if (indices.dtype !== 'int32') throw new DTypeError(op, `indices must be int32, got ${indices.dtype} ${fmtShape(indices.shape)}`);
  if (indices.rank !== x.rank || indices.shape.some((d, i) => i !== ax && d !== x.shape[i])) {
    throw new ShapeError(op, `indices ${fmtShape(indices.shape)} must match x ${fmtShape(x.shape)} except along axis ${ax}`);
  }
  return tidy(() => {
    const [perm, inverse] = axisLast(x.rank, ax);
    const D = x.shape[ax];
    const K = indices.shape[ax];
    const xt = transpose(x, perm);
    const it = transpose(indices, perm);
    const rows = sizeOf(xt.shape.slice(0, -1));
    const flatIndex = add(reshape(it, [rows, K]), reshape(arange(0, rows * D, D, 'int32'), [rows, 1]));
    const picked = gather(reshape(xt, [rows * D]), reshape(flatIndex, [rows * K]), 0);
    return transpose(reshape(picked, [...xt.shape.slice(0, -1), K]), inverse);
  });
}

/** Stable sort order along an axis: x [...] → int32 [...] of source positions (NaN counts as largest). */
export function argsort(x: Tensor, options: SortOptions = {}): Tensor {
  const op = 'argsort';
  assertTensor(op, x, 'x');
  const backend = backendOf(op, [x]);
  const o: SortOptions = optionsOf(op, options, '{ axis?, descending? }');
  if (x.rank === 0) throw new ShapeError(op, `needs a tensor of rank >= 1, got ${x.dtype} ${fmtShape(x.shape)}`);
  const ax = normalizeAxis(op, o.axis ?? -1, x.rank);
  const input = x.dtype === 'bool' ? cast(x, 'int32') : x;
  const descending = o.descending ?? false;
  try {
    return runKernel('argsort', [input], { axis: ax, descending }, () => wrap(backend, backend.argsort(input, ax, descending), x.shape, 'int32'));
  } finally {
    if (input !== x) input.dispose();
  }
}

/** Stable sort along an axis: x [...] → { values [...], indices int32 [...] }; values are differentiable. */
export function sort(x: Tensor, options: SortOptions = {}): ValuesAndIndices {
  const o: SortOptions = optionsOf('sort', options, '{ axis?, descending? }');
  const indices = argsort(x, o);
  const values = takeAlongAxis(x, indices, o.axis ?? -1);
  return { values, indices };
}

/**
 * The k largest (or smallest) entries along an axis, in sorted order, ties to the lower position:
 * x [...pre, D, ...post] → { values [...pre, k, ...post], indices int32 [...pre, k, ...post] }.
 */
export function topk(x: Tensor, k: number, options: TopkOptions = {}): ValuesAndIndices {
  const op = 'topk';
  assertTensor(op, x, 'x');
  backendOf(op, [x]);
  const o: TopkOptions = optionsOf(op, options, '{ axis?, largest? }');
  if (x.rank === 0) throw new ShapeError(op, `needs a tensor of rank >= 1, got ${x.dtype} ${fmtShape(x.shape)}`);
  const ax = normalizeAxis(op, o.axis ?? -1, x.rank);
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > x.shape[ax]) {
    throw new ArgumentError(op, `k must be an integer in [0, ${x.shape[ax]}] for ${fmtShape(x.shape)} along axis ${ax}, got ${k}`);
  }
  const order = argsort(x, { axis: ax, descending: o.largest ?? true });
  const size = [...x.shape];
  size[ax] = k;
  const indices = slice(order, x.shape.map(() => 0), size);
  order.dispose();
  return { values: takeAlongAxis(x, indices, ax), indices };
}
