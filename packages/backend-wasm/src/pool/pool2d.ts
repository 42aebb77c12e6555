import type { Pool2dParams, TensorInfo } from '@nabla/tensor-core';
import { DTypeError, fmtShape, sizeOf } from '@nabla/tensor-core';
import { dtypeCode } from '../storage/dtype-layout.js';
import type { WasmBuffer } from '../storage/wasm-buffer.js';
import { bufferOf, writeParams, type KernelContext } from '../runtime/kernel-context.js';
import { MIN_PARALLEL_POOL_CELLS } from '../runtime/parallel-thresholds.js';

type PoolKernel = 'max_pool' | 'avg_pool' | 'max_pool_backprop' | 'avg_pool_backprop';

function requirePoolable(op: string, info: TensorInfo): void {
  if (info.dtype === 'bool') throw new DTypeError(op, `the wasm backend does not pool bool tensors (got bool ${fmtShape(info.shape)})`);
}

/**
 * Run a pooling kernel on input `xShape` whose forward output is `yShape` (the pool's `outShape`,
 * the backprops' dy.shape): writes the geometry block and shares the windows among threads.
 */
function runPool(
  ctx: KernelContext, kernel: PoolKernel, out: WasmBuffer, buffers: readonly WasmBuffer[],
  xShape: readonly number[], yShape: readonly number[], p: Pool2dParams,
): void {
  if (out.size === 0) return;
  const [n, c, h, w] = xShape;
  const [, , oh, ow] = yShape;
  const [geometry] = writeParams(ctx, [n * c, h, w, oh, ow, p.kernel[0], p.kernel[1], p.strides[0], p.strides[1], p.pads[0], p.pads[2], p.countIncludePad ? 1 : 0]);
  const cells = n * c * oh * ow * p.kernel[0] * p.kernel[1];
  const threads = ctx.pool.threadsFor(cells, MIN_PARALLEL_POOL_CELLS);
  ctx.pool.run(kernel, [dtypeCode(out.dtype), ...buffers.map((b) => b.ptr), out.ptr, geometry], threads);
}

/** Max pooling into `outShape` (padded cells never win). */
export function maxPool2d(ctx: KernelContext, x: TensorInfo, p: Pool2dParams, outShape: readonly number[]): WasmBuffer {
  requirePoolable('maxPool2d', x);
  const out = ctx.heap.allocBuffer(sizeOf(outShape), x.dtype);
  runPool(ctx, 'max_pool', out, [bufferOf(x, 'maxPool2d')], x.shape, outShape, p);
  return out;
}

/** Gradient of max pooling: dy goes to the first maximal cell of each window. */
export function maxPool2dBackprop(ctx: KernelContext, dy: TensorInfo, x: TensorInfo, p: Pool2dParams): WasmBuffer {
  requirePoolable('maxPool2dBackprop', x);
  const out = ctx.heap.allocBuffer(bufferOf(x, 'maxPool2dBackprop').size, x.dtype);
  runPool(ctx, 'max_pool_backprop', out, [bufferOf(dy, 'maxPool2dBackprop'), bufferOf(x, 'maxPool2dBackprop')], x.shape, dy.shape, p);
  return out;
}

/** Average pooling into `outShape`. */
export function avgPool2d(ctx: KernelContext, x: TensorInfo, p: Pool2dParams, outShape: readonly number[]): WasmBuffer {
  requirePoolable('avgPool2d', x);
  const out = ctx.heap.allocBuffer(sizeOf(outShape), x.dtype);
  runPool(ctx, 'avg_pool', out, [bufferOf(x, 'avgPool2d')], x.shape, outShape, p);
  return out;
}

/** Gradient of average pooling. */
export function avgPool2dBackprop(ctx: KernelContext, dy: TensorInfo, xShape: readonly number[], p: Pool2dParams): WasmBuffer {
  requirePoolable('avgPool2dBackprop', dy);
  const out = ctx.heap.allocBuffer(sizeOf(xShape), dy.dtype);
  runPool(ctx, 'avg_pool_backprop', out, [bufferOf(dy, 'avgPool2dBackprop')], xShape, dy.shape, p);
  return out;
}
