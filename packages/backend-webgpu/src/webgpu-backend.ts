import type {
  ArgReduceOp, AttentionGradIds, AttentionParams, Backend, BackendMemory, Conv2dParams, DataId, DType, ElementwiseProgram, Pool2dParams, ReduceOp,
  ElementwiseInput, LstmCellGradIds, TensorInfo, TypedArray,
} from '@nabla/tensor-core';
import { OutOfMemoryError, currentOpName, formatBytes, programOutDType, reduceOutDType, sizeOf } from '@nabla/tensor-core';
import { acquireDevice, type DeviceOptions } from './runtime/acquire-device.js';
import { WebGPUDataError } from './errors.js';
import { GPUTensorData, type GPUInput } from './storage/gpu-data.js';
import { GPURuntime } from './runtime/gpu-runtime.js';
import { argReduce } from './reduce/arg-reduce.js';
import { avgPool2d, avgPool2dBackprop } from './pool/avg-pool.js';
import { concat } from './movement/concat.js';
import { conv2d } from './conv/conv2d.js';
import { elementwise } from './elementwise/elementwise.js';
import { conv2dBackpropFilter } from './conv/conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv/conv2d-backprop-input.js';
import { sliceRuns } from '@nabla/tensor-core/kernel-kit';
import { fill } from './storage/fill.js';
import { gather } from './movement/gather.js';
import { matmul } from './matmul/matmul.js';
import { maxPool2d, maxPool2dBackprop } from './pool/max-pool.js';
import { argsort } from './sort/argsort.js';
import { attentionForward } from './attention/forward.js';
import { attentionBackward } from './attention/backward.js';
import { lstmCellForward } from './recurrent/forward.js';
import { lstmCellBackward } from './recurrent/backward.js';
import { pad } from './movement/pad.js';
import { reduce } from './reduce/reduce.js';
import { scatterAdd } from './movement/scatter-add.js';
import { broadcastTo, slice, transpose } from './movement/strided-copy.js';
import { BYTES_PER_WORD, fromStorageWords, scalarWord, storageType, toStorageWords } from './storage/storage-layout.js';

/** Options of {@link createWebGPUBackend}. */
export interface WebGPUBackendOptions extends DeviceOptions {
  /** Dispatches recorded before the batch is submitted without waiting for a read (default 64). */
  readonly maxDispatchesPerSubmit?: number;
}

/**
 * The WebGPU backend: every kernel records a compute pass and returns at once; `read` is the only
 * synchronisation point. There is deliberately no `readSync` (see {@link WebGPUSyncReadError}).
 */
export class WebGPUBackend implements Backend {
  /** Registry name. */
  readonly name = 'webgpu';
  /** WGSL has no f64 storage. */
  readonly supportsFloat64 = false;

  /** The largest buffer a kernel can bind: the device's maxBufferSize and maxStorageBufferBindingSize, whichever is smaller. */
  readonly maxAllocationBytes: number;

  private liveBytes = 0;
  private liveBuffers = 0;

  /** @internal Use createWebGPUBackend(). */
  constructor(
    private readonly rt: GPURuntime,
    /** The adapter this backend runs on. */
    readonly adapter: GPUAdapter,
  ) {
    const limits = rt.device.limits;
    this.maxAllocationBytes = Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize);
  }

  /** False once the device was lost or reported an error: `setBackend('webgpu')` then creates a new device. */
  get usable(): boolean {
    return !this.rt.isLost && !this.rt.hasFailed;
  }

  /** The WebGPU device (for interop and diagnostics). */
  get device(): GPUDevice {
    return this.rt.device;
  }

  // ---- storage ---------------------------------------------------------------------------------

  /** Upload `values` into a new buffer of `dtype`. */
  write(values: TypedArray, dtype: DType): DataId {
    this.rt.check('write');
    const words = toStorageWords(values, dtype);
    const data = this.allocate(values.length, dtype, 'write');
    if (words.length > 0) this.rt.device.queue.writeBuffer(data.buffer, 0, words);
    return data;
  }

  /** A new buffer of `size` elements all equal to `value` (converted like a typed-array store). */
  fill(size: number, value: number, dtype: DType): DataId {
    this.rt.check('fill');
    const data = this.allocate(size, dtype, 'fill');
    fill(this.rt, size, scalarWord(value, dtype, 'fill'), data.buffer);
    return data;
  }

  /** Submit pending work, copy the buffer to a staging buffer and map it. */
  async read(dataId: DataId): Promise<TypedArray> {
    this.rt.check('read');
    const data = this.resolve(dataId, 'read');
    const bytes = data.size * BYTES_PER_WORD;
    if (bytes === 0) {
      await this.rt.submit();
      return fromStorageWords(new ArrayBuffer(0), 0, data.dtype);
    }
    const staging = this.rt.staging.acquire(bytes);
    this.rt.commandEncoder().copyBufferToBuffer(data.buffer, 0, staging, 0, bytes);
    const submitted = this.rt.submit();
    try {
      await Promise.all([staging.mapAsync(GPUMapMode.READ, 0, bytes), submitted]);
      const result = fromStorageWords(staging.getMappedRange(0, bytes), data.size, data.dtype);
      staging.unmap();
      this.rt.staging.release(staging);
      return result;
    } catch (error) {
      this.rt.check('read');
      throw error;
    }
  }

  /** Release a buffer to the pool once the work already recorded no longer needs it. */
  disposeData(dataId: DataId): void {
    const data = this.resolve(dataId, 'disposeData');
    data.disposed = true;
    this.liveBytes -= data.buffer.size;
    this.liveBuffers--;
    this.rt.whenSubmitted(() => this.rt.storage.release(data.buffer));
  }

  /** GPU bytes of live tensors (pooled capacity, 4 bytes per element) and pool statistics. */
  memory(): BackendMemory {
    const storage = this.rt.storage.stats();
    const staging = this.rt.staging.stats();
    return {
      numBytes: this.liveBytes,
      numDataBuffers: this.liveBuffers,
      details: {
        pooledFreeBytes: storage.freeBytes + staging.freeBytes,
        pooledFreeBuffers: storage.freeBuffers + staging.freeBuffers,
        buffersCreated: storage.created + staging.created,
        pipelines: this.rt.pipelines.size,
        submits: this.rt.submitCount,
        dispatches: this.rt.dispatchCount,
        deviceLost: this.rt.isLost,
      },
    };
  }

  // ---- elementwise -----------------------------------------------------------------------------

  /** Run an elementwise program (one compute pass) on inputs broadcast to `outShape`. */
  elementwise(program: ElementwiseProgram, inputs: readonly ElementwiseInput[], outShape: readonly number[]): DataId {
    const resolved = inputs.map((x) => this.input(x, 'elementwise'));
    const views = inputs.map((x) => x.view);
    return this.run(sizeOf(outShape), programOutDType(program), 'elementwise', (out) => elementwise(this.rt, program, resolved, outShape, out, views));
  }

  // ---- reductions ------------------------------------------------------------------------------

  /** Reduce over `axes` into `outShape`. */
  reduce(op: ReduceOp, x: TensorInfo, axes: readonly number[], outShape: readonly number[]): DataId {
    const xi = this.input(x, op);
    return this.run(sizeOf(outShape), reduceOutDType(op, x.dtype), op, (out) => reduce(this.rt, op, xi, axes, outShape, out));
  }

  /** argmax / argmin along `axis` into `outShape`. */
  argReduce(op: ArgReduceOp, x: TensorInfo, axis: number, outShape: readonly number[]): DataId {
    const xi = this.input(x, op);
    return this.run(sizeOf(outShape), 'int32', op, (out) => argReduce(this.rt, op, xi, axis, outShape, out));
  }

  // ---- linear algebra --------------------------------------------------------------------------

  /** Batched, optionally transposed matrix product into `outShape` [batch, M, N]. */
  matmul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean, outShape: readonly number[]): DataId {
    const ai = this.input(a, 'matmul');
    const bi = this.input(b, 'matmul');
    return this.run(sizeOf(outShape), a.dtype, 'matmul', (out) => matmul(this.rt, ai, bi, transposeA, transposeB, outShape, out));
  }

  // ---- data movement ---------------------------------------------------------------------------

  /** Permute axes into `outShape`. */
  transpose(x: TensorInfo, perm: readonly number[], outShape: readonly number[]): DataId {
    const xi = this.input(x, 'transpose');
    return this.run(sizeOf(outShape), x.dtype, 'transpose', (out) => transpose(this.rt, xi, perm, outShape, out));
  }

  /** Same-rank broadcast. */
  broadcastTo(x: TensorInfo, shape: readonly number[]): DataId {
    const xi = this.input(x, 'broadcastTo');
    return this.run(sizeOf(shape), x.dtype, 'broadcastTo', (out) => broadcastTo(this.rt, xi, shape, out));
  }

  /** Contiguous box. */
  slice(x: TensorInfo, begin: readonly number[], size: readonly number[]): DataId {
    const xi = this.input(x, 'slice');
    return this.run(sizeOf(size), x.dtype, 'slice', (out) => slice(this.rt, xi, begin, size, out));
  }

  /** Overwrite a box of `target` in place: one buffer-to-buffer copy per contiguous run, in the current batch. */
  writeSlice(target: TensorInfo, source: TensorInfo, begin: readonly number[]): void {
    this.rt.check('writeSlice');
    const dst = this.input(target, 'writeSlice');
    const src = this.input(source, 'writeSlice');
    const { length, targetOffsets } = sliceRuns(target.shape, source.shape, begin);
    const encoder = this.rt.commandEncoder();
    targetOffsets.forEach((at, r) => {
      encoder.copyBufferToBuffer(src.buffer, r * length * BYTES_PER_WORD, dst.buffer, at * BYTES_PER_WORD, length * BYTES_PER_WORD);
    });
  }

  /** Constant padding into `outShape`. */
  pad(x: TensorInfo, pads: readonly (readonly [number, number])[], value: number, outShape: readonly number[]): DataId {
    const xi = this.input(x, 'pad');
    return this.run(sizeOf(outShape), x.dtype, 'pad', (out) => pad(this.rt, xi, pads, scalarWord(value, x.dtype, 'pad'), outShape, out));
  }

  /** Join along `axis` into `outShape`. */
  concat(xs: readonly TensorInfo[], axis: number, outShape: readonly number[]): DataId {
    const inputs = xs.map((x) => this.input(x, 'concat'));
    return this.run(sizeOf(outShape), xs[0].dtype, 'concat', (out) => concat(this.rt, inputs, axis, outShape, out));
  }

  /** Select slices along `axis` into `outShape`. */
  gather(x: TensorInfo, indices: TensorInfo, axis: number, outShape: readonly number[]): DataId {
    const xi = this.input(x, 'gather');
    const ii = this.input(indices, 'gather');
    return this.run(sizeOf(outShape), x.dtype, 'gather', (out) => gather(this.rt, xi, ii, axis, outShape, out));
  }

  /** Accumulate `updates` into a copy of `x` at `indices` along `axis`. */
  scatterAdd(x: TensorInfo, indices: TensorInfo, updates: TensorInfo, axis: number): DataId {
    const xi = this.input(x, 'scatterAdd');
    const ii = this.input(indices, 'scatterAdd');
    const ui = this.input(updates, 'scatterAdd');
    return this.run(sizeOf(x.shape), x.dtype, 'scatterAdd', (out) => scatterAdd(this.rt, xi, ii, ui, axis, out));
  }

  // ---- convolution and pooling -----------------------------------------------------------------

  /** NCHW convolution into `outShape`. */
  conv2d(x: TensorInfo, w: TensorInfo, p: Conv2dParams, outShape: readonly number[]): DataId {
    const xi = this.input(x, 'conv2d');
    const wi = this.input(w, 'conv2d');
    return this.run(sizeOf(outShape), x.dtype, 'conv2d', (out) => conv2d(this.rt, xi, wi, p, outShape, out));
  }

  /** Gradient of conv2d with respect to its input. */
  conv2dBackpropInput(dy: TensorInfo, w: TensorInfo, xShape: readonly number[], p: Conv2dParams): DataId {
    const di = this.input(dy, 'conv2dBackpropInput');
    const wi = this.input(w, 'conv2dBackpropInput');
    return this.run(sizeOf(xShape), dy.dtype, 'conv2dBackpropInput', (out) => conv2dBackpropInput(this.rt, di, wi, xShape, p, out));
  }

  /** Gradient of conv2d with respect to its filters. */
  conv2dBackpropFilter(x: TensorInfo, dy: TensorInfo, wShape: readonly number[], p: Conv2dParams): DataId {
    const xi = this.input(x, 'conv2dBackpropFilter');
    const di = this.input(dy, 'conv2dBackpropFilter');
    return this.run(sizeOf(wShape), x.dtype, 'conv2dBackpropFilter', (out) => conv2dBackpropFilter(this.rt, xi, di, wShape, p, out));
  }

  /** Stable sort order along `axis`. */
  argsort(x: TensorInfo, axis: number, descending: boolean): DataId {
    const xi = this.input(x, 'argsort');
    return this.run(sizeOf(x.shape), 'int32', 'argsort', (out) => argsort(this.rt, xi, axis, descending, out));
  }

  /** Fused attention into the packed `outShape` [B, L, Ev + 1]. */
  attention(q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, p: AttentionParams, outShape: readonly number[]): DataId {
    const op = 'attention';
    const [qi, ki, vi] = [this.input(q, op), this.input(k, op), this.input(v, op)];
    const bi = bias ? this.input(bias, op) : null;
    return this.run(sizeOf(outShape), q.dtype, op, (out) => attentionForward(this.rt, qi, ki, vi, bi, p, out));
  }

  attentionBackward(q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, out: TensorInfo, dOut: TensorInfo, p: AttentionParams): AttentionGradIds {
    const op = 'attentionBackward';
    this.rt.check(op);
    const inputs = [q, k, v, out, dOut].map((t) => this.input(t, op));
    const bi = bias ? this.input(bias, op) : null;
    const dq = this.allocate(sizeOf(q.shape), q.dtype, op);
    const dk = this.allocate(sizeOf(k.shape), q.dtype, op);
    const dv = this.allocate(sizeOf(v.shape), q.dtype, op);
    try {
      attentionBackward(this.rt, inputs[0], inputs[1], inputs[2], bi, inputs[3], inputs[4], p, { dq: dq.buffer, dk: dk.buffer, dv: dv.buffer });
    } catch (error) {
      for (const d of [dq, dk, dv]) this.disposeData(d);
      throw error;
    }
    return { dq, dk, dv };
  }

  // ---- recurrent cells -------------------------------------------------------------------------

  /** Fused LSTM cell: gates [B, 4H] and state [B, 2H] → `outShape` [B, 2H] = [h' | c'] (one dispatch). */
  lstmCell(gates: TensorInfo, state: TensorInfo, outShape: readonly number[]): DataId {
    const op = 'lstmCell';
    const [gi, si] = [this.input(gates, op), this.input(state, op)];
    return this.run(sizeOf(outShape), gates.dtype, op, (out) => lstmCellForward(this.rt, gi, si, out));
  }

  /** Gradients of {@link WebGPUBackend.lstmCell}: dGates [B, 4H] and dState [B, 2H] from one dispatch. */
  lstmCellBackward(gates: TensorInfo, state: TensorInfo, out: TensorInfo, dOut: TensorInfo): LstmCellGradIds {
    const op = 'lstmCellBackward';
    this.rt.check(op);
    const [gi, si, oi, di] = [gates, state, out, dOut].map((t) => this.input(t, op));
    const dGates = this.allocate(sizeOf(gates.shape), gates.dtype, op);
    const dState = this.allocate(sizeOf(state.shape), gates.dtype, op);
    try {
      lstmCellBackward(this.rt, gi, si, oi, di, { dGates: dGates.buffer, dState: dState.buffer });
    } catch (error) {
      this.disposeData(dGates);
      this.disposeData(dState);
      throw error;
    }
    return { dGates, dState };
  }

  /** Max pooling into `outShape`. */
  maxPool2d(x: TensorInfo, p: Pool2dParams, outShape: readonly number[]): DataId {
    const xi = this.input(x, 'maxPool2d');
    return this.run(sizeOf(outShape), x.dtype, 'maxPool2d', (out) => maxPool2d(this.rt, xi, p, outShape, out));
  }

  /** Gradient of max pooling: dy routed to each window's first maximum. */
  maxPool2dBackprop(dy: TensorInfo, x: TensorInfo, p: Pool2dParams): DataId {
    const di = this.input(dy, 'maxPool2dBackprop');
    const xi = this.input(x, 'maxPool2dBackprop');
    return this.run(sizeOf(x.shape), x.dtype, 'maxPool2dBackprop', (out) => maxPool2dBackprop(this.rt, di, xi, p, out));
  }

  /** Average pooling into `outShape`. */
  avgPool2d(x: TensorInfo, p: Pool2dParams, outShape: readonly number[]): DataId {
    const xi = this.input(x, 'avgPool2d');
    return this.run(sizeOf(outShape), x.dtype, 'avgPool2d', (out) => avgPool2d(this.rt, xi, p, outShape, out));
  }

  /** Gradient of average pooling. */
  avgPool2dBackprop(dy: TensorInfo, xShape: readonly number[], p: Pool2dParams): DataId {
    const di = this.input(dy, 'avgPool2dBackprop');
    return this.run(sizeOf(xShape), dy.dtype, 'avgPool2dBackprop', (out) => avgPool2dBackprop(this.rt, di, xShape, p, out));
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Submit recorded work and wait until the GPU finished it (and its error scopes are known). */
  async flush(): Promise<void> {
    this.rt.check('flush');
    await Promise.all([this.rt.submit(), this.rt.device.queue.onSubmittedWorkDone()]);
  }

  /** Release the device and every buffer (Backend.dispose); the backend is unusable afterwards. */
  dispose(): void {
    this.destroy();
  }

  /** Destroy the device and every buffer; the backend is unusable afterwards. */
  destroy(): void {
    this.rt.storage.trim();
    this.rt.staging.trim();
    this.rt.device.destroy();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private allocate(size: number, dtype: DType, op: string): GPUTensorData {
    storageType(dtype, op);
    const bytes = size * BYTES_PER_WORD;
    if (bytes > this.maxAllocationBytes) {
      // refused before the device sees it: an oversized createBuffer would poison the device
      throw new OutOfMemoryError(
        currentOpName(),
        `${size} ${dtype} elements need ${bytes} bytes (${formatBytes(bytes)}) on the GPU (4 bytes per element), above the device's limit of ${this.maxAllocationBytes} bytes (${formatBytes(this.maxAllocationBytes)}, maxBufferSize/maxStorageBufferBindingSize); nothing was allocated`,
        bytes,
      );
    }
    const buffer = this.rt.storage.acquire(bytes);
    this.liveBytes += buffer.size;
    this.liveBuffers++;
    return new GPUTensorData(buffer, size, dtype);
  }

  /** Allocate the output, record the kernel, and hand back the output handle. */
  private run(size: number, dtype: DType, op: string, record: (out: GPUBuffer) => void): GPUTensorData {
    this.rt.check(op);
    const out = this.allocate(size, dtype, op);
    try {
      record(out.buffer);
    } catch (error) {
      this.disposeData(out);
      throw error;
    }
    return out;
  }

  private resolve(dataId: DataId, op: string): GPUTensorData {
    if (!(dataId instanceof GPUTensorData)) {
      throw new WebGPUDataError(op, `the buffer handle was not created by the 'webgpu' backend`);
    }
    if (dataId.disposed) throw new WebGPUDataError(op, `the buffer was already disposed`);
    return dataId;
  }

  private input(info: TensorInfo, op: string): GPUInput {
    const data = this.resolve(info.dataId, op);
    return { buffer: data.buffer, shape: info.shape, dtype: info.dtype };
  }
}

/** Create a {@link WebGPUBackend}; rejects with {@link WebGPUUnavailableError} when no adapter or device is available. */
export async function createWebGPUBackend(options: WebGPUBackendOptions = {}): Promise<WebGPUBackend> {
  const { adapter, device } = await acquireDevice(options);
  return new WebGPUBackend(new GPURuntime(device, options.maxDispatchesPerSubmit ?? 64), adapter);
}
