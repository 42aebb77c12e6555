import type { Conv2dParams, TensorInfo } from '@nabla/tensor-core';
import { sizeOf } from '@nabla/tensor-core';
import { bytesPerElement, dtypeCode } from '../storage/dtype-layout.js';
import type { WasmBuffer } from '../storage/wasm-buffer.js';
import { requireFloat } from '../runtime/float-only.js';
import { bufferOf, writeParams, type KernelContext } from '../runtime/kernel-context.js';
import { MIN_PARALLEL_MACS } from '../runtime/parallel-thresholds.js';

type ConvKernel = 'conv2d_forward' | 'conv2d_backprop_input' | 'conv2d_backprop_filter';

/**
 * Run one of the im2col + GEMM kernels of x `xShape`, w `wShape` and the forward output y `yShape`
 * (conv2d's `outShape`, the backprops' dy.shape): builds the geometry block, gives each thread an
 * im2col scratch slice (none for 1x1 unit-stride unpadded kernels) and frees it afterwards.
 */
function runConv(
  ctx: KernelContext, kernel: ConvKernel, first: WasmBuffer, second: WasmBuffer, out: WasmBuffer,
  xShape: readonly number[], wShape: readonly number[], yShape: readonly number[], p: Conv2dParams,
): void {
  const [n, c, h, w] = xShape;
  const [o, , kh, kw] = wShape;
  const [, , oh, ow] = yShape;
  if (out.size === 0) return;
  const [geometry] = writeParams(ctx, [n, c, h, w, o, kh, kw, oh, ow, p.strides[0], p.strides[1], p.pads[0], p.pads[2], p.dilations[0], p.dilations[1]]);
  const pointwise = kh === 1 && kw === 1 && p.strides[0] === 1 && p.strides[1] === 1 && p.pads.every((v) => v === 0) && oh === h && ow === w;
  const threads = ctx.pool.threadsFor(n * o * c * kh * kw * oh * ow, MIN_PARALLEL_MACS);
  const colBytes = pointwise ? 0 : Math.ceil((c * kh * kw * oh * ow * bytesPerElement(out.dtype)) / 64) * 64;
  const col = ctx.heap.allocScratch(colBytes * threads);
  try {
    ctx.pool.run(kernel, [dtypeCode(out.dtype), first.ptr, second.ptr, out.ptr, geometry, col, colBytes, ctx.gemmScratchPtr, ctx.gemmScratchStride], threads);
  } finally {
    ctx.heap.freeScratch(col, colBytes * threads);
  }
}

/** x [N, C, H, W] ⋆ w [O, C, KH, KW] → `outShape` [N, O, OH, OW]. */
export function conv2d(ctx: KernelContext, x: TensorInfo, w: TensorInfo, p: Conv2dParams, outShape: readonly number[]): WasmBuffer {
  requireFloat('conv2d', x.dtype, x.shape);
  const out = ctx.heap.allocBuffer(sizeOf(outShape), x.dtype);
  runConv(ctx, 'conv2d_forward', bufferOf(x, 'conv2d'), bufferOf(w, 'conv2d'), out, x.shape, w.shape, outShape, p);
  return out;
}

/** dy [N, O, OH, OW] and w → dx of shape xShape. */
export function conv2dBackpropInput(ctx: KernelContext, dy: TensorInfo, w: TensorInfo, xShape: readonly number[], p: Conv2dParams): WasmBuffer {
  requireFloat('conv2dBackpropInput', dy.dtype, dy.shape);
  const out = ctx.heap.allocBuffer(sizeOf(xShape), dy.dtype);
  runConv(ctx, 'conv2d_backprop_input', bufferOf(dy, 'conv2dBackpropInput'), bufferOf(w, 'conv2dBackpropInput'), out, xShape, w.shape, dy.shape, p);
  return out;
}

/** x and dy → dw of shape wShape. */
export function conv2dBackpropFilter(ctx: KernelContext, x: TensorInfo, dy: TensorInfo, wShape: readonly number[], p: Conv2dParams): WasmBuffer {
  requireFloat('conv2dBackpropFilter', x.dtype, x.shape);
  const out = ctx.heap.allocBuffer(sizeOf(wShape), x.dtype);
  runConv(ctx, 'conv2d_backprop_filter', bufferOf(x, 'conv2dBackpropFilter'), bufferOf(dy, 'conv2dBackpropFilter'), out, x.shape, wShape, dy.shape, p);
  return out;
}
