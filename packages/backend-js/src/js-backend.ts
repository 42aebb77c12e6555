/** The plain-JavaScript backend: every Backend primitive on host typed arrays. */
import { argsortLines, sliceRuns } from '@nabla/tensor-core/kernel-kit';
import type {
  ArgReduceOp, AttentionGradIds, AttentionParams, Backend, LstmCellGradIds, BackendMemory, Conv2dParams, DataId, DType, ElementwiseProgram, FusionCosts, Pool2dParams, ReduceOp,
  ElementwiseInput, TensorInfo, TypedArray,
} from '@nabla/tensor-core';
import { BackendError, DTypeError, programOutDType, sizeOf } from '@nabla/tensor-core';
import { JsBuffer } from './storage/js-buffer.js';
import { allocArray, convertArray } from './storage/typed-array.js';
import { runProgram } from './elementwise/run-program.js';
import { JS_FUSION_COSTS } from './elementwise/fusion-costs.js';
import { reduceKernel } from './reduce/reduce.js';
import { argReduceKernel } from './reduce/arg-reduce.js';
import { matmulKernel } from './matmul/matmul.js';
import { transposeKernel } from './movement/transpose.js';
import { broadcastToKernel } from './movement/broadcast-to.js';
import { sliceKernel } from './movement/slice.js';
import { padKernel } from './movement/pad.js';
import { concatKernel } from './movement/concat.js';
import { gatherKernel } from './movement/gather.js';
import { scatterAddKernel } from './movement/scatter-add.js';
import { conv2dKernel } from './conv/conv2d.js';
import { conv2dBackpropInputKernel } from './conv/conv2d-backprop-input.js';
import { conv2dBackpropFilterKernel } from './conv/conv2d-backprop-filter.js';
import { maxPool2dKernel } from './pool/max-pool2d.js';
import { maxPool2dBackpropKernel } from './pool/max-pool2d-backprop.js';
import { avgPool2dKernel } from './pool/avg-pool2d.js';
import { avgPool2dBackpropKernel } from './pool/avg-pool2d-backprop.js';
import { attentionKernel } from './attention/attention.js';
import { attentionBackwardKernel } from './attention/attention-backward.js';
import { attentionDims } from './attention/attention-geometry.js';
import { lstmCellBackwardKernel, lstmCellKernel } from './recurrent/lstm-cell.js';
import { availableCores, canShareMemory, environmentVariable } from '@nabla/tensor-core/host';
import { ThreadPool } from './threads/thread-pool.js';

/** Options of the js backend. */
export interface JsBackendOptions {
  /**
   * Threads a large GEMM (matmul, conv2d and its gradients) may use, the calling thread included.
   * Default: the NABLA_JS_THREADS environment variable, else the number of cores.
   */
  readonly numThreads?: number;
}

let noSharedMemoryNoted = false;

/** Backend 'js': synchronous kernels on Float32Array / Float64Array / Int32Array / Uint8Array (bool). */
export class JsBackend implements Backend {
  readonly name = 'js';
  readonly supportsFloat64 = true;
  /** When fusion computes a shared value once rather than in each reader (measured: elementwise/fusion-costs.ts). */
  readonly fusionCosts: FusionCosts = JS_FUSION_COSTS;
  private numBytes = 0;
  private numDataBuffers = 0;
  private pool: ThreadPool | null = null;
  private disposed = false;
  private readonly threadsStarted: Promise<number>;

  /** A backend whose GEMMs use up to `options.numThreads` threads (workers start in the background). */
  constructor(options: JsBackendOptions = {}) {
    const fromEnv = options.numThreads === undefined ? environmentVariable('NABLA_JS_THREADS') : undefined;
    const requested = options.numThreads ?? (fromEnv === undefined ? undefined : Number(fromEnv));
    if (requested !== undefined && !(Number.isInteger(requested) && requested >= 1)) {
      const source = fromEnv === undefined ? `${requested}` : `NABLA_JS_THREADS='${fromEnv}'`;
      throw new BackendError('JsBackend', `numThreads must be a positive integer, got ${source}`);
    }
    this.threadsStarted = this.startThreads(requested);
  }

  /** Threads GEMMs run on right now, the calling thread included (1 until workers have started). */
  get numThreads(): number {
    return this.pool?.numThreads ?? 1;
  }

  /** Resolves with `numThreads` once the worker threads have started (or failed to). */
  threadsReady(): Promise<number> {
    return this.threadsStarted;
  }

  /** Terminate the worker threads; later kernels run on the calling thread only. */
  dispose(): void {
    this.disposed = true;
    this.pool?.dispose();
    this.pool = null;
  }

  /** Synchronous read: a copy of the buffer's values. */
  readonly readSync = (dataId: DataId): TypedArray => this.values(dataId, 'readSync').slice();

  // ---- storage -------------------------------------------------------------------------------

  /** Copy host values into a new buffer of `dtype`. */
  write(values: TypedArray, dtype: DType): DataId {
    return this.track(convertArray(values, dtype), dtype);
  }

  /** A new buffer of `size` copies of `value`. */
  fill(size: number, value: number, dtype: DType): DataId {
    const values = allocArray(dtype, size);
    values.fill(dtype === 'bool' ? (value !== 0 ? 1 : 0) : value);
    return this.track(values, dtype);
  }

  /** A copy of the buffer's values. */
  read(dataId: DataId): Promise<TypedArray> {
    try {
      return Promise.resolve(this.values(dataId, 'read').slice());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Release a buffer. */
  disposeData(dataId: DataId): void {
    const buffer = this.buffer(dataId, 'disposeData');
    this.numBytes -= buffer.values.byteLength;
    this.numDataBuffers--;
    buffer.disposed = true;
    buffer.values = new Uint8Array(0);
  }

  /** Bytes and buffers currently held, the thread count and the shared GEMM scratch. */
  memory(): BackendMemory {
    return {
      numBytes: this.numBytes,
      numDataBuffers: this.numDataBuffers,
      details: { numThreads: this.numThreads, sharedScratchBytes: this.pool?.arenaBytes ?? 0 },
    };
  }

  // ---- elementwise ---------------------------------------------------------------------------

  elementwise(program: ElementwiseProgram, inputs: readonly ElementwiseInput[], outShape: readonly number[]): DataId {
    if (inputs.length !== program.inputs.length) {
      throw new BackendError('elementwise', `program takes ${program.inputs.length} inputs, got ${inputs.length}`);
    }
    inputs.forEach((x, k) => {
      if (x.dtype !== program.inputs[k]) throw new DTypeError('elementwise', `input ${k} must be ${program.inputs[k]}, got ${x.dtype}`);
    });
    const values = inputs.map((x) => this.values(x.dataId, 'elementwise'));
    const out = runProgram(program, values, inputs.map((x) => x.shape), outShape, inputs.map((x) => x.view));
    return this.track(out, programOutDType(program));
  }

  // ---- reductions ----------------------------------------------------------------------------

  reduce(op: ReduceOp, x: TensorInfo, axes: readonly number[], outShape: readonly number[]): DataId {
    const out = reduceKernel(op, this.values(x.dataId, op), x.shape, x.dtype, axes, outShape);
    return this.track(out, op === 'any' || op === 'all' ? 'bool' : x.dtype);
  }

  argReduce(op: ArgReduceOp, x: TensorInfo, axis: number, outShape: readonly number[]): DataId {
    return this.track(argReduceKernel(op, this.values(x.dataId, op), x.shape, axis, outShape), 'int32');
  }

  // ---- linear algebra ------------------------------------------------------------------------

  matmul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean, outShape: readonly number[]): DataId {
    this.sameDType('matmul', a, b);
    const out = matmulKernel(
      this.values(a.dataId, 'matmul'), a.shape, this.values(b.dataId, 'matmul'), b.shape, transposeA, transposeB, outShape, this.pool,
    );
    return this.track(out, a.dtype);
  }

  // ---- data movement -------------------------------------------------------------------------

  transpose(x: TensorInfo, perm: readonly number[], outShape: readonly number[]): DataId {
    return this.track(transposeKernel(this.values(x.dataId, 'transpose'), x.shape, perm, outShape), x.dtype);
  }

  broadcastTo(x: TensorInfo, shape: readonly number[]): DataId {
    return this.track(broadcastToKernel(this.values(x.dataId, 'broadcastTo'), x.shape, shape), x.dtype);
  }

  slice(x: TensorInfo, begin: readonly number[], size: readonly number[]): DataId {
    return this.track(sliceKernel(this.values(x.dataId, 'slice'), x.shape, begin, size), x.dtype);
  }

  writeSlice(target: TensorInfo, source: TensorInfo, begin: readonly number[]): void {
    const dst = this.values(target.dataId, 'writeSlice');
    const src = this.values(source.dataId, 'writeSlice');
    const { length, targetOffsets } = sliceRuns(target.shape, source.shape, begin);
    targetOffsets.forEach((at, r) => dst.set(src.subarray(r * length, (r + 1) * length), at));
  }

  pad(x: TensorInfo, pads: readonly (readonly [number, number])[], value: number, outShape: readonly number[]): DataId {
    const fillValue = x.dtype === 'bool' ? (value !== 0 ? 1 : 0) : value;
    return this.track(padKernel(this.values(x.dataId, 'pad'), x.shape, pads, fillValue, outShape), x.dtype);
  }

  concat(xs: readonly TensorInfo[], axis: number, outShape: readonly number[]): DataId {
    if (xs.length === 0) throw new BackendError('concat', 'needs at least one input');
    for (const x of xs) this.sameDType('concat', xs[0], x);
    const out = concatKernel(xs.map((x) => this.values(x.dataId, 'concat')), xs.map((x) => x.shape), axis, outShape);
    return this.track(out, xs[0].dtype);
  }

  gather(x: TensorInfo, indices: TensorInfo, axis: number, outShape: readonly number[]): DataId {
    this.intIndices('gather', indices);
    const out = gatherKernel(this.values(x.dataId, 'gather'), x.shape, this.values(indices.dataId, 'gather'), axis, outShape);
    return this.track(out, x.dtype);
  }

  scatterAdd(x: TensorInfo, indices: TensorInfo, updates: TensorInfo, axis: number): DataId {
    this.intIndices('scatterAdd', indices);
    this.sameDType('scatterAdd', x, updates);
    const out = scatterAddKernel(
      this.values(x.dataId, 'scatterAdd'), x.shape, this.values(indices.dataId, 'scatterAdd'),
      this.values(updates.dataId, 'scatterAdd'), axis,
    );
    return this.track(out, x.dtype);
  }

  // ---- sorting -------------------------------------------------------------------------------

  argsort(x: TensorInfo, axis: number, descending: boolean): DataId {
    return this.track(argsortLines(this.values(x.dataId, 'argsort'), x.shape, axis, descending), 'int32');
  }

  // ---- attention -----------------------------------------------------------------------------

  attention(q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, p: AttentionParams, outShape: readonly number[]): DataId {
    const d = attentionDims(q, k, v, bias);
    const out = allocArray(q.dtype, sizeOf(outShape)) as Float32Array | Float64Array;
    attentionKernel(this.floats(q, 'attention'), this.floats(k, 'attention'), this.floats(v, 'attention'), bias ? this.floats(bias, 'attention') : null, d, p, out);
    return this.track(out, q.dtype);
  }

  attentionBackward(q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, out: TensorInfo, dOut: TensorInfo, p: AttentionParams): AttentionGradIds {
    const op = 'attentionBackward';
    const d = attentionDims(q, k, v, bias);
    const dq = allocArray(q.dtype, d.B * d.L * d.E) as Float32Array | Float64Array;
    const dk = allocArray(q.dtype, d.B * d.S * d.E) as Float32Array | Float64Array;
    const dv = allocArray(q.dtype, d.B * d.S * d.Ev) as Float32Array | Float64Array;
    attentionBackwardKernel(
      this.floats(q, op), this.floats(k, op), this.floats(v, op), bias ? this.floats(bias, op) : null,
      this.floats(out, op), this.floats(dOut, op), d, p, dq, dk, dv,
    );
    return { dq: this.track(dq, q.dtype), dk: this.track(dk, q.dtype), dv: this.track(dv, q.dtype) };
  }

  // ---- recurrent cells -----------------------------------------------------------------------

  lstmCell(gates: TensorInfo, state: TensorInfo, outShape: readonly number[]): DataId {
    const op = 'lstmCell';
    this.sameDType(op, gates, state);
    const out = allocArray(gates.dtype, sizeOf(outShape)) as Float32Array | Float64Array;
    lstmCellKernel(this.floats(gates, op), this.floats(state, op), gates.shape[0], gates.shape[1] / 4, out);
    return this.track(out, gates.dtype);
  }

  lstmCellBackward(gates: TensorInfo, state: TensorInfo, out: TensorInfo, dOut: TensorInfo): LstmCellGradIds {
    const op = 'lstmCellBackward';
    for (const t of [state, out, dOut]) this.sameDType(op, gates, t);
    const dGates = allocArray(gates.dtype, sizeOf(gates.shape)) as Float32Array | Float64Array;
    const dState = allocArray(gates.dtype, sizeOf(state.shape)) as Float32Array | Float64Array;
    lstmCellBackwardKernel(this.floats(gates, op), this.floats(state, op), this.floats(out, op), this.floats(dOut, op), gates.shape[0], gates.shape[1] / 4, dGates, dState);
    return { dGates: this.track(dGates, gates.dtype), dState: this.track(dState, gates.dtype) };
  }

  // ---- convolution and pooling ---------------------------------------------------------------

  conv2d(x: TensorInfo, w: TensorInfo, p: Conv2dParams, outShape: readonly number[]): DataId {
    this.sameDType('conv2d', x, w);
    const out = conv2dKernel(this.values(x.dataId, 'conv2d'), x.shape, this.values(w.dataId, 'conv2d'), w.shape, p, outShape, this.pool);
    return this.track(out, x.dtype);
  }

  conv2dBackpropInput(dy: TensorInfo, w: TensorInfo, xShape: readonly number[], p: Conv2dParams): DataId {
    this.sameDType('conv2dBackpropInput', dy, w);
    const out = conv2dBackpropInputKernel(
      this.values(dy.dataId, 'conv2dBackpropInput'), dy.shape, this.values(w.dataId, 'conv2dBackpropInput'), w.shape, xShape, p, this.pool,
    );
    return this.track(out, dy.dtype);
  }

  conv2dBackpropFilter(x: TensorInfo, dy: TensorInfo, wShape: readonly number[], p: Conv2dParams): DataId {
    this.sameDType('conv2dBackpropFilter', x, dy);
    const out = conv2dBackpropFilterKernel(
      this.values(x.dataId, 'conv2dBackpropFilter'), x.shape, this.values(dy.dataId, 'conv2dBackpropFilter'), dy.shape, wShape, p, this.pool,
    );
    return this.track(out, x.dtype);
  }

  maxPool2d(x: TensorInfo, p: Pool2dParams, outShape: readonly number[]): DataId {
    return this.track(maxPool2dKernel(this.values(x.dataId, 'maxPool2d'), x.shape, p, outShape), x.dtype);
  }

  maxPool2dBackprop(dy: TensorInfo, x: TensorInfo, p: Pool2dParams): DataId {
    const out = maxPool2dBackpropKernel(
      this.values(dy.dataId, 'maxPool2dBackprop'), dy.shape, this.values(x.dataId, 'maxPool2dBackprop'), x.shape, p,
    );
    return this.track(out, dy.dtype);
  }

  avgPool2d(x: TensorInfo, p: Pool2dParams, outShape: readonly number[]): DataId {
    return this.track(avgPool2dKernel(this.values(x.dataId, 'avgPool2d'), x.shape, p, outShape), x.dtype);
  }

  avgPool2dBackprop(dy: TensorInfo, xShape: readonly number[], p: Pool2dParams): DataId {
    return this.track(avgPool2dBackpropKernel(this.values(dy.dataId, 'avgPool2dBackprop'), dy.shape, xShape, p), dy.dtype);
  }

  // ---- bookkeeping ---------------------------------------------------------------------------

  /** Start the GEMM workers: `requested` threads, or one per core; 1 where memory cannot be shared. */
  private async startThreads(requested: number | undefined): Promise<number> {
    const wanted = requested ?? availableCores();
    if (wanted <= 1 || this.disposed) return this.numThreads;
    if (!canShareMemory()) {
      if (!noSharedMemoryNoted) {
        noSharedMemoryNoted = true;
        console.info('nabla js backend: SharedArrayBuffer is unavailable (the page is not cross-origin isolated), so matmul runs on 1 thread.');
      }
      return 1;
    }
    this.pool = new ThreadPool(wanted);
    await this.pool.started;
    return this.numThreads;
  }

  /** Wrap a fresh array as a tracked buffer. */
  private track(values: TypedArray, dtype: DType): JsBuffer {
    this.numBytes += values.byteLength;
    this.numDataBuffers++;
    return new JsBuffer(values, dtype);
  }

  /** The live JsBuffer behind a DataId, or a BackendError naming `op`. */
  private buffer(dataId: DataId, op: string): JsBuffer {
    if (!(dataId instanceof JsBuffer)) {
      throw new BackendError(op, "received a DataId that the 'js' backend did not create");
    }
    if (dataId.disposed) throw new BackendError(op, "received a buffer that was already disposed");
    return dataId;
  }

  private values(dataId: DataId, op: string): TypedArray {
    return this.buffer(dataId, op).values;
  }

  /** The values of a float buffer (tensor-core sends float operands only to float kernels). */
  private floats(info: TensorInfo, op: string): Float32Array | Float64Array {
    const values = this.values(info.dataId, op);
    if (!(values instanceof Float32Array || values instanceof Float64Array)) {
      throw new DTypeError(op, `expected a float buffer, got ${info.dtype} [${info.shape.join(',')}]`);
    }
    return values;
  }

  /** Operands of one kernel must share a dtype (tensor-core promotes before calling). */
  private sameDType(op: string, a: TensorInfo, b: TensorInfo): void {
    if (a.dtype !== b.dtype) {
      throw new DTypeError(op, `operands must share a dtype, got ${a.dtype} and ${b.dtype}`);
    }
  }

  private intIndices(op: string, indices: TensorInfo): void {
    if (indices.dtype !== 'int32') throw new DTypeError(op, `indices must be int32, got ${indices.dtype}`);
  }
}
