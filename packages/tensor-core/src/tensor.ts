/** The Tensor: an n-dimensional array on a backend, with PyTorch-style chainable methods. */
import type { Backend, DataId, TensorInfo } from './backend.js';
import type { DType, DTypeArrayMap, TypedArray } from './dtype.js';
import { autodiffHooks, nextTensorId, setTensorGuard, trackTensor, untrackTensor, type BackwardOptions } from './engine.js';
import { describeValue } from './describe-value.js';
import { ArgumentError, BackendError, DTypeError, DisposedError, NablaError, ShapeError, fmtShape } from './errors.js';
import { sizeOf } from './shape.js';
import { Storage } from './storage.js';
import * as ops from './ops/index.js';
import type { ReduceOptions } from './ops/reduce.js';
import type { MatmulOptions } from './ops/matmul.js';

/** A nested JS array of numbers or booleans, as returned by `array()`. */
export type NestedArray = number | boolean | NestedArray[];

/** A tensor or a plain number (scalars broadcast). */
export type TensorLike = Tensor | number;

/** An n-dimensional array living on one backend. */
export class Tensor implements TensorInfo {
  /** Unique id, for graph bookkeeping and debugging. */
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** Gradient accumulated by backward(), or null. */
  grad: Tensor | null = null;
  /** Optional name shown in graph exports and summaries. */
  name?: string;
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
    return (await this.backend.read(this.storage.dataId)) as DTypeArrayMap[D];
  }

  /** Synchronous copy to the host; throws on backends that cannot block (WebGPU). */
  dataSync<D extends DType = DType>(): DTypeArrayMap[D] {
    this.assertAlive('dataSync');
    const readSync = this.backend.readSync;
    if (!readSync) {
      throw new BackendError('dataSync', `backend '${this.backend.name}' cannot read synchronously; use 'await tensor.data()' (or 'await tensor.array()') instead`);
    }
    return readSync.call(this.backend, this.storage.dataId) as DTypeArrayMap[D];
  }

  /** Values as nested JS arrays (booleans for bool tensors). */
  async array(): Promise<NestedArray> {
    return toNested(await this.data(), this.shape, this.dtype);
  }

  /** Synchronous `array()`. */
  arraySync(): NestedArray {
    return toNested(this.dataSync(), this.shape, this.dtype);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new NablaError('item', `tensor of shape ${fmtShape(this.shape)} has ${this.size} elements, expected 1`);
    return this.dataSync()[0];
  }

  /** Asynchronous item(). */
  async itemAsync(): Promise<number> {
    if (this.size !== 1) throw new NablaError('item', `tensor of shape ${fmtShape(this.shape)} has ${this.size} elements, expected 1`);
    return (await this.data())[0];
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

  /** Short description, e.g. `Tensor(float32 [2,3])`. */
  toString(): string {
    return `Tensor(${this.dtype} ${fmtShape(this.shape)})`;
  }

  // ---- chainable ops ----------------------------------------------------------------------------
  add(b: TensorLike): Tensor { return ops.add(this, b); }
  sub(b: TensorLike): Tensor { return ops.sub(this, b); }
  mul(b: TensorLike): Tensor { return ops.mul(this, b); }
  div(b: TensorLike): Tensor { return ops.div(this, b); }
  pow(b: TensorLike): Tensor { return ops.pow(this, b); }
  maximum(b: TensorLike): Tensor { return ops.maximum(this, b); }
  minimum(b: TensorLike): Tensor { return ops.minimum(this, b); }
  equal(b: TensorLike): Tensor { return ops.equal(this, b); }
  notEqual(b: TensorLike): Tensor { return ops.notEqual(this, b); }
  less(b: TensorLike): Tensor { return ops.less(this, b); }
  lessEqual(b: TensorLike): Tensor { return ops.lessEqual(this, b); }
  greater(b: TensorLike): Tensor { return ops.greater(this, b); }
  greaterEqual(b: TensorLike): Tensor { return ops.greaterEqual(this, b); }
  neg(): Tensor { return ops.neg(this); }
  abs(): Tensor { return ops.abs(this); }
  exp(): Tensor { return ops.exp(this); }
  log(): Tensor { return ops.log(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  square(): Tensor { return ops.square(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  tanh(): Tensor { return ops.tanh(this); }
  relu(): Tensor { return ops.relu(this); }
  clip(lo: number, hi: number): Tensor { return ops.clip(this, lo, hi); }
  cast(dtype: DType): Tensor { return ops.cast(this, dtype); }
  sum(axes?: number | readonly number[], options?: ReduceOptions): Tensor { return ops.sum(this, axes, options); }
  mean(axes?: number | readonly number[], options?: ReduceOptions): Tensor { return ops.mean(this, axes, options); }
  max(axes?: number | readonly number[], options?: ReduceOptions): Tensor { return ops.max(this, axes, options); }
  min(axes?: number | readonly number[], options?: ReduceOptions): Tensor { return ops.min(this, axes, options); }
  argmax(axis?: number): Tensor { return ops.argmax(this, axis); }
  argmin(axis?: number): Tensor { return ops.argmin(this, axis); }
  matmul(b: Tensor, options?: MatmulOptions): Tensor { return ops.matmul(this, b, options); }
  reshape(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  flatten(): Tensor { return ops.reshape(this, [-1]); }
  transpose(perm?: readonly number[]): Tensor { return ops.transpose(this, perm); }
  /** Swap the last two dimensions. */
  get T(): Tensor { return ops.transpose(this); }
  expandDims(axis: number): Tensor { return ops.expandDims(this, axis); }
  squeeze(axes?: number | readonly number[]): Tensor { return ops.squeeze(this, axes); }
  broadcastTo(shape: readonly number[]): Tensor { return ops.broadcastTo(this, shape); }
  slice(begin: readonly number[], size?: readonly number[]): Tensor { return ops.slice(this, begin, size); }
  softmax(axis = -1): Tensor { return ops.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this, axis); }
  /** A copy-free duplicate that stays in the autodiff graph. */
  clone(): Tensor { return ops.reshape(this, this.shape); }
}

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
