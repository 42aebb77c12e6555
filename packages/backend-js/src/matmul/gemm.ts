/**
 * General matrix multiply C += A·B on strided views: tiny and skinny products run unpacked,
 * everything else through the cache-blocked engine (`kernel.ts`), split across the thread pool
 * when the product is large enough. Transposed operands are just views with swapped strides.
 */
import type { ThreadPool } from '../threads/thread-pool.js';
import { gemmBlocked, newWorkspace, MR, NR } from './gemm-kernel.js';
import { gemmOnThreads, PARALLEL_WORK } from './parallel-gemm.js';
import { transposed } from './strided-matrix.js';
import type { OutputMatrix, StridedMatrix } from './strided-matrix.js';

/** Up to this many multiply-adds, packing costs more than it saves. */
const SMALL_WORK = 32 * 32 * 32;

/** The calling thread's packing buffers. */
const workspace = newWorkspace();

/**
 * C (m×n) += A (m×k) · B (k×n). C must hold the value to accumulate onto (zeros for a plain
 * product). With a `pool`, large products are shared among its threads; `op` names the kernel
 * in the errors a worker reports.
 */
export function gemm(
  m: number, n: number, k: number, a: StridedMatrix, b: StridedMatrix, c: OutputMatrix,
  pool: ThreadPool | null = null, op = 'gemm',
): void {
  if (m === 0 || n === 0 || k === 0) return;
  // tiny products, and skinny ones (matrix-vector) that would leave most of every tile padding
  if (m * n * k <= SMALL_WORK || Math.min(m, n) < NR) {
    gemmUnpacked(m, n, k, a, b, c);
    return;
  }
  // Cᵀ = Bᵀ·Aᵀ computes the same numbers; take whichever orientation pads fewer tiles
  // (e.g. 8 filters × 576 pixels: 9 padded rows of 3, versus 576 rows and exactly 2 column panels)
  if (roundUp(n, MR) * roundUp(m, NR) < roundUp(m, MR) * roundUp(n, NR)) {
    [m, n, a, b, c] = [n, m, transposed(b), transposed(a), transposed(c)];
  }
  if (pool !== null && pool.numThreads > 1 && m * n * k >= PARALLEL_WORK) {
    gemmOnThreads(m, n, k, a, b, c, pool, workspace, op);
  } else {
    gemmBlocked(m, n, k, a, b, c, workspace);
  }
}

/**
 * Unpacked loops for products too small or too skinny to amortise packing. The loop order
 * follows B's layout so B is always walked contiguously: row-wise axpy when B's rows are
 * contiguous, dot products when its columns are.
 */
function gemmUnpacked(m: number, n: number, k: number, a: StridedMatrix, b: StridedMatrix, c: OutputMatrix): void {
  const A = a.data;
  const B = b.data;
  const C = c.data;
  const ars = a.rowStride;
  const acs = a.colStride;
  const brs = b.rowStride;
  const bcs = b.colStride;
  if (bcs === 1) {
    const row = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      row.fill(0);
      for (let p = 0; p < k; p++) {
        const av = A[a.offset + i * ars + p * acs];
        const bRow = b.offset + p * brs;
        for (let j = 0; j < n; j++) row[j] += av * B[bRow + j];
      }
      const cRow = c.offset + i * c.rowStride;
      for (let j = 0; j < n; j++) C[cRow + j * c.colStride] += row[j];
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const aRow = a.offset + i * ars;
    const cRow = c.offset + i * c.rowStride;
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let ai = aRow;
      let bi = b.offset + j * bcs;
      for (let p = 0; p < k; p++, ai += acs, bi += brs) sum += A[ai] * B[bi];
      C[cRow + j * c.colStride] += sum;
    }
  }
}

function roundUp(x: number, multiple: number): number {
  return Math.ceil(x / multiple) * multiple;
}
