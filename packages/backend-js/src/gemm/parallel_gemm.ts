/**
 * A GEMM split across threads: the operands are copied into the pool's shared arena (O(n²)
 * against O(n³) compute), C is cut into row or column bands of whole tiles, each thread runs the
 * same `gemmBlocked` on its band, and C is copied back. Every element of C sees the same
 * operations in the same order as on one thread, so results do not depend on the thread count.
 */
import type { TypedArray } from '@nabla/tensor-core';
import type { GemmJob, SharedArrayName, SharedMatrix } from '../threads/gemm_job.js';
import type { ThreadPool } from '../threads/thread_pool.js';
import { gemmBlocked, MR, NR, type GemmWorkspace } from './kernel.js';
import type { OutputMatrix, StridedMatrix } from './strided_matrix.js';

/**
 * Multiply-adds from which a GEMM is split across threads. Dispatch, copies and wake-ups cost
 * some 0.05 ms; on the 2-core bench machine a second thread broke even around 64³ and won
 * 10–40 % at 80³ (about 0.2 ms of one thread's work), see bench/parallel_threshold.bench.ts.
 */
export const PARALLEL_WORK = 80 * 80 * 80;

/** A band of C to give one thread needs at least this many tiles to be worth a wake-up. */
const MIN_TILES_PER_SHARE = 2;

/** C (m×n) += A (m×k) · B (k×n) on up to `pool.numThreads` threads; `op` names the kernel in errors. */
export function gemmOnThreads(
  m: number, n: number, k: number, a: StridedMatrix, b: StridedMatrix, c: OutputMatrix,
  pool: ThreadPool, ws: GemmWorkspace, op: string,
): void {
  // cut along whichever side of C has more tiles
  const alongRows = Math.ceil(m / MR) >= Math.ceil(n / NR);
  const unit = alongRows ? MR : NR;
  const extent = alongRows ? m : n;
  const tiles = Math.ceil(extent / unit);
  const threads = Math.max(1, Math.min(pool.numThreads, Math.floor(tiles / MIN_TILES_PER_SHARE)));
  if (threads === 1) {
    gemmBlocked(m, n, k, a, b, c, ws);
    return;
  }
  const band = Math.ceil(tiles / threads) * unit;

  const aLen = spanOf(a, m, k);
  const bLen = spanOf(b, k, n);
  const cLen = spanOf(c, m, n);
  const aAt = 0;
  const bAt = align8(aAt + aLen * a.data.BYTES_PER_ELEMENT);
  const cAt = align8(bAt + bLen * b.data.BYTES_PER_ELEMENT);
  const arena = pool.arena(cAt + cLen * c.data.BYTES_PER_ELEMENT);
  const sa = shared(a, arena, aAt, aLen);
  const sb = shared(b, arena, bAt, bLen);
  const sc = shared(c, arena, cAt, cLen);

  const jobs: GemmJob[] = [];
  const own = { m, n };
  for (let start = 0, s = 0; start < extent; start += band, s++) {
    const size = Math.min(band, extent - start);
    const job: GemmJob = alongRows
      ? { m: size, n, k, a: shift(sa.job, start * a.rowStride), b: sb.job, c: shift(sc.job, start * c.rowStride) }
      : { m, n: size, k, a: sa.job, b: shift(sb.job, start * b.colStride), c: shift(sc.job, start * c.colStride) };
    if (s === 0) {
      own.m = job.m;
      own.n = job.n;
    } else {
      jobs.push(job);
    }
  }
  const what = `${m}×${k} · ${k}×${n} GEMM on ${a.data.constructor.name}`;
  pool.run(op, what, jobs, () => gemmBlocked(own.m, own.n, k, sa.view, sb.view, sc.view, ws));
  c.data.set(sc.view.data.subarray(0, cLen), c.offset);
}

/** Elements from a matrix's first to its last (strides are non-negative). */
function spanOf(x: StridedMatrix, rows: number, cols: number): number {
  return (rows - 1) * x.rowStride + (cols - 1) * x.colStride + 1;
}

function align8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

/** A copy of `x`'s span in the arena, as a local view (offset 0) and as a job operand. */
function shared(x: StridedMatrix, arena: SharedArrayBuffer, byteOffset: number, length: number): { view: StridedMatrix; job: SharedMatrix } {
  const array = arrayName(x.data);
  const data = sharedArray(array, arena, byteOffset, length);
  data.set(x.data.subarray(x.offset, x.offset + length));
  return {
    view: { data, offset: 0, rowStride: x.rowStride, colStride: x.colStride },
    job: { array, byteOffset, length, offset: 0, rowStride: x.rowStride, colStride: x.colStride },
  };
}

/** The same shared operand starting `by` elements further. */
function shift(x: SharedMatrix, by: number): SharedMatrix {
  return { ...x, offset: x.offset + by };
}

function arrayName(x: TypedArray): SharedArrayName {
  if (x instanceof Float32Array) return 'Float32Array';
  if (x instanceof Float64Array) return 'Float64Array';
  if (x instanceof Int32Array) return 'Int32Array';
  return 'Uint8Array';
}

function sharedArray(name: SharedArrayName, arena: SharedArrayBuffer, byteOffset: number, length: number): TypedArray {
  switch (name) {
    case 'Float32Array': return new Float32Array(arena, byteOffset, length);
    case 'Float64Array': return new Float64Array(arena, byteOffset, length);
    case 'Int32Array': return new Int32Array(arena, byteOffset, length);
    case 'Uint8Array': return new Uint8Array(arena, byteOffset, length);
  }
}
