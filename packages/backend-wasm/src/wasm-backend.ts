import type {
  ArgReduceOp, AttentionGradIds, AttentionParams, Backend, BackendMemory, Conv2dParams, DataId, DType, ElementwiseProgram, FusionCosts, Pool2dParams,
  ElementwiseInput, LstmCellGradIds, ReduceOp, TensorInfo, TypedArray,
} from '@nabla/tensor-core';
import { WasmBufferError } from './errors.js';
import { attention, attentionBackward } from './attention/attention.js';
import { argsort } from './sort/argsort.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from './conv/conv2d.js';
import { broadcastTo, concat, gather, pad, scatterAdd, slice, transpose, writeSlice } from './movement/movement.js';
import { elementwise, fill } from './elementwise/elementwise.js';
import { lstmCell, lstmCellBackward } from './recurrent/lstm-cell.js';
import { WASM_FUSION_COSTS } from './elementwise/fusion-costs.js';
import type { KernelContext } from './runtime/kernel-context.js';
import { matmul } from './matmul/matmul.js';
import { avgPool2d, avgPool2dBackprop, maxPool2d, maxPool2dBackprop } from './pool/pool2d.js';
import { argReduce, reduce } from './reduce/reduce.js';
import { WasmBuffer } from './storage/wasm-buffer.js';
import type { KernelVariant } from './wasm/relaxed-simd.js';


/**
 * Backend whose tensors live in one shared WebAssembly memory and whose kernels are
 * AssemblyScript-compiled WebAssembly (SIMD128), optionally spread over worker threads.
 * Create it with createWasmBackend().
 */
export class WasmBackend implements Backend {
  /** Registry name. */
  readonly name = 'wasm';
  /** float64 tensors are stored and computed (scalar f64 paths). */
  readonly supportsFloat64 = true;
  /** When fusion computes a shared value once rather than in each reader (measured: elementwise/fusion-costs.ts). */
  readonly fusionCosts: FusionCosts = WASM_FUSION_COSTS;
  /** Synchronous read: the heap is in this thread's address space. */
  readonly readSync = (dataId: DataId): TypedArray => this.ctx.heap.download(this.own(dataId, 'readSync'));

  /** @internal Use createWasmBackend(). */
  constructor(private readonly ctx: KernelContext) {}

  /** The heap's maximum size: no single buffer can be larger (see setAllocationLimit). */
  get maxAllocationBytes(): number {
    return this.ctx.heap.maximumBytes;
  }

  /** Threads that kernels run on (the calling thread included). */
  get numThreads(): number {
    return this.ctx.pool.numThreads;
  }

  /**
   * 'relaxed-simd' when the float32 GEMM and convolutions use f32x4.relaxed_madd (the engine
   * supports relaxed SIMD), else 'simd128'.
   */
  get kernelVariant(): KernelVariant {
    return this.ctx.kernelVariant;
  }

  /** Stop the worker threads; later kernels run on the calling thread only. */
  dispose(): void {
    this.ctx.pool.terminate();
  }

  write(values: TypedArray, dtype: DType): DataId {
    const out = this.ctx.heap.allocBuffer(values.length, dtype);
    this.ctx.heap.upload(out, values);
    return out;
  }

  fill(size: number, value: number, dtype: DType): DataId {
    return fill(this.ctx, size, value, dtype);
  }

  read(dataId: DataId): Promise<TypedArray> {
    try {
      return Promise.resolve(this.readSync(dataId));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  disposeData(dataId: DataId): void {
    this.ctx.heap.freeBuffer(this.own(dataId, 'disposeData'));
  }

  memory(): BackendMemory {
    const tensors = this.ctx.heap.tensorStats();
    const heap = this.ctx.heap.heapStats();
    return {
      numBytes: tensors.bytes,
      numDataBuffers: tensors.buffers,
      details: {
        heapBytes: heap.heapBytes,
        heapHighWaterBytes: heap.highWaterOffset,
        heapTopBytes: heap.topOffset,
        liveBlockBytes: heap.liveBlockBytes,
        freeBlockBytes: heap.freeBlockBytes,
        memoryGrows: heap.grows,
        numThreads: this.numThreads,
        simd: true,
      },
    };
  }

  elementwise(program: ElementwiseProgram, inputs: readonly ElementwiseInput[], outShape: readonly number[]): DataId {
    return elementwise(this.ctx, program, inputs, outShape);
  }

  reduce(op: ReduceOp, x: TensorInfo, axes: readonly number[], outShape: readonly number[]): DataId {
    return reduce(this.ctx, op, x, axes, outShape);
  }

  argReduce(op: ArgReduceOp, x: TensorInfo, axis: number, outShape: readonly number[]): DataId {
    return argReduce(this.ctx, op, x, axis, outShape);
  }

  matmul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean, outShape: readonly number[]): DataId {
    return matmul(this.ctx, a, b, transposeA, transposeB, outShape);
  }

  transpose(x: TensorInfo, perm: readonly number[], outShape: readonly number[]): DataId {
    return transpose(this.ctx, x, perm, outShape);
  }

  broadcastTo(x: TensorInfo, shape: readonly number[]): DataId {
    return broadcastTo(this.ctx, x, shape);
  }

  slice(x: TensorInfo, begin: readonly number[], size: readonly number[]): DataId {
    return slice(this.ctx, x, begin, size);
  }

  writeSlice(target: TensorInfo, source: TensorInfo, begin: readonly number[]): void {
    writeSlice(this.ctx, target, source, begin);
  }

  pad(x: TensorInfo, pads: readonly (readonly [number, number])[], value: number, outShape: readonly number[]): DataId {
    return pad(this.ctx, x, pads, value, outShape);
  }

  concat(xs: readonly TensorInfo[], axis: number, outShape: readonly number[]): DataId {
    return concat(this.ctx, xs, axis, outShape);
  }

  gather(x: TensorInfo, indices: TensorInfo, axis: number, outShape: readonly number[]): DataId {
    return gather(this.ctx, x, indices, axis, outShape);
  }

  scatterAdd(x: TensorInfo, indices: TensorInfo, updates: TensorInfo, axis: number): DataId {
    return scatterAdd(this.ctx, x, indices, updates, axis);
  }

  argsort(x: TensorInfo, axis: number, descending: boolean): DataId {
    return argsort(this.ctx, x, axis, descending);
  }

  attention(q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, p: AttentionParams, outShape: readonly number[]): DataId {
    return attention(this.ctx, q, k, v, bias, p, outShape);
  }

  attentionBackward(q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, out: TensorInfo, dOut: TensorInfo, p: AttentionParams): AttentionGradIds {
    return attentionBackward(this.ctx, q, k, v, bias, out, dOut, p);
  }

  lstmCell(gates: TensorInfo, state: TensorInfo, outShape: readonly number[]): DataId {
    return lstmCell(this.ctx, gates, state, outShape);
  }

  lstmCellBackward(gates: TensorInfo, state: TensorInfo, out: TensorInfo, dOut: TensorInfo): LstmCellGradIds {
    return lstmCellBackward(this.ctx, gates, state, out, dOut);
  }

  conv2d(x: TensorInfo, w: TensorInfo, p: Conv2dParams, outShape: readonly number[]): DataId {
    return conv2d(this.ctx, x, w, p, outShape);
  }

  conv2dBackpropInput(dy: TensorInfo, w: TensorInfo, xShape: readonly number[], p: Conv2dParams): DataId {
    return conv2dBackpropInput(this.ctx, dy, w, xShape, p);
  }

  conv2dBackpropFilter(x: TensorInfo, dy: TensorInfo, wShape: readonly number[], p: Conv2dParams): DataId {
    return conv2dBackpropFilter(this.ctx, x, dy, wShape, p);
  }

  maxPool2d(x: TensorInfo, p: Pool2dParams, outShape: readonly number[]): DataId {
    return maxPool2d(this.ctx, x, p, outShape);
  }

  maxPool2dBackprop(dy: TensorInfo, x: TensorInfo, p: Pool2dParams): DataId {
    return maxPool2dBackprop(this.ctx, dy, x, p);
  }

  avgPool2d(x: TensorInfo, p: Pool2dParams, outShape: readonly number[]): DataId {
    return avgPool2d(this.ctx, x, p, outShape);
  }

  avgPool2dBackprop(dy: TensorInfo, xShape: readonly number[], p: Pool2dParams): DataId {
    return avgPool2dBackprop(this.ctx, dy, xShape, p);
  }

  private own(dataId: DataId, op: string): WasmBuffer {
    if (!(dataId instanceof WasmBuffer)) throw new WasmBufferError(op, `wasm backend received a buffer that does not belong to the wasm backend`);
    if (dataId.disposed) throw new WasmBufferError(op, `wasm backend received a disposed ${dataId.dtype} buffer of ${dataId.size} elements`);
    return dataId;
  }
}
