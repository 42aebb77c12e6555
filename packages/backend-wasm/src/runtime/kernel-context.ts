import type { TensorInfo } from '@nabla/tensor-core';
import { WasmBackendError, WasmBufferError } from '../errors.js';
import type { WasmHeap } from '../storage/wasm-heap.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import type { KernelExports } from '../wasm/kernel-exports.js';
import type { KernelVariant } from '../wasm/relaxed-simd.js';
import { WasmBuffer } from '../storage/wasm-buffer.js';

/** Capacity, in int32 words, of the parameter block. */
export const PARAM_WORDS = 1024;

/** Everything a kernel wrapper needs: storage, threads, the raw exports and scratch areas. */
export interface KernelContext {
  readonly heap: WasmHeap;
  readonly pool: ThreadPool;
  readonly kernels: KernelExports;
  /** Byte offset of a PARAM_WORDS-word block for shapes and strides passed to kernels. */
  readonly paramPtr: number;
  /** Per-thread GEMM packing scratch: thread t uses gemmScratchPtr + t * gemmScratchStride. */
  readonly gemmScratchPtr: number;
  readonly gemmScratchStride: number;
  /** Byte offset of an int32 that kernels sharing out work blocks count up with atomics. */
  readonly workCounterPtr: number;
  /** Whether the float32 GEMM and convolutions run the relaxed-SIMD overlay. */
  readonly kernelVariant: KernelVariant;
}

/** The live WasmBuffer behind a TensorInfo. */
export function bufferOf(info: TensorInfo, op: string): WasmBuffer {
  const id = info.dataId;
  if (!(id instanceof WasmBuffer)) throw new WasmBufferError(op, `wasm backend received a buffer that does not belong to the wasm backend`);
  if (id.disposed) throw new WasmBufferError(op, `wasm backend received a disposed ${id.dtype} buffer of shape [${info.shape.join(', ')}]`);
  return id;
}

/** int32 and float64 views of one context's parameter block. */
interface ParamViews {
  readonly words: Int32Array;
  readonly doubles: Float64Array;
}

const paramViews = new WeakMap<KernelContext, ParamViews>();

/**
 * The parameter block as int32 words and as float64s (starting at its first byte), made once per
 * context: reading `memory.buffer` and allocating views on every kernel call is a large part of a
 * small op's cost. A shared memory's buffer stays valid as the memory grows; a plain memory's is
 * detached by growing (length 0), and the views are then made again.
 */
export function paramBlock(ctx: KernelContext): ParamViews {
  let views = paramViews.get(ctx);
  if (views === undefined || views.words.length === 0) {
    const words = ctx.heap.int32View(ctx.paramPtr, PARAM_WORDS);
    views = { words, doubles: new Float64Array(words.buffer, ctx.paramPtr, PARAM_WORDS / 2) };
    paramViews.set(ctx, views);
  }
  return views;
}

/**
 * Write int32 arrays back to back into the parameter block; returns the byte offset of each.
 * Valid until the next kernel call.
 */
export function writeParams(ctx: KernelContext, ...arrays: readonly (readonly number[])[]): number[] {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  if (total > PARAM_WORDS) throw new WasmBackendError('writeParams', `${total} kernel parameters exceed the ${PARAM_WORDS}-word block`);
  const view = paramBlock(ctx).words;
  const ptrs: number[] = [];
  let at = 0;
  for (const a of arrays) {
    ptrs.push(ctx.paramPtr + at * 4);
    view.set(a, at);
    at += a.length;
  }
  return ptrs;
}
