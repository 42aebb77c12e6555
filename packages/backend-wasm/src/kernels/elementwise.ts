import type { BinaryOp, DType, TensorInfo, UnaryOp } from '@nabla/tensor-core';
import { sizeOf } from '@nabla/tensor-core';
import { bytesPerElement, dtypeCode, kernelSuffix } from '../memory/dtype-layout.js';
import { coalesce } from '../shape/coalesce.js';
import { broadcastStrides } from '../shape/strides.js';
import type { WasmBuffer } from '../wasm-buffer.js';
import { bufferOf, writeParams, type KernelContext } from './kernel-context.js';
import { binaryCode, isComparison, isPredicate, unaryCode } from './op-codes.js';
import { MIN_PARALLEL_ELEMENTS } from './parallel-thresholds.js';

/** Elementwise unary op; bool output for logicalNot/isNaN/isFinite (and for every bool input). */
export function unary(ctx: KernelContext, op: UnaryOp, x: TensorInfo): WasmBuffer {
  const src = bufferOf(x, `unary(${op})`);
  const outDType: DType = isPredicate(op) ? 'bool' : x.dtype;
  const out = ctx.heap.allocBuffer(src.size, outDType);
  if (src.size === 0) return out;
  const threads = ctx.pool.threadsFor(src.size, MIN_PARALLEL_ELEMENTS);
  ctx.pool.run(`unary_${kernelSuffix(x.dtype)}`, [unaryCode(op), src.ptr, out.ptr, src.size], threads);
  return out;
}

/** Elementwise binary op with NumPy broadcasting to `outShape`. */
export function binary(ctx: KernelContext, op: BinaryOp, a: TensorInfo, b: TensorInfo, outShape: readonly number[]): WasmBuffer {
  const bufA = bufferOf(a, `binary(${op})`);
  const bufB = bufferOf(b, `binary(${op})`);
  const size = sizeOf(outShape);
  const out = ctx.heap.allocBuffer(size, isComparison(op) ? 'bool' : a.dtype);
  if (size === 0) return out;
  const space = coalesce(outShape, [broadcastStrides(a.shape, outShape), broadcastStrides(b.shape, outShape)]);
  const [dims, sa, sb] = writeParams(ctx, space.dims, space.strides[0], space.strides[1]);
  const threads = ctx.pool.threadsFor(size, MIN_PARALLEL_ELEMENTS);
  ctx.pool.run(`binary_${kernelSuffix(a.dtype)}`, [binaryCode(op), bufA.ptr, bufB.ptr, out.ptr, space.dims.length, dims, sa, sb], threads);
  return out;
}

/** out = cond ? a : b, broadcast to `outShape`. */
export function where(ctx: KernelContext, cond: TensorInfo, a: TensorInfo, b: TensorInfo, outShape: readonly number[]): WasmBuffer {
  const bufC = bufferOf(cond, 'where');
  const bufA = bufferOf(a, 'where');
  const bufB = bufferOf(b, 'where');
  const size = sizeOf(outShape);
  const out = ctx.heap.allocBuffer(size, a.dtype);
  if (size === 0) return out;
  const space = coalesce(outShape, [
    broadcastStrides(cond.shape, outShape),
    broadcastStrides(a.shape, outShape),
    broadcastStrides(b.shape, outShape),
  ]);
  const [dims, sc, sa, sb] = writeParams(ctx, space.dims, ...space.strides);
  const threads = ctx.pool.threadsFor(size, MIN_PARALLEL_ELEMENTS);
  ctx.pool.run('where_any', [bytesPerElement(a.dtype), bufC.ptr, bufA.ptr, bufB.ptr, out.ptr, space.dims.length, dims, sc, sa, sb], threads);
  return out;
}

/** min(max(x, lo), hi) with NaN passed through. */
export function clip(ctx: KernelContext, x: TensorInfo, lo: number, hi: number): WasmBuffer {
  const src = bufferOf(x, 'clip');
  const out = ctx.heap.allocBuffer(src.size, x.dtype);
  if (src.size === 0) return out;
  const threads = ctx.pool.threadsFor(src.size, MIN_PARALLEL_ELEMENTS);
  ctx.pool.run(`clip_${kernelSuffix(x.dtype)}`, [src.ptr, out.ptr, src.size, lo, hi], threads);
  return out;
}

/** Convert to `dtype` (float→int32 truncates toward zero, anything→bool is `!= 0`). */
export function cast(ctx: KernelContext, x: TensorInfo, dtype: DType): WasmBuffer {
  const src = bufferOf(x, 'cast');
  const out = ctx.heap.allocBuffer(src.size, dtype);
  if (src.size === 0) return out;
  const threads = ctx.pool.threadsFor(src.size, MIN_PARALLEL_ELEMENTS);
  ctx.pool.run('cast_any', [dtypeCode(x.dtype), dtypeCode(dtype), src.ptr, out.ptr, src.size], threads);
  return out;
}

/** A new buffer of `size` elements equal to `value`. */
export function fill(ctx: KernelContext, size: number, value: number, dtype: DType): WasmBuffer {
  const out = ctx.heap.allocBuffer(size, dtype);
  fillInto(ctx, out, value);
  return out;
}

/** Set every element of an existing buffer to `value`. */
export function fillInto(ctx: KernelContext, out: WasmBuffer, value: number): void {
  if (out.size === 0) return;
  const threads = ctx.pool.threadsFor(out.size, MIN_PARALLEL_ELEMENTS);
  ctx.pool.run('fill_any', [dtypeCode(out.dtype), out.ptr, out.size, value], threads);
}
