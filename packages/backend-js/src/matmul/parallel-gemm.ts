/**
 * A GEMM shared among threads. The calling thread copies A and C into the pool's shared arena
 * and packs B whole into it (O(n²) against O(n³) work), then every thread — the caller and the
 * workers — claims bands of C's rows one at a time (`gemmBands`) until none are left, so a
 * thread slowed by other work takes fewer bands; C is copied back at the end. Every element of C
 * sees the same operations in the same order as on one thread, so results do not depend on the
 * thread count.
 */
import type { TypedArray } from '@nabla/tensor-core';
import { CONTROL } from '../threads/control-block.js';
import type { GemmJob, SharedArrayName, SharedMatrix } from '../threads/gemm-job.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import { gemmBands, gemmBlocked, MR, NR, packWholeB, type GemmWorkspace } from './gemm-kernel.js';
import { transposed } from './strided-matrix.js';
import type { OutputMatrix, StridedMatrix } from './strided-matrix.js';

/**
 * Multiply-adds from which a GEMM is shared among threads. Dispatch, copies and wake-ups cost
 * some 0.05 ms; on the 2-core bench machine a second thread broke even around 64³ and won
 * 10–40 % at 80³ (about 0.2 ms of one thread's work), see bench/parallel_threshold.bench.ts.
 */
export const PARALLEL_WORK = 80 * 80 * 80;

/** Rows per band at most (the MC of `gemmBlocked`: a packed band of A stays in L2). */
const MAX_BAND_ROWS = 126;
/** Packed B larger than this many float64 values (256 MiB) is not worth the memory: one thread. */
const MAX_PACKED_B = 2 ** 25;

/** C (m×n) += A (m×k) · B (k×n) on up to `pool.numThreads` threads; `op` names the kernel in errors. */
export function gemmOnThreads(
  m: number, n: number, k: number, a: StridedMatrix, b: StridedMatrix, c: OutputMatrix,
  pool: ThreadPool, ws: GemmWorkspace, op: string,
): void {
  // bands run along C's rows: make the longer side the rows (Cᵀ = Bᵀ·Aᵀ gives the same numbers)
  if (n > m) [m, n, a, b, c] = [n, m, transposed(b), transposed(a), transposed(c)];
  const nPad = Math.ceil(n / NR) * NR;
  const threads = Math.min(pool.numThreads, Math.floor(m / MR));
  if (threads < 2 || nPad * k > MAX_PACKED_B) {
    gemmBlocked(m, n, k, a, b, c, ws);
    return;
  }
  // a multiple of `threads` bands of whole 3-row tiles, each at most MAX_BAND_ROWS tall
  const tiles = Math.ceil(m / MR);
  const count = threads * Math.ceil(m / (MAX_BAND_ROWS * threads));
  const band = Math.ceil(tiles / count) * MR;
  const bands = Math.ceil(m / band);

  const aLen = spanOf(a, m, k);
  const cLen = spanOf(c, m, n);
  const bAt = 0;
  const aAt = bAt + nPad * k * 8;
  const cAt = align8(aAt + aLen * a.data.BYTES_PER_ELEMENT);
  const arena = pool.arena(cAt + cLen * c.data.BYTES_PER_ELEMENT);
  const packedB = new Float64Array(arena, bAt, nPad * k);
  packWholeB(b, k, n, packedB);
  const sa = shared(a, arena, aAt, aLen);
  const sc = shared(c, arena, cAt, cLen);

  const job: GemmJob = { m, n, k, a: sa.job, packedB: { byteOffset: bAt, length: nPad * k }, c: sc.job, band, count: bands };
  const what = `${m}×${k} · ${k}×${n} GEMM on ${a.data.constructor.name}`;
  pool.run(op, what, job, Math.min(threads, bands) - 1, () =>
    gemmBands(m, n, k, sa.view, packedB, sc.view, band, bands, pool.counters, CONTROL.next, ws));
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
