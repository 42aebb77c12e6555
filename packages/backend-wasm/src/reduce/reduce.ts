import type { ArgReduceOp, DType, ReduceOp, TensorInfo } from '@nabla/tensor-core';
import { sizeOf } from '@nabla/tensor-core';
import { WasmBackendError } from '../errors.js';
import { dtypeCode, kernelSuffix } from '../storage/dtype-layout.js';
import { sizeBetween } from '@nabla/tensor-core/kernel-kit';
import type { WasmBuffer } from '../storage/wasm-buffer.js';
import { transpose } from '../movement/movement.js';
import { bufferOf, type KernelContext } from '../runtime/kernel-context.js';
import { argReduceCode, reduceCode } from '../elementwise/op-codes.js';
import { MIN_PARALLEL_ELEMENTS } from '../runtime/parallel-thresholds.js';

/** A reduction expressed as [outer, reduced, inner] over a contiguous buffer. */
interface ReductionPlan {
  readonly outer: number;
  readonly reduced: number;
  readonly inner: number;
  /** Permutation to apply first when the reduced axes are not one contiguous group. */
  readonly perm?: readonly number[];
}

/** Group the axes; one contiguous run of reduced axes needs no data movement. */
export function planReduction(shape: readonly number[], axes: readonly number[]): ReductionPlan {
  const reducedSet = new Set(axes);
  const groups: { size: number; reduced: boolean }[] = [];
  shape.forEach((size, axis) => {
    if (size === 1) return;
    const reduced = reducedSet.has(axis);
    const last = groups[groups.length - 1];
    if (last !== undefined && last.reduced === reduced) last.size *= size;
    else groups.push({ size, reduced });
  });
  const reducedGroups = groups.filter((g) => g.reduced).length;
  if (reducedGroups <= 1) {
    const at = groups.findIndex((g) => g.reduced);
    if (at < 0) return { outer: sizeOf(shape), reduced: 1, inner: 1 };
    const outer = groups.slice(0, at).reduce((n, g) => n * g.size, 1);
    const inner = groups.slice(at + 1).reduce((n, g) => n * g.size, 1);
    return { outer, reduced: groups[at].size, inner };
  }
  const kept = shape.map((_, i) => i).filter((i) => !reducedSet.has(i));
  const perm = [...kept, ...axes];
  const reduced = axes.reduce((n, a) => n * shape[a], 1);
  return { outer: sizeOf(shape) / Math.max(reduced, 1), reduced, inner: 1, perm };
}

/** Reduce over sorted unique `axes` into `outShape` (x.shape without them); any/all give bool, the others keep the dtype. */
export function reduce(ctx: KernelContext, op: ReduceOp, x: TensorInfo, axes: readonly number[], outShape: readonly number[]): WasmBuffer {
  let source = bufferOf(x, `reduce(${op})`);
  const outDType: DType = op === 'any' || op === 'all' ? 'bool' : x.dtype;
  const outSize = sizeOf(outShape);
  const out = ctx.heap.allocBuffer(outSize, outDType);
  if (outSize === 0) return out;
  const plan = planReduction(x.shape, axes);
  let temporary: WasmBuffer | undefined;
  if (plan.perm !== undefined) {
    const { perm } = plan;
    temporary = transpose(ctx, x, perm, perm.map((p) => x.shape[p]));
    source = temporary;
  }
  try {
    const threads = ctx.pool.threadsFor(sizeOf(x.shape), MIN_PARALLEL_ELEMENTS);
    if (threads > 1 && plan.inner === 1 && plan.outer < threads) {
      reduceSplit(ctx, op, x.dtype, source, out, plan.outer, plan.reduced, threads);
    } else {
      ctx.pool.run(`reduce_${kernelSuffix(x.dtype)}`, [reduceCode(op), source.ptr, out.ptr, plan.outer, plan.reduced, plan.inner], threads);
    }
  } finally {
    if (temporary !== undefined) ctx.heap.freeBuffer(temporary);
  }
  return out;
}

/**
 * Few long rows (e.g. a full reduction): every thread reduces a slice of each row into float64
 * partials, then one call combines them.
 */
function reduceSplit(ctx: KernelContext, op: ReduceOp, dtype: DType, source: WasmBuffer, out: WasmBuffer, outer: number, reduced: number, threads: number): void {
  const bytes = outer * threads * 8;
  const partials = ctx.heap.allocScratch(bytes);
  try {
    ctx.pool.run('reduce_split', [dtypeCode(dtype), reduceCode(op), source.ptr, partials, outer, reduced], threads);
    ctx.kernels.reduce_combine(dtypeCode(dtype), reduceCode(op), partials, out.ptr, outer, threads);
  } finally {
    ctx.heap.freeScratch(partials, bytes);
  }
}

/** Index of the max/min along `axis` (first on ties, NaN wins); int32 output of `outShape` (x.shape without `axis`). */
export function argReduce(ctx: KernelContext, op: ArgReduceOp, x: TensorInfo, axis: number, outShape: readonly number[]): WasmBuffer {
  const src = bufferOf(x, op);
  const outer = sizeBetween(x.shape, 0, axis);
  const reduced = x.shape[axis];
  const inner = sizeBetween(x.shape, axis + 1, x.shape.length);
  const outSize = sizeOf(outShape);
  if (reduced === 0 && outSize > 0) {
    throw new WasmBackendError(op, `over empty axis ${axis} of shape [${x.shape.join(', ')}] has no index to return`);
  }
  const out = ctx.heap.allocBuffer(outSize, 'int32');
  if (outSize === 0) return out;
  const threads = ctx.pool.threadsFor(src.size, MIN_PARALLEL_ELEMENTS);
  ctx.pool.run('arg_reduce', [dtypeCode(x.dtype), argReduceCode(op), src.ptr, out.ptr, outer, reduced, inner], threads);
  return out;
}
