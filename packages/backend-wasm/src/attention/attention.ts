/** Fused attention (forward and the key-block backward) on the wasm kernels; float dtypes only. */
import type { AttentionParams, TensorInfo } from '@nabla/tensor-core';
import { DTypeError, fmtShape, sizeOf } from '@nabla/tensor-core';
import { dtypeCode } from '../storage/dtype-layout.js';
import type { WasmBuffer } from '../storage/wasm-buffer.js';
import { bufferOf, writeParams, type KernelContext } from '../runtime/kernel-context.js';
import { MIN_PARALLEL_ELEMENTS, MIN_PARALLEL_MACS } from '../runtime/parallel-thresholds.js';

interface Dims {
  readonly B: number;
  readonly L: number;
  readonly S: number;
  readonly E: number;
  readonly Ev: number;
}

function dimsOf(op: string, q: TensorInfo, k: TensorInfo, v: TensorInfo): Dims {
  if (q.dtype !== 'float32' && q.dtype !== 'float64') throw new DTypeError(op, `needs float tensors, got ${q.dtype} ${fmtShape(q.shape)}`);
  return { B: q.shape[0], L: q.shape[1], S: k.shape[1], E: q.shape[2], Ev: v.shape[2] };
}

/** The geometry block: [B, L, S, E, Ev, bias strides (batch, row, column), causal, hasBias]. */
function geometry(ctx: KernelContext, d: Dims, bias: TensorInfo | null, p: AttentionParams): number {
  let strides = [0, 0, 0];
  if (bias) {
    const [bb, lb, sb] = bias.shape;
    strides = [bb === 1 ? 0 : lb * sb, lb === 1 ? 0 : sb, sb === 1 ? 0 : 1];
  }
  const [ptr] = writeParams(ctx, [d.B, d.L, d.S, d.E, d.Ev, ...strides, p.causal ? 1 : 0, bias ? 1 : 0]);
  return ptr;
}

/** Keys per block in the kernels (BK in assembly/attention.ts). */
const KEY_BLOCK = 32;

/**
 * `x` [B, rows, cols] transposed into a new scratch block of key-block panels
 * [B, ⌈rows / KEY_BLOCK⌉, cols, KEY_BLOCK] (the last panel zero-padded); returns its pointer and
 * byte size. Free with freeScratch.
 */
function transposed(ctx: KernelContext, x: TensorInfo, op: string): [number, number] {
  const [B, rows, cols] = x.shape;
  const bytes = B * Math.ceil(rows / KEY_BLOCK) * KEY_BLOCK * cols * (x.dtype === 'float64' ? 8 : 4);
  const ptr = ctx.heap.allocScratch(bytes);
  ctx.pool.run('attention_transpose', [dtypeCode(x.dtype), bufferOf(x, op).ptr, ptr, B, rows, cols], ctx.pool.threadsFor(B * rows * cols, MIN_PARALLEL_ELEMENTS));
  return [ptr, bytes];
}

function threadsFor(ctx: KernelContext, d: Dims): number {
  return ctx.pool.threadsFor(d.B * d.L * d.S * (d.E + d.Ev), MIN_PARALLEL_MACS);
}

/** → packed `outShape` [B, L, Ev + 1]: output rows and their logsumexp. */
export function attention(
  ctx: KernelContext, q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, p: AttentionParams, outShape: readonly number[],
): WasmBuffer {
  const op = 'attention';
  const d = dimsOf(op, q, k, v);
  const out = ctx.heap.allocBuffer(sizeOf(outShape), q.dtype);
  const threads = threadsFor(ctx, d);
  const scratchBytes = ctx.kernels.attention_scratch_bytes(d.E, d.Ev) * threads;
  const scratch = ctx.heap.allocScratch(scratchBytes);
  const [kT, kTBytes] = transposed(ctx, k, op);
  try {
    ctx.pool.run('attention_forward', [
      dtypeCode(q.dtype), bufferOf(q, op).ptr, kT, bufferOf(v, op).ptr, bias ? bufferOf(bias, op).ptr : 0,
      out.ptr, geometry(ctx, d, bias, p), scratch, p.scale,
    ], threads);
  } finally {
    ctx.heap.freeScratch(kT, kTBytes);
    ctx.heap.freeScratch(scratch, scratchBytes);
  }
  return out;
}

/**
 * dq [B, L, E], dk [B, S, E], dv [B, S, Ev] from the packed output and its gradient: the per-row
 * D, then one pass over key blocks: split by head when the heads divide evenly between the
 * threads (each writes its heads' dq rows), else by key block with each thread summing dq into its
 * own [B, L, E] part (O(T) per thread), the parts then added into dq.
 */
export function attentionBackward(
  ctx: KernelContext, q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, out: TensorInfo, dOut: TensorInfo, p: AttentionParams,
): { dq: WasmBuffer; dk: WasmBuffer; dv: WasmBuffer } {
  const op = 'attentionBackward';
  const d = dimsOf(op, q, k, v);
  const dq = ctx.heap.allocBuffer(d.B * d.L * d.E, q.dtype);
  const dk = ctx.heap.allocBuffer(d.B * d.S * d.E, q.dtype);
  const dv = ctx.heap.allocBuffer(d.B * d.S * d.Ev, q.dtype);
  const threads = threadsFor(ctx, d);
  const code = dtypeCode(q.dtype);
  const itemBytes = q.dtype === 'float64' ? 8 : 4;
  const rowsBytes = d.B * d.L * 8;
  // heads that divide evenly between the threads are split by head (no dq parts to add up)
  const byHead = threads > 1 && d.B % threads === 0;
  const partBytes = byHead ? 0 : (threads - 1) * d.B * d.L * d.E * itemBytes;
  const scratchBytes = ctx.kernels.attention_scratch_bytes(d.E, d.Ev) * threads;
  const dRows = ctx.heap.allocScratch(rowsBytes);
  const parts = ctx.heap.allocScratch(partBytes);
  const scratch = ctx.heap.allocScratch(scratchBytes);
  const [kT, kTBytes] = transposed(ctx, k, op);
  const [vT, vTBytes] = transposed(ctx, v, op);
  const [qp, kp, bp, op0, dop] = [
    bufferOf(q, op).ptr, bufferOf(k, op).ptr, bias ? bufferOf(bias, op).ptr : 0, bufferOf(out, op).ptr, bufferOf(dOut, op).ptr,
  ];
  try {
    ctx.pool.run('attention_backward_rows', [code, op0, dop, geometry(ctx, d, bias, p), dRows], ctx.pool.threadsFor(d.B * d.L * d.Ev, MIN_PARALLEL_ELEMENTS));
    ctx.pool.run('attention_backward_keys', [code, qp, kp, kT, vT, bp, op0, dop, geometry(ctx, d, bias, p), dRows, dq.ptr, parts, dk.ptr, dv.ptr, scratch, p.scale], threads);
    if (threads > 1 && !byHead) {
      const count = d.B * d.L * d.E;
      ctx.pool.run('attention_backward_sum', [code, dq.ptr, parts, threads - 1, count], ctx.pool.threadsFor(count * threads, MIN_PARALLEL_ELEMENTS));
    }
  } finally {
    ctx.heap.freeScratch(vT, vTBytes);
    ctx.heap.freeScratch(kT, kTBytes);
    ctx.heap.freeScratch(scratch, scratchBytes);
    ctx.heap.freeScratch(parts, partBytes);
    ctx.heap.freeScratch(dRows, rowsBytes);
  }
  return { dq, dk, dv };
}
