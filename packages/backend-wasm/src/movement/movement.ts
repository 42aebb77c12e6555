import type { TensorInfo } from '@nabla/tensor-core';
import { sizeOf, stridesOf } from '@nabla/tensor-core';
import { bytesPerElement, dtypeCode } from '../storage/dtype-layout.js';
import { broadcastStrides, coalesceInPlace, sizeBetween } from '@nabla/tensor-core/kernel-kit';
import type { WasmBuffer } from '../storage/wasm-buffer.js';
import { fillInto } from '../elementwise/elementwise.js';
import { bufferOf, paramBlock, type KernelContext } from '../runtime/kernel-context.js';
import { MIN_PARALLEL_ELEMENTS } from '../runtime/parallel-thresholds.js';

/**
 * The coalesced copy geometry, reused by every call (filled and read within one copyStrided; grown
 * on demand): `copyDims[d]`, and on axis d the source stride at `copyStrides[2d]` and the
 * destination stride at `copyStrides[2d + 1]`. Slices, concats and pads copy every piece through
 * here, so it is coalesced in place (kernel-kit's `coalesceInPlace`) rather than into new arrays.
 */
const copyDims: number[] = [1];
const copyStrides: number[] = [0, 0];

/**
 * Copy the box `dims` from `src` (at element offset srcOffset, strides srcStrides) into `dst`
 * (at dstOffset, strides dstStrides). Batched 2-D transposes of 4-byte elements take a tiled path.
 */
function copyStrided(
  ctx: KernelContext, src: WasmBuffer, srcOffset: number, srcStrides: readonly number[],
  dst: WasmBuffer, dstOffset: number, dstStrides: readonly number[], dims: readonly number[],
): void {
  const count = sizeOf(dims);
  if (count === 0) return;
  const elem = bytesPerElement(src.dtype);
  for (let d = 0; d < dims.length; d++) {
    copyStrides[2 * d] = srcStrides[d];
    copyStrides[2 * d + 1] = dstStrides[d];
  }
  const r = coalesceInPlace(dims, 2, copyStrides, copyDims);
  const threads = ctx.pool.threadsFor(count, MIN_PARALLEL_ELEMENTS);
  const srcPtr = src.ptr + srcOffset * elem;
  const dstPtr = dst.ptr + dstOffset * elem;
  // out[b, i, j] = in[b, j, i] with everything contiguous: a batched tiled transpose.
  if (elem === 4 && r >= 2 && r <= 3 && count >= 1024) {
    const rows = copyDims[r - 1];
    const cols = copyDims[r - 2];
    // (source, destination) strides of the innermost axis at [inner, inner + 1], the next at [outer, outer + 1]
    const inner = 2 * (r - 1);
    const outer = 2 * (r - 2);
    const batchOk = r === 2 || (copyStrides[0] === rows * cols && copyStrides[1] === rows * cols);
    if (batchOk && copyStrides[inner] === cols && copyStrides[outer] === 1 && copyStrides[inner + 1] === 1 && copyStrides[outer + 1] === rows) {
      ctx.pool.run('transpose_2d_u32', [srcPtr, dstPtr, r === 3 ? copyDims[0] : 1, rows, cols], threads);
      return;
    }
  }
  // parameter block: dims | source strides | destination strides
  const words = paramBlock(ctx).words;
  for (let d = 0; d < r; d++) {
    words[d] = copyDims[d];
    words[r + d] = copyStrides[2 * d];
    words[2 * r + d] = copyStrides[2 * d + 1];
  }
  const base = ctx.paramPtr;
  ctx.pool.run('copy_nd', [elem, srcPtr, dstPtr, r, base, base + 4 * r, base + 8 * r], threads);
}

/** Output[i0..] = x[i_perm[0]..], of `outShape` (x.shape permuted). */
export function transpose(ctx: KernelContext, x: TensorInfo, perm: readonly number[], outShape: readonly number[]): WasmBuffer {
  const src = bufferOf(x, 'transpose');
  const out = ctx.heap.allocBuffer(sizeOf(outShape), x.dtype);
  const inStrides = stridesOf(x.shape);
  copyStrided(ctx, src, 0, perm.map((p) => inStrides[p]), out, 0, stridesOf(outShape), outShape);
  return out;
}

/** Broadcast x (same rank, dims 1 or equal) to `shape`. */
export function broadcastTo(ctx: KernelContext, x: TensorInfo, shape: readonly number[]): WasmBuffer {
  const src = bufferOf(x, 'broadcastTo');
  const out = ctx.heap.allocBuffer(sizeOf(shape), x.dtype);
  copyStrided(ctx, src, 0, broadcastStrides(x.shape, shape), out, 0, stridesOf(shape), shape);
  return out;
}

/** The box starting at `begin` with extent `size`. */
export function slice(ctx: KernelContext, x: TensorInfo, begin: readonly number[], size: readonly number[]): WasmBuffer {
  const src = bufferOf(x, 'slice');
  const out = ctx.heap.allocBuffer(sizeOf(size), x.dtype);
  const strides = stridesOf(x.shape);
  const offset = begin.reduce((acc, b, i) => acc + b * strides[i], 0);
  copyStrided(ctx, src, offset, strides, out, 0, stridesOf(size), size);
  return out;
}

/** Overwrite the box of `target` at `begin` with `source`, in place. */
export function writeSlice(ctx: KernelContext, target: TensorInfo, source: TensorInfo, begin: readonly number[]): void {
  const dst = bufferOf(target, 'writeSlice');
  const src = bufferOf(source, 'writeSlice');
  const strides = stridesOf(target.shape);
  const offset = begin.reduce((acc, b, i) => acc + b * strides[i], 0);
  copyStrided(ctx, src, 0, stridesOf(source.shape), dst, offset, strides, source.shape);
}

/** Constant padding: pads[i] = [before, after], into `outShape`. */
export function pad(
  ctx: KernelContext, x: TensorInfo, pads: readonly (readonly [number, number])[], value: number, outShape: readonly number[],
): WasmBuffer {
  const src = bufferOf(x, 'pad');
  const out = ctx.heap.allocBuffer(sizeOf(outShape), x.dtype);
  fillInto(ctx, out, value);
  const outStrides = stridesOf(outShape);
  const offset = pads.reduce((acc, p, i) => acc + p[0] * outStrides[i], 0);
  copyStrided(ctx, src, 0, stridesOf(x.shape), out, offset, outStrides, x.shape);
  return out;
}

/** Join along `axis` into `outShape`. */
export function concat(ctx: KernelContext, xs: readonly TensorInfo[], axis: number, outShape: readonly number[]): WasmBuffer {
  const out = ctx.heap.allocBuffer(sizeOf(outShape), xs[0].dtype);
  const outStrides = stridesOf(outShape);
  let at = 0;
  for (const x of xs) {
    copyStrided(ctx, bufferOf(x, 'concat'), 0, stridesOf(x.shape), out, at * outStrides[axis], outStrides, x.shape);
    at += x.shape[axis];
  }
  return out;
}

/** `outShape` = x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:], rows picked by indices. */
export function gather(ctx: KernelContext, x: TensorInfo, indices: TensorInfo, axis: number, outShape: readonly number[]): WasmBuffer {
  const src = bufferOf(x, 'gather');
  const idx = bufferOf(indices, 'gather');
  const outer = sizeBetween(x.shape, 0, axis);
  const inner = sizeBetween(x.shape, axis + 1, x.shape.length);
  const out = ctx.heap.allocBuffer(sizeOf(outShape), x.dtype);
  if (out.size === 0) return out;
  const threads = ctx.pool.threadsFor(out.size, MIN_PARALLEL_ELEMENTS);
  ctx.pool.run('gather_any', [bytesPerElement(x.dtype), src.ptr, idx.ptr, out.ptr, outer, x.shape[axis], idx.size, inner], threads);
  return out;
}

/** Copy of x with updates added at the gathered positions (duplicates accumulate). */
export function scatterAdd(ctx: KernelContext, x: TensorInfo, indices: TensorInfo, updates: TensorInfo, axis: number): WasmBuffer {
  const src = bufferOf(x, 'scatterAdd');
  const idx = bufferOf(indices, 'scatterAdd');
  const upd = bufferOf(updates, 'scatterAdd');
  const out = ctx.heap.allocBuffer(src.size, x.dtype);
  if (out.size === 0) return out;
  const outer = sizeBetween(x.shape, 0, axis);
  const inner = sizeBetween(x.shape, axis + 1, x.shape.length);
  ctx.kernels.scatter_add(dtypeCode(x.dtype), src.ptr, idx.ptr, upd.ptr, out.ptr, outer, x.shape[axis], idx.size, inner);
  return out;
}
