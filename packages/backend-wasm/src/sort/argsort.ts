/** Stable argsort along one axis, on the host over the wasm heap's values (a comparison sort has no SIMD to gain). */
import type { TensorInfo } from '@nabla/tensor-core';
import { argsortLines } from '@nabla/tensor-core/kernel-kit';
import type { WasmBuffer } from '../storage/wasm-buffer.js';
import { bufferOf, type KernelContext } from '../runtime/kernel-context.js';

/** int32 of x's shape: per line along `axis`, the source positions in sorted order. */
export function argsort(ctx: KernelContext, x: TensorInfo, axis: number, descending: boolean): WasmBuffer {
  const result = argsortLines(ctx.heap.download(bufferOf(x, 'argsort')), x.shape, axis, descending);
  const out = ctx.heap.allocBuffer(result.length, 'int32');
  if (result.length > 0) ctx.heap.int32View(out.ptr, result.length).set(result);
  return out;
}
