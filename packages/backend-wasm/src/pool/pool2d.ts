import type { Pool2dParams, TensorInfo } from '@nabla/tensor-core';
import { DTypeError, fmtShape } from '@nabla/tensor-core';
import { convOutSize } from '@nabla/tensor-core/kernel-kit';
import { dtypeCode } from '../storage/dtype-layout.js';
import type { WasmBuffer } from '../storage/wasm-buffer.js';
import { bufferOf, writeParams, type KernelContext } from '../runtime/kernel-context.js';
import { MIN_PARALLEL_POOL_CELLS } from '../runtime/parallel-thresholds.js';

type PoolKernel = 'max_pool' | 'avg_pool' | 'max_pool_backprop' | 'avg_pool_backprop';

function requirePoolable(op: string, info: TensorInfo): void {
  if (info.dtype === 'bool') throw new DTypeError(op, `the wasm backend does not pool bool tensors (got bool ${fmtShape(info.shape)})`);
}

/** Output spatial size and the geometry block of a pooling call on input xShape. */
function geometry(ctx: KernelContext, xShape: readonly number[], p: Pool2dParams): { ptr: number; oh: number; ow: number } {
  const [n, c, h, w] = xShape;
  const oh = convOutSize(h, p.kernel[0], p.strides[0], p.pads[0], p.pads[1], 1);
  const ow = convOutSize(w, p.kernel[1], p.strides[1], p.pads[2], p.pads[3], 1);
  const [ptr] = writeParams(ctx, [n * c, h, w, oh, ow, p.kernel[0], p.kernel[1], p.strides[0], p.strides[1], p.pads[0], p.pads[2], p.countIncludePad ? 1 : 0]);
  return { ptr, oh, ow };
}

function runPool(ctx: KernelContext, kernel: PoolKernel, out: WasmBuffer, buffers: readonly WasmBuffer[], xShape: readonly number[], p: Pool2dParams): void {
  const g = geometry(ctx, xShape, p);
  if (out.size === 0) return;
  const cells = xShape[0] * xShape[1] * g.oh * g.ow * p.kernel[0] * p.kernel[1];
  const threads = ctx.pool.threadsFor(cells, MIN_PARALLEL_POOL_CELLS);
  ctx.pool.run(kernel, [dtypeCode(out.dtype), ...buffers.map((b) => b.ptr), out.ptr, g.ptr], threads);
}

function pooledSize(xShape: readonly number[], p: Pool2dParams): number {
  const oh = convOutSize(xShape[2], p.kernel[0], p.strides[0], p.pads[0], p.pads[1], 1);
  const ow = convOutSize(xShape[3], p.kernel[1], p.strides[1], p.pads[2], p.pads[3], 1);
  return xShape[0] * xShape[1] * oh * ow;
}

/** Max pooling (padded cells never win). */
export function maxPool2d(ctx: KernelContext, x: TensorInfo, p: Pool2dParams): WasmBuffer {
  requirePoolable('maxPool2d', x);
  const out = ctx.heap.allocBuffer(pooledSize(x.shape, p), x.dtype);
  runPool(ctx, 'max_pool', out, [bufferOf(x, 'maxPool2d')], x.shape, p);
  return out;
}

/** Gradient of max pooling: dy goes to the first maximal cell of each window. */
export function maxPool2dBackprop(ctx: KernelContext, dy: TensorInfo, x: TensorInfo, p: Pool2dParams): WasmBuffer {
  requirePoolable('maxPool2dBackprop', x);
  const out = ctx.heap.allocBuffer(bufferOf(x, 'maxPool2dBackprop').size, x.dtype);
  runPool(ctx, 'max_pool_backprop', out, [bufferOf(dy, 'maxPool2dBackprop'), bufferOf(x, 'maxPool2dBackprop')], x.shape, p);
  return out;
}

/** Average pooling. */
export function avgPool2d(ctx: KernelContext, x: TensorInfo, p: Pool2dParams): WasmBuffer {
  requirePoolable('avgPool2d', x);
  const out = ctx.heap.allocBuffer(pooledSize(x.shape, p), x.dtype);
  runPool(ctx, 'avg_pool', out, [bufferOf(x, 'avgPool2d')], x.shape, p);
  return out;
}

/** Gradient of average pooling. */
export function avgPool2dBackprop(ctx: KernelContext, dy: TensorInfo, xShape: readonly number[], p: Pool2dParams): WasmBuffer {
  requirePoolable('avgPool2dBackprop', dy);
  const out = ctx.heap.allocBuffer(xShape[0] * xShape[1] * xShape[2] * xShape[3], dy.dtype);
  runPool(ctx, 'avg_pool_backprop', out, [bufferOf(dy, 'avgPool2dBackprop')], xShape, p);
  return out;
}
