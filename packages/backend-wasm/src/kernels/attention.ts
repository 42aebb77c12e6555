/** Fused attention (forward and the two-pass backward) on the wasm kernels; float dtypes only. */
import type { AttentionParams, TensorInfo } from '@nabla/tensor-core';
import { DTypeError, fmtShape } from '@nabla/tensor-core';
import { dtypeCode } from '../memory/dtype-layout.js';
import type { WasmBuffer } from '../wasm-buffer.js';
import { bufferOf, writeParams, type KernelContext } from './kernel-context.js';
import { MIN_PARALLEL_MACS } from './parallel-thresholds.js';

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

function threadsFor(ctx: KernelContext, d: Dims): number {
  return ctx.pool.threadsFor(d.B * d.L * d.S * (d.E + d.Ev), MIN_PARALLEL_MACS);
}

/** → packed [B, L, Ev + 1]: output rows and their logsumexp. */
export function attention(ctx: KernelContext, q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, p: AttentionParams): WasmBuffer {
  const op = 'attention';
  const d = dimsOf(op, q, k, v);
  const out = ctx.heap.allocBuffer(d.B * d.L * (d.Ev + 1), q.dtype);
  const g = geometry(ctx, d, bias, p);
  const threads = threadsFor(ctx, d);
  const scratchBytes = ctx.kernels.attention_scratch_bytes() * ctx.pool.numThreads;
  const scratch = ctx.heap.allocScratch(scratchBytes);
  try {
    ctx.pool.run('attention_forward', [
      dtypeCode(q.dtype), bufferOf(q, op).ptr, bufferOf(k, op).ptr, bufferOf(v, op).ptr, bias ? bufferOf(bias, op).ptr : 0,
      out.ptr, g, scratch, p.scale,
    ], threads);
  } finally {
    ctx.heap.freeScratch(scratch, scratchBytes);
  }
  return out;
}

/** dq [B, L, E], dk [B, S, E], dv [B, S, Ev] from the packed output and its gradient. */
export function attentionBackward(
  ctx: KernelContext, q: TensorInfo, k: TensorInfo, v: TensorInfo, bias: TensorInfo | null, out: TensorInfo, dOut: TensorInfo, p: AttentionParams,
): { dq: WasmBuffer; dk: WasmBuffer; dv: WasmBuffer } {
  const op = 'attentionBackward';
  const d = dimsOf(op, q, k, v);
  const dq = ctx.heap.allocBuffer(d.B * d.L * d.E, q.dtype);
  const dk = ctx.heap.allocBuffer(d.B * d.S * d.E, q.dtype);
  const dv = ctx.heap.allocBuffer(d.B * d.S * d.Ev, q.dtype);
  const threads = threadsFor(ctx, d);
  const rowsBytes = d.B * d.L * 8;
  const dRows = ctx.heap.allocScratch(rowsBytes);
  const common = [
    dtypeCode(q.dtype), bufferOf(q, op).ptr, bufferOf(k, op).ptr, bufferOf(v, op).ptr, bias ? bufferOf(bias, op).ptr : 0,
    bufferOf(out, op).ptr, bufferOf(dOut, op).ptr,
  ];
  try {
    ctx.pool.run('attention_backward_queries', [...common, geometry(ctx, d, bias, p), dRows, dq.ptr, p.scale], threads);
    ctx.pool.run('attention_backward_keys', [...common, geometry(ctx, d, bias, p), dRows, dk.ptr, dv.ptr, p.scale], threads);
  } finally {
    ctx.heap.freeScratch(dRows, rowsBytes);
  }
  return { dq, dk, dv };
}
