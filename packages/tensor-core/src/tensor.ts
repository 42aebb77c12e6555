/** The Tensor: an n-dimensional array on a backend, with PyTorch-style chainable methods. */
import type { Backend, DataId, TensorInfo } from './backend.js';
import type { DType, DTypeArrayMap, TypedArray } from './dtype.js';
import { autodiffHooks, nextTensorId, setTensorGuard, trackTensor, untrackTensor, type BackwardOptions } from './engine.js';
import { describeValue } from './describe-value.js';
import { settleDeviceChecks } from './device-checks.js';
import { ArgumentError, BackendError, DTypeError, DisposedError, NablaError, ShapeError, fmtShape } from './errors.js';
import { sizeOf } from './shape.js';
import { Storage } from './storage.js';
import * as ops from './ops/index.js';
import { formatValues } from './print/format.js';
import { getPrintOptions } from './print/options.js';
import type { ReduceOptions, VarianceOptions } from './ops/reduce.js';
import type { Conv1dOptions, Conv2dOptions } from './ops/conv.js';
import type { Pool2dOptions } from './ops/pool.js';
import type { AttentionOptions } from './ops/attention.js';
import type { CumsumOptions } from './ops/cumulative.js';
import type { SortOptions, TopkOptions, ValuesAndIndices } from './ops/sorting.js';
import type { MatmulOptions } from './ops/matmul.js';

/** A nested JS array of numbers or booleans, as returned by `array()`. */
export type NestedArray = number | boolean | NestedArray[];

/** A tensor or a plain number (scalars broadcast). */
export type TensorLike = Tensor | number;

/**
 * An n-dimensional array living on one backend.
 *
 * @example
 * ```ts
 * import '@nabla/autograd';
 * import { tensor } from '@nabla/tensor-core';
 *
 * const x = tensor([[1, 2], [3, 4]]);
 * x.requiresGrad = true;
 * const y = x.matmul(x.T).relu().sum();      // ops are methods as well as functions
 * y.backward();
 * console.log(x.grad?.shape, await y.array()); // [2, 2] 52
 * await x.print();                          // tensor([[1., 2.], [3., 4.]], dtype=float32, ...)
 * x.dispose();                              // or let tidy() / `using` free it
 * ```
 */
export class Tensor implements TensorInfo {
  /** Unique id, for graph bookkeeping and debugging. */
  readonly id: number;
  /** Size of each dimension, outermost first ([] for a scalar). */
  readonly shape: readonly number[];
  /** Element type: float32, int32, bool or float64. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** Gradient accumulated by backward(), or null. */
  grad: Tensor | null = null;
  /** Optional name shown in graph exports and summaries. */
  name?: string;
  /**
   * @internal Where the installed autodiff tape keeps this tensor's place in its graph (the node
   * that produced it, or the tensor a saved view stands for); tensor-core never reads it. A field
   * rather than a WeakMap in the tape: a WeakMap entry per recorded op cost about 0.7 µs and
   * extra work in every young-generation garbage collection.
   */
  tapeSlot: unknown = undefined;
  private disposed = false;
  private _storage: Storage;
  private _requiresGrad = false;

  /** @internal Use the creation functions (tensor, zeros, ...) instead. */
  constructor(storage: Storage, shape: readonly number[]) {
    this._storage = storage;
    this.id = nextTensorId();
    // another tensor's (frozen) shape is shared as is; any other array is copied and frozen
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze([...shape]);
    this.dtype = storage.dtype;
    this.size = sizeOf(shape);
    trackTensor(this);
  }

  /** @internal Wrap a buffer a kernel just produced. */
  static fromKernel(backend: Backend, dataId: DataId, shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(new Storage(backend, dataId, dtype, sizeOf(shape)), shape);
  }

  /** The shared, reference-counted buffer this tensor views. */
  get storage(): Storage {
    return this._storage;
  }

  /**
   * Replace this tensor's values with `value`'s (same shape and dtype), keeping its identity:
   * how optimizers update parameters in place. The old buffer is released; `value` is unchanged
   * and may be disposed afterwards. Graphs that saved the old values keep their own views.
   */
  assign(value: Tensor): this {
    this.assertAlive('assign');
    if (!(value instanceof Tensor)) throw new ArgumentError('assign', `expected a Tensor, got ${describeValue(value)}`);
    value.assertAlive('assign');
    if (value.dtype !== this.dtype) {
      throw new DTypeError('assign', `value ${value.dtype} ${fmtShape(value.shape)} does not match ${this.dtype} ${fmtShape(this.shape)}`);
    }
    if (value.shape.length !== this.shape.length || value.shape.some((d, i) => d !== this.shape[i])) {
      throw new ShapeError('assign', `value ${value.dtype} ${fmtShape(value.shape)} does not match ${this.dtype} ${fmtShape(this.shape)}`);
    }
    if (value.backend !== this.backend) {
      throw new BackendError('assign', `value lives on backend '${value.backend.name}', this tensor on '${this.backend.name}'`);
    }
    const old = this._storage;
    // assigned values are persistent state (parameters, optimizer moments): a deferred one runs
    // now, so the next step's programs read its buffer instead of growing its chain
    value.storage.materializePending();
    this._storage = value.storage.retain();
    old.release();
    return this;
  }

  /** Accumulate a gradient into `grad` during backward() (a leaf of the autodiff graph). */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  /** Only floating-point tensors can require gradients (as in PyTorch); anything else throws a DTypeError. */
  set requiresGrad(value: boolean) {
    if (typeof value !== 'boolean') throw new ArgumentError('requiresGrad', `expected true or false, got ${describeValue(value)}`);
    if (value && this.dtype !== 'float32' && this.dtype !== 'float64') {
      throw new DTypeError('requiresGrad', `only floating-point tensors can require gradients, got ${this.dtype} ${fmtShape(this.shape)}`);
    }
    this._requiresGrad = value;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** The backend buffer (TensorInfo), checked not disposed. */
  get dataId(): DataId {
    this.assertAlive('dataId');
    return this.storage.dataId;
  }

  /** The backend holding this tensor. */
  get backend(): Backend {
    return this.storage.backend;
  }

  /** True after dispose(). */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Throws a DisposedError naming `op` if this tensor was disposed. */
  assertAlive(op: string): void {
    if (this.disposed) throw new DisposedError(op, `tensor #${this.id} ${fmtShape(this.shape)} ${this.dtype} was disposed`);
  }

  /** Free the buffer (once no other view shares it). Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    untrackTensor(this);
    this.storage.release();
  }

  /** `using t = ...` support. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Copy the values to the host (the only synchronisation point on asynchronous backends). */
  async data<D extends DType = DType>(): Promise<DTypeArrayMap[D]> {
    this.assertAlive('data');
    const { backend, storage } = this;
    return (await settleDeviceChecks(backend, () => backend.read(storage.dataId))) as DTypeArrayMap[D];
  }

  /** Synchronous copy to the host; throws on backends that cannot block (WebGPU): use `await t.data()` there. */
  dataSync<D extends DType = DType>(): DTypeArrayMap[D] {
    return this.readHostSync('dataSync', 'await t.data()') as DTypeArrayMap[D];
  }

  /** Values as nested JS arrays (booleans for bool tensors). */
  async array(): Promise<NestedArray> {
    return toNested(await this.data(), this.shape, this.dtype);
  }

  /** Synchronous `array()`; throws on backends that cannot block (WebGPU): use `await t.array()` there. */
  arraySync(): NestedArray {
    return toNested(this.readHostSync('arraySync', 'await t.array()'), this.shape, this.dtype);
  }

  /** The single value of a one-element tensor; throws on WebGPU: use `await t.itemAsync()` there. */
  item(): number {
    if (this.size !== 1) throw new NablaError('item', `tensor of shape ${fmtShape(this.shape)} has ${this.size} elements, expected 1`);
    return this.readHostSync('item', 'await t.itemAsync()')[0];
  }

  /** The single value of a one-element tensor, on every backend. */
  async itemAsync(): Promise<number> {
    if (this.size !== 1) throw new NablaError('item', `tensor of shape ${fmtShape(this.shape)} has ${this.size} elements, expected 1`);
    return (await this.data())[0];
  }

  private readHostSync(op: string, asyncAlternative: string): TypedArray {
    this.assertAlive(op);
    const readSync = this.backend.readSync;
    if (!readSync) {
      throw new BackendError(op, `backend '${this.backend.name}' cannot read synchronously; use '${asyncAlternative}' instead (it works on every backend)`);
    }
    return readSync.call(this.backend, this.storage.dataId);
  }

  /** Reverse-mode autodiff from this tensor (needs @nabla/autograd). */
  backward(grad?: Tensor, options: BackwardOptions = {}): void {
    autodiffHooks('backward').backward(this, grad, options);
  }

  /** A new tensor sharing this buffer, cut off from the autodiff graph. */
  detach(): Tensor {
    this.assertAlive('detach');
    return new Tensor(this.storage.retain(), this.shape);
  }

  /**
   * The values PyTorch-style, then dtype, shape and backend:
   * `tensor([[1., 2.],\n        [3., 4.]], dtype=float32, shape=[2,2], backend=js)`. Large tensors
   * are summarised with `...` (see setPrintOptions). On backends that cannot read synchronously
   * (WebGPU) the values are a placeholder: use `await t.toStringAsync()` or `await t.print()`.
   */
  toString(): string {
    if (this.disposed) return this.describe('<disposed>');
    if (!this.backend.readSync) return this.describe(`<on ${this.backend.name}: await t.print() or await t.toStringAsync() to read>`);
    return this.describe(formatValues(this.dataSync(), this.shape, this.dtype, getPrintOptions(), 'tensor('.length));
  }

  /** toString() on every backend: waits for the values (the one read WebGPU allows). */
  async toStringAsync(): Promise<string> {
    if (this.disposed) return this.describe('<disposed>');
    return this.describe(formatValues(await this.data(), this.shape, this.dtype, getPrintOptions(), 'tensor('.length));
  }

  /**
   * Log the tensor (toString()) to the console, like tfjs's `t.print()`. Backends that read
   * synchronously log at once; on WebGPU `await t.print()` logs once the values have arrived.
   */
  print(): Promise<void> {
    if (this.disposed || this.backend.readSync) {
      console.log(this.toString());
      return Promise.resolve();
    }
    return this.toStringAsync().then((text) => console.log(text));
  }

  private describe(values: string): string {
    const grad = this.requiresGrad ? ', requiresGrad=true' : '';
    return `tensor(${values}, dtype=${this.dtype}, shape=${fmtShape(this.shape)}, backend=${this.storage.backend.name}${grad})`;
  }

  // ---- chainable ops: every public op that takes a tensor first, as a method ---------------------
  // (test/methods.test.ts enumerates tensor-core's exports and checks each one is here and agrees)

  // elementwise, two operands (broadcasting)
  /** this + b (see `add`). */ add(b: TensorLike): Tensor { return ops.add(this, b); }
  /** this − b (see `sub`). */ sub(b: TensorLike): Tensor { return ops.sub(this, b); }
  /** this · b (see `mul`). */ mul(b: TensorLike): Tensor { return ops.mul(this, b); }
  /** this / b (see `div`). */ div(b: TensorLike): Tensor { return ops.div(this, b); }
  /** thisᵇ (see `pow`). */ pow(b: TensorLike): Tensor { return ops.pow(this, b); }
  /** Elementwise max (see `maximum`). */ maximum(b: TensorLike): Tensor { return ops.maximum(this, b); }
  /** Elementwise min (see `minimum`). */ minimum(b: TensorLike): Tensor { return ops.minimum(this, b); }
  /** Floored modulo (see `mod`). */ mod(b: TensorLike): Tensor { return ops.mod(this, b); }
  /** floor(this / b) (see `floorDiv`). */ floorDiv(b: TensorLike): Tensor { return ops.floorDiv(this, b); }
  /** atan2(this, b) (see `atan2`). */ atan2(b: TensorLike): Tensor { return ops.atan2(this, b); }
  /** this == b, bool (see `equal`). */ equal(b: TensorLike): Tensor { return ops.equal(this, b); }
  /** this != b, bool (see `notEqual`). */ notEqual(b: TensorLike): Tensor { return ops.notEqual(this, b); }
  /** this < b, bool (see `less`). */ less(b: TensorLike): Tensor { return ops.less(this, b); }
  /** this <= b, bool (see `lessEqual`). */ lessEqual(b: TensorLike): Tensor { return ops.lessEqual(this, b); }
  /** this > b, bool (see `greater`). */ greater(b: TensorLike): Tensor { return ops.greater(this, b); }
  /** this >= b, bool (see `greaterEqual`). */ greaterEqual(b: TensorLike): Tensor { return ops.greaterEqual(this, b); }
  /** this AND b, bool (see `logicalAnd`). */ logicalAnd(b: TensorLike): Tensor { return ops.logicalAnd(this, b); }
  /** this OR b, bool (see `logicalOr`). */ logicalOr(b: TensorLike): Tensor { return ops.logicalOr(this, b); }
  /** this XOR b, bool (see `logicalXor`). */ logicalXor(b: TensorLike): Tensor { return ops.logicalXor(this, b); }
  /** Outer product of two vectors (see `outer`). */ outer(b: Tensor): Tensor { return ops.outer(this, b); }
  /**
   * This where `condition` holds, else `other`, like PyTorch's `x.where(condition, y)`:
   * `where(condition, this, other)` (see `where`).
   */
  where(condition: Tensor, other: TensorLike): Tensor { return ops.where(condition, this, other); }

  // elementwise, one operand
  /** −this (see `neg`). */ neg(): Tensor { return ops.neg(this); }
  /** |this| (see `abs`). */ abs(): Tensor { return ops.abs(this); }
  /** sign ∈ {−1, 0, 1} (see `sign`). */ sign(): Tensor { return ops.sign(this); }
  /** this² (see `square`). */ square(): Tensor { return ops.square(this); }
  /** 1/this (see `reciprocal`). */ reciprocal(): Tensor { return ops.reciprocal(this); }
  /** eˣ (see `exp`). */ exp(): Tensor { return ops.exp(this); }
  /** eˣ − 1 (see `expm1`). */ expm1(): Tensor { return ops.expm1(this); }
  /** Natural logarithm (see `log`). */ log(): Tensor { return ops.log(this); }
  /** log(1 + x) (see `log1p`). */ log1p(): Tensor { return ops.log1p(this); }
  /** √x (see `sqrt`). */ sqrt(): Tensor { return ops.sqrt(this); }
  /** 1/√x (see `rsqrt`). */ rsqrt(): Tensor { return ops.rsqrt(this); }
  /** Sine (see `sin`). */ sin(): Tensor { return ops.sin(this); }
  /** Cosine (see `cos`). */ cos(): Tensor { return ops.cos(this); }
  /** Tangent (see `tan`). */ tan(): Tensor { return ops.tan(this); }
  /** Arcsine (see `asin`). */ asin(): Tensor { return ops.asin(this); }
  /** Arccosine (see `acos`). */ acos(): Tensor { return ops.acos(this); }
  /** Arctangent (see `atan`). */ atan(): Tensor { return ops.atan(this); }
  /** Hyperbolic sine (see `sinh`). */ sinh(): Tensor { return ops.sinh(this); }
  /** Hyperbolic cosine (see `cosh`). */ cosh(): Tensor { return ops.cosh(this); }
  /** Hyperbolic tangent (see `tanh`). */ tanh(): Tensor { return ops.tanh(this); }
  /** Inverse hyperbolic sine (see `asinh`). */ asinh(): Tensor { return ops.asinh(this); }
  /** Inverse hyperbolic cosine (see `acosh`). */ acosh(): Tensor { return ops.acosh(this); }
  /** Inverse hyperbolic tangent (see `atanh`). */ atanh(): Tensor { return ops.atanh(this); }
  /** Gauss error function (see `erf`). */ erf(): Tensor { return ops.erf(this); }
  /** Round down (see `floor`). */ floor(): Tensor { return ops.floor(this); }
  /** Round up (see `ceil`). */ ceil(): Tensor { return ops.ceil(this); }
  /** Round half to even (see `round`). */ round(): Tensor { return ops.round(this); }
  /** Round toward zero (see `trunc`). */ trunc(): Tensor { return ops.trunc(this); }
  /** Boolean not (see `logicalNot`). */ logicalNot(): Tensor { return ops.logicalNot(this); }
  /** True where NaN (see `isNaN`). */ isNaN(): Tensor { return ops.isNaN(this); }
  /** True where finite (see `isFinite`). */ isFinite(): Tensor { return ops.isFinite(this); }
  /** Clamp into [lo, hi] (see `clip`). */ clip(lo: number, hi: number): Tensor { return ops.clip(this, lo, hi); }
  /** Convert to `dtype` (see `cast`). */ cast(dtype: DType): Tensor { return ops.cast(this, dtype); }

  // activations
  /** σ(x) (see `sigmoid`). */ sigmoid(): Tensor { return ops.sigmoid(this); }
  /** log(1 + eˣ) (see `softplus`). */ softplus(): Tensor { return ops.softplus(this); }
  /** max(x, 0) (see `relu`). */ relu(): Tensor { return ops.relu(this); }
  /** min(max(x, 0), 6) (see `relu6`). */ relu6(): Tensor { return ops.relu6(this); }
  /** Heaviside step, step(0) = 1 (see `step`). */ step(): Tensor { return ops.step(this); }
  /** x, or alpha·x below 0 (see `leakyRelu`). */ leakyRelu(alpha?: number): Tensor { return ops.leakyRelu(this, alpha); }
  /** x, or alpha·(eˣ − 1) below 0 (see `elu`). */ elu(alpha?: number): Tensor { return ops.elu(this, alpha); }
  /** Gaussian error linear unit (see `gelu`). */ gelu(): Tensor { return ops.gelu(this); }
  /** x·min(max(x + 3, 0), 6)/6 (see `hardswish`). */ hardswish(): Tensor { return ops.hardswish(this); }
  /** x·σ(x) (see `silu`). */ silu(): Tensor { return ops.silu(this); }
  /** log σ(x) (see `logSigmoid`). */ logSigmoid(): Tensor { return ops.logSigmoid(this); }
  /** Softmax along `axis` (see `softmax`). */ softmax(axis = -1): Tensor { return ops.softmax(this, axis); }
  /** Log-softmax along `axis` (see `logSoftmax`). */ logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this, axis); }

  // reductions
  /** Sum (see `sum`). */ sum(axes?: number | readonly number[], options?: ReduceOptions): Tensor { return ops.sum(this, axes, options); }
  /** Product (see `prod`). */ prod(axes?: number | readonly number[], options?: ReduceOptions): Tensor { return ops.prod(this, axes, options); }
  /** Mean (see `mean`). */ mean(axes?: number | readonly number[], options?: ReduceOptions): Tensor { return ops.mean(this, axes, options); }
  /** Maximum (see `max`). */ max(axes?: number | readonly number[], options?: ReduceOptions): Tensor { return ops.max(this, axes, options); }
  /** Minimum (see `min`). */ min(axes?: number | readonly number[], options?: ReduceOptions): Tensor { return ops.min(this, axes, options); }
  /** Variance (see `variance`). */ variance(axes?: number | readonly number[], options?: VarianceOptions): Tensor { return ops.variance(this, axes, options); }
  /** Standard deviation (see `std`). */ std(axes?: number | readonly number[], options?: VarianceOptions): Tensor { return ops.std(this, axes, options); }
  /** log Σ eˣ, stable (see `logsumexp`). */ logsumexp(axes?: number | readonly number[], options?: ReduceOptions): Tensor { return ops.logsumexp(this, axes, options); }
  /** Any true (see `any`). */ any(axes?: number | readonly number[], options?: ReduceOptions): Tensor { return ops.any(this, axes, options); }
  /** All true (see `all`). */ all(axes?: number | readonly number[], options?: ReduceOptions): Tensor { return ops.all(this, axes, options); }
  /** Index of the maximum (see `argmax`). */ argmax(axis?: number): Tensor { return ops.argmax(this, axis); }
  /** Index of the minimum (see `argmin`). */ argmin(axis?: number): Tensor { return ops.argmin(this, axis); }

  // linear algebra, convolution, pooling
  /** Matrix product (see `matmul`). */ matmul(b: Tensor, options?: MatmulOptions): Tensor { return ops.matmul(this, b, options); }
  /** 2-D convolution of this NCHW input with `w` (see `conv2d`). */ conv2d(w: Tensor, options?: Conv2dOptions): Tensor { return ops.conv2d(this, w, options); }
  /** 1-D convolution of this NCW input with `w` (see `conv1d`). */ conv1d(w: Tensor, options?: Conv1dOptions): Tensor { return ops.conv1d(this, w, options); }
  /** 2-D max pooling of this NCHW input (see `maxPool2d`). */ maxPool2d(options: Pool2dOptions): Tensor { return ops.maxPool2d(this, options); }
  /** Attention with this tensor as the queries: softmax(q·kᵀ·scale + mask)·v (see `scaledDotProductAttention`). */
  scaledDotProductAttention(k: Tensor, v: Tensor, options?: AttentionOptions): Tensor { return ops.scaledDotProductAttention(this, k, v, options); }
  /** 2-D average pooling of this NCHW input (see `avgPool2d`). */ avgPool2d(options: Pool2dOptions): Tensor { return ops.avgPool2d(this, options); }

  // layout
  /** Same values, new shape (one −1 inferred) (see `reshape`). */ reshape(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  /** Merge dimensions startDim..endDim into one (default: all) (see `flatten`). */ flatten(startDim?: number, endDim?: number): Tensor { return ops.flatten(this, startDim, endDim); }
  /** Permute dimensions (default: swap the last two) (see `transpose`). */ transpose(perm?: readonly number[]): Tensor { return ops.transpose(this, perm); }
  /** Permute dimensions, PyTorch-style `x.permute(0, 2, 1)` (see `permute`). */ permute(...dims: number[]): Tensor { return ops.permute(this, ...dims); }
  /** Swap the last two dimensions. */
  get T(): Tensor { return ops.transpose(this); }
  /** Insert a dimension of size 1 (see `expandDims`). */ expandDims(axis: number): Tensor { return ops.expandDims(this, axis); }
  /** Drop dimensions of size 1 (see `squeeze`). */ squeeze(axes?: number | readonly number[]): Tensor { return ops.squeeze(this, axes); }
  /** Broadcast to `shape` (see `broadcastTo`). */ broadcastTo(shape: readonly number[]): Tensor { return ops.broadcastTo(this, shape); }
  /** A box of the tensor (see `slice`). */ slice(begin: readonly number[], size?: readonly number[]): Tensor { return ops.slice(this, begin, size); }
  /** Pad with `value` (see `pad`). */ pad(pads: readonly (readonly [number, number])[], value?: number): Tensor { return ops.pad(this, pads, value); }
  /** Split along `axis` (see `split`). */ split(sections: number | readonly number[], axis?: number): Tensor[] { return ops.split(this, sections, axis); }
  /** Slices along `axis`, that axis removed (see `unstack`). */ unstack(axis?: number): Tensor[] { return ops.unstack(this, axis); }

  // indexing
  /** Rows (or slices along `axis`) picked by int32 `indices` (see `gather`). */ gather(indices: Tensor, axis?: number): Tensor { return ops.gather(this, indices, axis); }
  /** Add `updates` at `indices` along `axis` (see `scatterAdd`). */ scatterAdd(indices: Tensor, updates: Tensor, axis?: number): Tensor { return ops.scatterAdd(this, indices, updates, axis); }
  /** One-hot float32 rows of these int32 indices (see `oneHot`). */ oneHot(depth: number): Tensor { return ops.oneHot(this, depth); }

  // triangular, cumulative, repeating, sorting
  /** Lower triangle, zeros above `diagonal` (see `tril`). */ tril(diagonal?: number): Tensor { return ops.tril(this, diagonal); }
  /** Upper triangle, zeros below `diagonal` (see `triu`). */ triu(diagonal?: number): Tensor { return ops.triu(this, diagonal); }
  /** Running sum along `axis` (see `cumsum`). */ cumsum(axis: number, options?: CumsumOptions): Tensor { return ops.cumsum(this, axis, options); }
  /** Each element repeated along `axis` (see `repeatInterleave`). */ repeatInterleave(repeats: number | readonly number[], axis?: number): Tensor { return ops.repeatInterleave(this, repeats, axis); }
  /** Elements picked by int32 `indices` along `axis` (see `takeAlongAxis`). */ takeAlongAxis(indices: Tensor, axis: number): Tensor { return ops.takeAlongAxis(this, indices, axis); }
  /** Positions that sort along an axis (see `argsort`). */ argsort(options?: SortOptions): Tensor { return ops.argsort(this, options); }
  /** Sorted values and their positions (see `sort`). */ sort(options?: SortOptions): ValuesAndIndices { return ops.sort(this, options); }
  /** The k largest (or smallest) values and their positions (see `topk`). */ topk(k: number, options?: TopkOptions): ValuesAndIndices { return ops.topk(this, k, options); }

  /** A copy-free duplicate that stays in the autodiff graph. */
  clone(): Tensor { return ops.reshape(this, this.shape); }
  /** This tensor's values on another initialised backend (see `toBackend`). */
  toBackend(backend: Backend): Promise<Tensor> { return ops.toBackend(this, backend); }
}

// Node's console.log and util.inspect print a tensor as its toString(). The symbol is looked up by
// name, so nothing here imports node:util and browsers never see it.
Object.defineProperty(Tensor.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: Tensor): string {
    return this.toString();
  },
});

/** Runtime check for Tensor instances. */
export function isTensor(value: unknown): value is Tensor {
  return value instanceof Tensor;
}
setTensorGuard(isTensor);

function toNested(values: TypedArray, shape: readonly number[], dtype: DType): NestedArray {
  const asValue = (v: number): number | boolean => (dtype === 'bool' ? v !== 0 : v);
  if (shape.length === 0) return asValue(values[0]);
  const build = (offset: number, dim: number): NestedArray[] => {
    const n = shape[dim];
    const out: NestedArray[] = new Array(n);
    if (dim === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = asValue(values[offset + i]);
      return out;
    }
    const stride = sizeOf(shape.slice(dim + 1));
    for (let i = 0; i < n; i++) out[i] = build(offset + i * stride, dim + 1);
    return out;
  };
  return build(0, 0);
}
