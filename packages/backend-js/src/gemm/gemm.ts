/**
 * General matrix multiply C += A·B on strided views, blocked for the cache (Goto/BLIS style):
 * B is packed in KC×NC panels, A in MC×KC blocks, and the 3×4 micro-kernel sweeps the tiles.
 * Transposed operands are just views with swapped strides; only panels are ever copied.
 */
import { packA, packB } from './pack.js';
import { MR, NR, microKernel } from './micro_kernel.js';
import { transposed } from './strided_matrix.js';
import type { OutputMatrix, StridedMatrix } from './strided_matrix.js';

/** Depth of a packed block (keeps an A panel and a B panel in L1). */
const KC = 256;
/** Rows of A packed at once (the A block stays in L2). */
const MC = 126;
/** Columns of B packed at once (the B panel stays in L2/L3). */
const NC = 2048;
/** Up to this many multiply-adds, packing costs more than it saves. */
const SMALL_WORK = 32 * 32 * 32;

let packedA = new Float64Array(MC * KC);
let packedB = new Float64Array(NC * KC);
const edgeTile = new Float64Array(MR * NR);

/** C (m×n) += A (m×k) · B (k×n). C must hold the value to accumulate onto (zeros for a plain product). */
export function gemm(m: number, n: number, k: number, a: StridedMatrix, b: StridedMatrix, c: OutputMatrix): void {
  if (m === 0 || n === 0 || k === 0) return;
  // tiny products, and skinny ones (matrix-vector) that would leave most of every tile padding
  if (m * n * k <= SMALL_WORK || Math.min(m, n) < NR) {
    gemmUnpacked(m, n, k, a, b, c);
    return;
  }
  // Cᵀ = Bᵀ·Aᵀ computes the same numbers; take whichever orientation pads fewer tiles
  // (e.g. 8 filters × 576 pixels: 9 padded rows of 3, versus 576 rows and exactly 2 column panels)
  if (roundUp(n, MR) * roundUp(m, NR) < roundUp(m, MR) * roundUp(n, NR)) {
    gemmBlocked(n, m, k, transposed(b), transposed(a), transposed(c));
  } else {
    gemmBlocked(m, n, k, a, b, c);
  }
}

/** The packed, cache-blocked product for operands of at least one full tile. */
function gemmBlocked(m: number, n: number, k: number, a: StridedMatrix, b: StridedMatrix, c: OutputMatrix): void {
  const ncMax = Math.min(NC, roundUp(n, NR));
  if (packedB.length < ncMax * KC) packedB = new Float64Array(ncMax * KC);
  if (packedA.length < MC * KC) packedA = new Float64Array(MC * KC);
  const ap = packedA;
  const bp = packedB;
  const cData = c.data;
  const ldc = c.rowStride;
  const cs = c.colStride;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = Math.min(KC, k - k0);
      packB(b, k0, kc, j0, nc, NR, bp);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        packA(a, i0, mc, k0, kc, MR, ap);
        for (let j = 0; j < nc; j += NR) {
          const cols = Math.min(NR, nc - j);
          const bAt = j * kc;
          for (let i = 0; i < mc; i += MR) {
            const rows = Math.min(MR, mc - i);
            const cAt = c.offset + (i0 + i) * ldc + (j0 + j) * cs;
            if (rows === MR && cols === NR) {
              microKernel(kc, ap, i * kc, bp, bAt, cData, cAt, ldc, cs);
            } else {
              edgeTile.fill(0);
              microKernel(kc, ap, i * kc, bp, bAt, edgeTile, 0, NR, 1);
              for (let r = 0; r < rows; r++) {
                for (let q = 0; q < cols; q++) cData[cAt + r * ldc + q * cs] += edgeTile[r * NR + q];
              }
            }
          }
        }
      }
    }
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
