/** Creating tensors from values, constants, ranges and random draws. */
import type { Backend } from '../backend.js';
import { allocHostArray, isDType, type DType, type TypedArray } from '../dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { getBackend } from '../registry.js';
import { globalRng, type Rng } from '../rng.js';
import { assertValidShape, sizeOf } from '../shape.js';
import type { Tensor} from '../tensor.js';
import { type NestedArray } from '../tensor.js';
import { backendOf, wrap } from './run.js';
import { describeValue } from '../describe-value.js';

function checkDTypeOnBackend(op: string, backend: Backend, dtype: DType): void {
  if (!isDType(dtype)) throw new DTypeError(op, `unknown dtype '${String(dtype)}'`);
  if (dtype === 'float64' && !backend.supportsFloat64) {
    throw new DTypeError(op, `backend '${backend.name}' does not support float64`);
  }
}

function dtypeOfArray(values: TypedArray): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Float64Array) return 'float64';
  return 'bool';
}

function inferShape(op: string, values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  return shape;
}

function flatten(op: string, values: NestedArray, shape: readonly number[], out: number[], dim = 0): void {
  if (dim === shape.length) {
    if (Array.isArray(values)) throw new ShapeError(op, `ragged nested array: expected a scalar at depth ${dim} for shape ${fmtShape(shape)}`);
    out.push(typeof values === 'boolean' ? (values ? 1 : 0) : values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[dim]) {
    throw new ShapeError(op, `ragged nested array: expected length ${shape[dim]} at depth ${dim} for shape ${fmtShape(shape)}`);
  }
  for (const v of values) flatten(op, v, shape, out, dim + 1);
}

function containsBoolean(values: NestedArray): boolean {
  if (typeof values === 'boolean') return true;
  return Array.isArray(values) && values.length > 0 && containsBoolean(values[0]);
}

/** Copy host values into a typed array of `dtype` (bool: non-zero → 1, int32: truncated). */
function convert(values: ArrayLike<number>, dtype: DType): TypedArray {
  const out = allocHostArray(dtype, values.length);
  if (dtype === 'bool') for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  else out.set(values);
  return out;
}

/**
 * A tensor from values: nested arrays → their nesting shape [d0, d1, ...], a flat or typed array → [length],
 * a number → [] (rank 0); a given `shape` (same element count) overrides it → [...shape].
 * Default dtype: the typed array's, bool for booleans, else float32.
 */
export function tensor(values: NestedArray | TypedArray | readonly number[], shape?: readonly number[], dtype?: DType): Tensor {
  const op = 'tensor';
  const backend = getBackend();
  let flat: ArrayLike<number>;
  let inferredShape: number[];
  let inferredDType: DType;
  if (ArrayBuffer.isView(values)) {
    flat = values;
    inferredShape = [values.length];
    inferredDType = dtypeOfArray(values);
  } else {
    inferredShape = inferShape(op, values as NestedArray);
    const out: number[] = [];
    flatten(op, values as NestedArray, inferredShape, out);
    flat = out;
    inferredDType = containsBoolean(values as NestedArray) ? 'bool' : 'float32';
  }
  const finalShape = shape ?? inferredShape;
  assertValidShape(op, finalShape);
  if (sizeOf(finalShape) !== flat.length) {
    throw new ShapeError(op, `${flat.length} values do not fill shape ${fmtShape(finalShape)} (${sizeOf(finalShape)} elements)`);
  }
  const finalDType = dtype ?? inferredDType;
  checkDTypeOnBackend(op, backend, finalDType);
  const host = ArrayBuffer.isView(values) && dtypeOfArray(values) === finalDType ? values : convert(flat, finalDType);
  return wrap(backend, backend.write(host, finalDType), finalShape, finalDType);
}

/** A rank-0 tensor: value → shape []. */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return tensor(value, [], dtype);
}

/** Throws unless `value` is a number or a boolean (what a fill can hold). */
function checkFillValue(op: string, value: unknown): void {
  if (typeof value !== 'number' && typeof value !== 'boolean') throw new ArgumentError(op, `fill value must be a number or a boolean, got ${describeValue(value)}`);
}

function filled(op: string, shape: readonly number[], value: number, dtype: DType): Tensor {
  const backend = getBackend();
  assertValidShape(op, shape);
  checkDTypeOnBackend(op, backend, dtype);
  checkFillValue(op, value);
  return wrap(backend, backend.fill(sizeOf(shape), Number(value), dtype), shape, dtype);
}

/** A tensor of `shape` filled with `value`: → [...shape]. */
export function full(shape: readonly number[], value: number, dtype: DType = 'float32'): Tensor {
  return filled('full', shape, value, dtype);
}

/** All zeros: → [...shape]. */
export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return filled('zeros', shape, 0, dtype);
}

/** All ones: → [...shape]. */
export function ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return filled('ones', shape, 1, dtype);
}

/** Filled with `value` on t's backend: t [...] → same shape (and dtype unless given). */
export function fullLike(t: Tensor, value: number, dtype?: DType): Tensor {
  const backend = backendOf('fullLike', [t]);
  const type = dtype ?? t.dtype;
  checkDTypeOnBackend('fullLike', backend, type);
  checkFillValue('fullLike', value);
  return wrap(backend, backend.fill(t.size, Number(value), type), t.shape, type);
}

/** Zeros like `t`: t [...] → same shape. */
export function zerosLike(t: Tensor, dtype?: DType): Tensor {
  return fullLike(t, 0, dtype);
}

/** Ones like `t`: t [...] → same shape. */
export function onesLike(t: Tensor, dtype?: DType): Tensor {
  return fullLike(t, 1, dtype);
}

function fromHost(op: string, values: TypedArray, shape: readonly number[], dtype: DType): Tensor {
  const backend = getBackend();
  checkDTypeOnBackend(op, backend, dtype);
  return wrap(backend, backend.write(values, dtype), shape, dtype);
}

/** Values start, start+step, ... below stop (like numpy.arange) → [ceil((stop − start) / step)]. `arange(n)` counts 0..n-1. */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): Tensor {
  for (const [name, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
    if (v !== undefined && typeof v !== 'number') throw new ArgumentError('arange', `${name} must be a number, got ${describeValue(v)}`);
  }
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step)) throw new ArgumentError('arange', `step must be a non-zero finite number, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const type = dtype ?? (Number.isInteger(start) && Number.isInteger(step) ? 'int32' : 'float32');
  const host = allocHostArray(type, n);
  for (let i = 0; i < n; i++) host[i] = start + i * step;
  return fromHost('arange', host, [n], type);
}

/** `num` evenly spaced values from start to stop inclusive → [num]. */
export function linspace(start: number, stop: number, num: number, dtype: DType = 'float32'): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new ArgumentError('linspace', `num must be a non-negative integer, got ${num}`);
  const host = allocHostArray(dtype, num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) host[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return fromHost('linspace', host, [num], dtype);
}

/** Identity matrix → [n, m] (m defaults to n). */
export function eye(n: number, m = n, dtype: DType = 'float32'): Tensor {
  assertValidShape('eye', [n, m]);
  const host = allocHostArray(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) host[i * m + i] = 1;
  return fromHost('eye', host, [n, m], dtype);
}

/** Options for random tensors. */
export interface RandomOptions {
  readonly dtype?: DType;
  /** Generator to draw from; defaults to the global one (see `seed`). */
  readonly rng?: Rng;
}

/** Uniform samples in the interval from low (inclusive) to high (exclusive) → [...shape]. */
export function rand(shape: readonly number[], low = 0, high = 1, options: RandomOptions = {}): Tensor {
  assertValidShape('rand', shape);
  const rng = options.rng ?? globalRng;
  const dtype = options.dtype ?? 'float32';
  const host = allocHostArray(dtype, sizeOf(shape));
  for (let i = 0; i < host.length; i++) host[i] = low + (high - low) * rng.uniform();
  return fromHost('rand', host, shape, dtype);
}

/** Normal samples with the given mean and standard deviation → [...shape]. */
export function randn(shape: readonly number[], mean = 0, std = 1, options: RandomOptions = {}): Tensor {
  assertValidShape('randn', shape);
  const rng = options.rng ?? globalRng;
  const dtype = options.dtype ?? 'float32';
  const host = allocHostArray(dtype, sizeOf(shape));
  for (let i = 0; i < host.length; i++) host[i] = mean + std * rng.normal();
  return fromHost('randn', host, shape, dtype);
}

/** Integers uniform from low (inclusive) to high (exclusive), int32 → [...shape]. */
export function randint(low: number, high: number, shape: readonly number[], options: { readonly rng?: Rng } = {}): Tensor {
  assertValidShape('randint', shape);
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ArgumentError('randint', `need integers low < high, got low=${low} high=${high}`);
  }
  const rng = options.rng ?? globalRng;
  const host = new Int32Array(sizeOf(shape));
  for (let i = 0; i < host.length; i++) host[i] = rng.int(low, high);
  return fromHost('randint', host, shape, 'int32');
}

/** Copy `t` to another registered, initialised backend: t [...] → same shape. */
export async function toBackend(t: Tensor, backend: Backend): Promise<Tensor> {
  const values = await t.data();
  checkDTypeOnBackend('toBackend', backend, t.dtype);
  return wrap(backend, backend.write(values, t.dtype), t.shape, t.dtype);
}
