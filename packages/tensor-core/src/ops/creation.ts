/** Creating tensors from values, constants, ranges and random draws. */
import type { Backend } from '../backend.js';
import { allocHostArray, isDType, type DType, type TypedArray } from '../dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { getBackend } from '../registry.js';
import { globalRng, type Rng } from '../rng.js';
import { assertValidShape, sizeOf } from '../shape.js';
import type { Tensor} from '../tensor.js';
import { type NestedArray } from '../tensor.js';
import { parseValues } from './tensor-values.js';
import { backendOf, wrap } from './run.js';
import { checkAllocation } from '../allocation.js';
import { describeValue } from '../describe-value.js';
import { assertTensor } from '../arguments.js';

function checkDTypeOnBackend(op: string, backend: Backend, dtype: DType): void {
  if (!isDType(dtype)) throw new DTypeError(op, `unknown dtype '${String(dtype)}'`);
  if (dtype === 'float64' && !backend.supportsFloat64) {
    throw new DTypeError(op, `backend '${backend.name}' does not support float64`);
  }
}

/** Copy host values into a typed array of `dtype` (bool: non-zero → 1, int32: truncated). */
function convert(values: ArrayLike<number>, dtype: DType): TypedArray {
  const out = allocHostArray(dtype, values.length);
  if (dtype === 'bool') for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  else out.set(values);
  return out;
}

/** The values `tensor()` takes: a number or boolean, nested arrays of them, or a typed array. */
export type TensorValues = NestedArray | TypedArray | Int8Array | Int16Array | Uint16Array | Uint32Array | Uint8ClampedArray | readonly number[];

/** Options of `tensor()`. */
export interface TensorOptions {
  /** Element type (default: the typed array's, bool when every value is a boolean, else float32). */
  readonly dtype?: DType;
  /** Shape to give the values (same element count); default: their nesting. */
  readonly shape?: readonly number[];
}

/** A dtype, or an options object holding one: how every constructor takes its dtype. */
export type DTypeOption = DType | {
  /** The element type (default: the constructor's own, usually float32). */
  readonly dtype?: DType;
};

/** The dtype a constructor was given (a dtype, `{ dtype }` or nothing); anything else is a DTypeError naming `op`. */
function dtypeFrom(op: string, option: DTypeOption | undefined, fallback: DType): DType {
  if (option === undefined) return fallback;
  if (typeof option === 'string') return option;
  if (typeof option === 'object' && option !== null && !Array.isArray(option)) return option.dtype ?? fallback;
  throw new DTypeError(op, `expected a dtype or { dtype }, got ${describeValue(option)}`);
}

function tensorOptions(op: string, second: unknown, third: unknown): TensorOptions {
  if (second === undefined || Array.isArray(second)) return { shape: second as readonly number[] | undefined, dtype: third as DType | undefined };
  if (third !== undefined) throw new ArgumentError(op, 'a third argument is only taken after a shape: tensor(values, shape, dtype) or tensor(values, { shape, dtype })');
  if (typeof second === 'string') return { dtype: second as DType };
  if (typeof second === 'object' && second !== null) {
    const unknown = Object.keys(second).filter((k) => k !== 'dtype' && k !== 'shape');
    if (unknown.length) throw new ArgumentError(op, `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; tensor() takes { dtype, shape }`);
    return second as TensorOptions;
  }
  throw new ArgumentError(op, `the second argument must be a shape array, a dtype or { dtype, shape }, got ${typeof second}`);
}

/**
 * A tensor from values: nested arrays → their nesting shape [d0, d1, ...], a flat or typed array → [length],
 * a number → [] (rank 0); a given `shape` (same element count) overrides it → [...shape].
 * Default dtype: the typed array's (Int8/Int16/Uint16/Uint32 → int32, Uint8 → bool), bool when every
 * value is a boolean, else float32. Called as `tensor(values, { dtype, shape })`, `tensor(values, dtype)`
 * or `tensor(values, shape, dtype)`. Strings, undefined, tensors inside an array and ragged arrays are
 * refused with an error naming the element (join tensors with `stack`).
 *
 * @example
 * ```ts
 * import { tensor } from '@nabla/tensor-core';
 *
 * const a = tensor([[1, 2], [3, 4]]);                 // shape [2, 2], float32
 * const b = tensor(new Int32Array([1, 2, 3, 4]), [2, 2]); // int32, reshaped
 * const c = tensor([true, false]);                    // bool [2]
 * console.log(a.shape, b.dtype, c.dtype);            // [2, 2] 'int32' 'bool'
 * ```
 */
export function tensor(values: TensorValues, options?: TensorOptions | DType): Tensor;
/** The positional form: `tensor(values, shape, dtype)`. */
export function tensor(values: TensorValues, shape?: readonly number[], dtype?: DType): Tensor;
export function tensor(values: TensorValues, second?: TensorOptions | DType | readonly number[], third?: DType): Tensor {
  const op = 'tensor';
  const { shape, dtype } = tensorOptions(op, second, third);
  const backend = getBackend();
  const parsed = parseValues(values);
  const finalShape = shape ?? parsed.shape;
  assertValidShape(op, finalShape);
  if (sizeOf(finalShape) !== parsed.flat.length) {
    throw new ShapeError(op, `${parsed.flat.length} values do not fill shape ${fmtShape(finalShape)} (${sizeOf(finalShape)} elements)`);
  }
  const finalDType = dtype ?? parsed.dtype;
  checkDTypeOnBackend(op, backend, finalDType);
  checkAllocation(op, backend, finalShape, finalDType);
  // a typed array already in the dtype's storage goes to the backend as is; bytes of a bool array are normalised to 0/1 first
  const host = parsed.typed && parsed.dtype === finalDType && finalDType !== 'bool' ? parsed.typed : convert(parsed.flat, finalDType);
  return wrap(backend, backend.write(host, finalDType), finalShape, finalDType);
}

/** A rank-0 tensor: value → shape []. */
export function scalar(value: number | boolean, dtype?: DTypeOption): Tensor {
  return tensor(value, [], dtype === undefined ? undefined : dtypeFrom('scalar', dtype, 'float32'));
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
  checkAllocation(op, backend, shape, dtype);
  return wrap(backend, backend.fill(sizeOf(shape), Number(value), dtype), shape, dtype);
}

/** A tensor of `shape` filled with `value` (like torch.full): → [...shape]. */
export function full(shape: readonly number[], value: number, dtype: DTypeOption = 'float32'): Tensor {
  return filled('full', shape, value, dtypeFrom('full', dtype, 'float32'));
}

/** All zeros: → [...shape]. */
export function zeros(shape: readonly number[], dtype: DTypeOption = 'float32'): Tensor {
  return filled('zeros', shape, 0, dtypeFrom('zeros', dtype, 'float32'));
}

/** All ones: → [...shape]. */
export function ones(shape: readonly number[], dtype: DTypeOption = 'float32'): Tensor {
  return filled('ones', shape, 1, dtypeFrom('ones', dtype, 'float32'));
}

/** Filled with `value` on t's backend: t [...] → same shape (and dtype unless given). */
export function fullLike(t: Tensor, value: number, dtype?: DTypeOption): Tensor {
  const backend = backendOf('fullLike', [t]);
  const type = dtypeFrom('fullLike', dtype, t.dtype);
  checkDTypeOnBackend('fullLike', backend, type);
  checkFillValue('fullLike', value);
  checkAllocation('fullLike', backend, t.shape, type);
  return wrap(backend, backend.fill(t.size, Number(value), type), t.shape, type);
}

/** Zeros like `t`: t [...] → same shape. */
export function zerosLike(t: Tensor, dtype?: DTypeOption): Tensor {
  return fullLike(t, 0, dtype);
}

/** Ones like `t`: t [...] → same shape. */
export function onesLike(t: Tensor, dtype?: DTypeOption): Tensor {
  return fullLike(t, 1, dtype);
}

/** Throws an OutOfMemoryError before a host array for a `dtype` tensor of `shape` is even built. */
function checkHostAllocation(op: string, shape: readonly number[], dtype: DType): void {
  checkAllocation(op, getBackend(), shape, dtype);
}

function fromHost(op: string, values: TypedArray, shape: readonly number[], dtype: DType, backend: Backend = getBackend()): Tensor {
  checkDTypeOnBackend(op, backend, dtype);
  return wrap(backend, backend.write(values, dtype), shape, dtype);
}

/**
 * Values start, start+step, ... below stop (like torch.arange) → [ceil((stop − start) / step)].
 * `arange(n)` counts 0..n-1. Default dtype: int32 when start and step are integers, else float32.
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DTypeOption): Tensor {
  for (const [name, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
    if (v !== undefined && typeof v !== 'number') throw new ArgumentError('arange', `${name} must be a number, got ${describeValue(v)}`);
  }
  if (stop === undefined) [start, stop] = [0, start];
  for (const [name, v] of [['start', start], ['stop', stop]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError('arange', `${name} must be a finite number, got ${String(v)}`);
  }
  if (step === 0 || !Number.isFinite(step)) throw new ArgumentError('arange', `step must be a non-zero finite number, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const type = dtypeFrom('arange', dtype, Number.isInteger(start) && Number.isInteger(step) ? 'int32' : 'float32');
  checkHostAllocation('arange', [n], type);
  const host = allocHostArray(type, n);
  for (let i = 0; i < n; i++) host[i] = start + i * step;
  return fromHost('arange', host, [n], type);
}

/** `steps` evenly spaced values from start to end inclusive (like torch.linspace) → [steps]. */
export function linspace(start: number, end: number, steps: number, dtype: DTypeOption = 'float32'): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ArgumentError('linspace', `steps must be a non-negative integer, got ${steps}`);
  const type = dtypeFrom('linspace', dtype, 'float32');
  checkHostAllocation('linspace', [steps], type);
  const host = allocHostArray(type, steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  for (let i = 0; i < steps; i++) host[i] = i === steps - 1 && steps > 1 ? end : start + i * step;
  return fromHost('linspace', host, [steps], type);
}

/** Identity matrix (like torch.eye): → [n, m], m defaults to n; `eye(n, { dtype })` also works. */
export function eye(n: number, m?: number | DTypeOption, dtype?: DTypeOption): Tensor {
  const cols = typeof m === 'number' ? m : n;
  const type = dtypeFrom('eye', typeof m === 'number' || m === undefined ? dtype : m, 'float32');
  assertValidShape('eye', [n, cols]);
  checkHostAllocation('eye', [n, cols], type);
  const host = allocHostArray(type, n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) host[i * cols + i] = 1;
  return fromHost('eye', host, [n, cols], type);
}

/** Options for random tensors. */
export interface RandomOptions {
  /** float32 or float64 (DTypeError otherwise); default float32, or for randLike/randnLike the dtype of a float64 `t`. */
  readonly dtype?: DType;
  /** Generator to draw from; defaults to the global one (see `seed`). */
  readonly rng?: Rng;
}

function uniformHost(op: string, size: number, low: number, high: number, options: RandomOptions, dtype: DType): TypedArray {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high)) throw new ArgumentError(op, `need finite low <= high, got low=${low} high=${high}`);
  const rng = options.rng ?? globalRng;
  const host = allocHostArray(dtype, size);
  for (let i = 0; i < host.length; i++) host[i] = low + (high - low) * rng.uniform();
  return host;
}

function normalHost(op: string, size: number, mean: number, std: number, options: RandomOptions, dtype: DType): TypedArray {
  if (!(Number.isFinite(mean) && Number.isFinite(std) && std >= 0)) throw new ArgumentError(op, `need a finite mean and std >= 0, got mean=${mean} std=${std}`);
  const rng = options.rng ?? globalRng;
  const host = allocHostArray(dtype, size);
  for (let i = 0; i < host.length; i++) host[i] = mean + std * rng.normal();
  return host;
}

function floatOf(op: string, dtype: DType): DType {
  if (dtype !== 'float32' && dtype !== 'float64') throw new DTypeError(op, `random floats need float32 or float64, got ${dtype}`);
  return dtype;
}

/** Uniform samples in the interval from low (inclusive) to high (exclusive) → [...shape]. */
export function rand(shape: readonly number[], low = 0, high = 1, options: RandomOptions = {}): Tensor {
  assertValidShape('rand', shape);
  const dtype = floatOf('rand', options.dtype ?? 'float32');
  checkHostAllocation('rand', shape, dtype);
  return fromHost('rand', uniformHost('rand', sizeOf(shape), low, high, options, dtype), shape, dtype);
}

/**
 * Normal samples with the given mean and standard deviation → [...shape].
 *
 * @example
 * ```ts
 * import { randn, seed } from '@nabla/tensor-core';
 *
 * seed(42);                                  // reproducible draws from the global generator
 * const noise = randn([2, 3]);               // N(0, 1), float32 [2, 3]
 * const shifted = randn([1000], 5, 0.1);     // N(5, 0.1²)
 * ```
 */
export function randn(shape: readonly number[], mean = 0, std = 1, options: RandomOptions = {}): Tensor {
  assertValidShape('randn', shape);
  const dtype = floatOf('randn', options.dtype ?? 'float32');
  checkHostAllocation('randn', shape, dtype);
  return fromHost('randn', normalHost('randn', sizeOf(shape), mean, std, options, dtype), shape, dtype);
}

/** Uniform samples like `rand`, on t's backend: t [...] → same shape (t's dtype if float, else float32). */
export function randLike(t: Tensor, low = 0, high = 1, options: RandomOptions = {}): Tensor {
  const backend = backendOf('randLike', [t]);
  const dtype = floatOf('randLike', options.dtype ?? (t.dtype === 'float64' ? 'float64' : 'float32'));
  return fromHost('randLike', uniformHost('randLike', t.size, low, high, options, dtype), t.shape, dtype, backend);
}

/** Normal samples like `randn`, on t's backend: t [...] → same shape (t's dtype if float, else float32). */
export function randnLike(t: Tensor, mean = 0, std = 1, options: RandomOptions = {}): Tensor {
  const backend = backendOf('randnLike', [t]);
  const dtype = floatOf('randnLike', options.dtype ?? (t.dtype === 'float64' ? 'float64' : 'float32'));
  return fromHost('randnLike', normalHost('randnLike', t.size, mean, std, options, dtype), t.shape, dtype, backend);
}

/**
 * Integers uniform from low (inclusive) to high (exclusive), int32 → [...shape]; like torch.randint,
 * `randint(high, shape)` draws from 0.
 */
export function randint(low: number, high: number, shape: readonly number[], options?: { readonly rng?: Rng }): Tensor;
/** `randint(high, shape)`: integers from 0 (inclusive) to high (exclusive) → [...shape]. */
export function randint(high: number, shape: readonly number[], options?: { readonly rng?: Rng }): Tensor;
export function randint(
  first: number, second: number | readonly number[], third?: readonly number[] | { readonly rng?: Rng }, fourth: { readonly rng?: Rng } = {},
): Tensor {
  const [low, high, shape, options] = Array.isArray(second)
    ? [0, first, second as readonly number[], (third ?? {}) as { readonly rng?: Rng }]
    : [first, second as number, third as readonly number[], fourth];
  if (!Array.isArray(shape)) throw new ArgumentError('randint', 'expected randint(low, high, shape) or randint(high, shape)');
  assertValidShape('randint', shape);
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ArgumentError('randint', `need integers low < high, got low=${low} high=${high}`);
  }
  const rng = options.rng ?? globalRng;
  checkHostAllocation('randint', shape, 'int32');
  const host = new Int32Array(sizeOf(shape));
  for (let i = 0; i < host.length; i++) host[i] = rng.int(low, high);
  return fromHost('randint', host, shape, 'int32');
}

/** Copy `t` to another registered, initialised backend: t [...] → same shape. */
export function toBackend(t: Tensor, backend: Backend): Promise<Tensor> {
  // checked before anything is read, so bad arguments throw at the call instead of rejecting later
  assertTensor('toBackend', t, 'tensor');
  if (backend === null || typeof backend !== 'object' || typeof (backend as Partial<Backend>).write !== 'function') {
    throw new ArgumentError('toBackend', `expected a Backend (from getBackend() or setBackend()), got ${describeValue(backend)}`);
  }
  checkDTypeOnBackend('toBackend', backend, t.dtype);
  checkAllocation('toBackend', backend, t.shape, t.dtype);
  return copyTo(t, backend);
}

async function copyTo(t: Tensor, backend: Backend): Promise<Tensor> {
  const values = await t.data();
  return wrap(backend, backend.write(values, t.dtype), t.shape, t.dtype);
}
