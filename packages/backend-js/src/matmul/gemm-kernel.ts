/**
 * The blocked GEMM engine: packing, the 3×4 micro-kernel and the cache-blocked loops, on one
 * thread (`gemmBlocked`) or as bands shared by several (`gemmBands`).
 *
 * These functions are also the code the worker threads run: `worker-source.ts` ships their
 * `Function.prototype.toString()` text, so they must stay self-contained — they may call each
 * other and use their parameters, literals and globals (Math, Atomics), nothing imported and no
 * module-level value.
 */
import type { TypedArray } from '@nabla/tensor-core';
import type { OutputMatrix, StridedMatrix } from './strided-matrix.js';

/** Rows of A handled per micro-kernel call (the literal 3 inside the functions below). */
export const MR = 3;
/** Columns of B handled per micro-kernel call (the literal 4 inside the functions below). */
export const NR = 4;

/** A thread's private packing buffers; `gemmBlocked` grows them on demand. */
export interface GemmWorkspace {
  a: Float64Array;
  b: Float64Array;
  readonly edge: Float64Array;
}

/** Fresh (empty) packing buffers for one thread. */
export function newWorkspace(): GemmWorkspace {
  return { a: new Float64Array(0), b: new Float64Array(0), edge: new Float64Array(MR * NR) };
}

/**
 * C (m×n) += A (m×k) · B (k×n), Goto/BLIS-style, for operands of at least one full tile.
 * B is packed in KC×NC panels (NC columns stay in L2/L3), A in MC×KC blocks (L2), and the
 * micro-kernel sweeps 3×4 tiles with one 4-column micro-panel of B (8 KiB) resident in L1.
 */
export function gemmBlocked(
  m: number, n: number, k: number, a: StridedMatrix, b: StridedMatrix, c: OutputMatrix, ws: GemmWorkspace,
): void {
  const KC = 256;
  const MC = 126;
  const NC = 2048;
  const ncMax = Math.min(NC, Math.ceil(n / 4) * 4);
  if (ws.b.length < ncMax * KC) ws.b = new Float64Array(ncMax * KC);
  if (ws.a.length < MC * KC) ws.a = new Float64Array(MC * KC);
  const ap = ws.a;
  const bp = ws.b;
  const edge = ws.edge;
  const cData = c.data;
  const ldc = c.rowStride;
  const cs = c.colStride;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = Math.min(KC, k - k0);
      packB(b, k0, kc, j0, nc, bp);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        packA(a, i0, mc, k0, kc, ap);
        macroKernel(mc, nc, kc, ap, bp, 0, cData, c.offset + i0 * ldc + j0 * cs, ldc, cs, edge);
      }
    }
  }
}

/**
 * The bands of a GEMM split across threads: C (m×n) += A (m×k) · B (k×n) with B already packed
 * whole by `packWholeB` into `bp`, in bands of `band` rows that every thread claims one at a time
 * from `counter[slot]` until `count` are taken, so a thread slowed by other work simply takes
 * fewer bands. Per element, the operations are exactly those of `gemmBlocked`.
 */
export function gemmBands(
  m: number, n: number, k: number, a: StridedMatrix, bp: Float64Array, c: OutputMatrix,
  band: number, count: number, counter: Int32Array, slot: number, ws: GemmWorkspace,
): void {
  const KC = 256;
  const nPad = Math.ceil(n / 4) * 4;
  const aSize = Math.ceil(band / 3) * 3 * KC;
  if (ws.a.length < aSize) ws.a = new Float64Array(aSize);
  const ap = ws.a;
  const ldc = c.rowStride;
  for (let t = Atomics.add(counter, slot, 1); t < count; t = Atomics.add(counter, slot, 1)) {
    const i0 = t * band;
    const mc = Math.min(band, m - i0);
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = Math.min(KC, k - k0);
      packA(a, i0, mc, k0, kc, ap);
      macroKernel(mc, n, kc, ap, bp, k0 * nPad, c.data, c.offset + i0 * ldc, ldc, c.colStride, ws.edge);
    }
  }
}

/** Pack all of B (k×n) as `gemmBands` reads it: KC-deep blocks of 4-column panels, block k0 at k0·⌈n/4⌉·4. */
export function packWholeB(b: StridedMatrix, k: number, n: number, dst: Float64Array): void {
  const KC = 256;
  const nPad = Math.ceil(n / 4) * 4;
  for (let k0 = 0; k0 < k; k0 += KC) packB(b, k0, Math.min(KC, k - k0), 0, n, dst.subarray(k0 * nPad));
}

/**
 * One packed mc×kc block of A against nc packed columns of B (from `bAt`): the 3×4 tiles of the
 * C block at `cAt`, ragged edge tiles computed into `edge` and added.
 */
export function macroKernel(
  mc: number, nc: number, kc: number, ap: Float64Array, bp: Float64Array, bAt: number,
  cData: TypedArray, cAt: number, ldc: number, cs: number, edge: Float64Array,
): void {
  for (let j = 0; j < nc; j += 4) {
    const cols = Math.min(4, nc - j);
    const bj = bAt + j * kc;
    for (let i = 0; i < mc; i += 3) {
      const rows = Math.min(3, mc - i);
      const at = cAt + i * ldc + j * cs;
      if (rows === 3 && cols === 4) {
        microKernel(kc, ap, i * kc, bp, bj, cData, at, ldc, cs);
      } else {
        edge.fill(0);
        microKernel(kc, ap, i * kc, bp, bj, edge, 0, 4, 1);
        for (let r = 0; r < rows; r++) {
          for (let q = 0; q < cols; q++) cData[at + r * ldc + q * cs] += edge[r * 4 + q];
        }
      }
    }
  }
}

/**
 * Pack rows [i0, i0+mc) × cols [k0, k0+kc) of A into 3-row panels: panel p holds, for each k,
 * the 3 values A[i0 + 3p + r, k0 + k] consecutively, zero-padding a partial last panel.
 */
export function packA(a: StridedMatrix, i0: number, mc: number, k0: number, kc: number, dst: Float64Array): void {
  const src = a.data;
  const rs = a.rowStride;
  const cs = a.colStride;
  let p = 0;
  for (let i = 0; i < mc; i += 3) {
    const rows = Math.min(3, mc - i);
    let base = a.offset + (i0 + i) * rs + k0 * cs;
    if (rows === 3) {
      for (let k = 0; k < kc; k++, base += cs) {
        dst[p] = src[base];
        dst[p + 1] = src[base + rs];
        dst[p + 2] = src[base + 2 * rs];
        p += 3;
      }
    } else {
      for (let k = 0; k < kc; k++, base += cs) {
        let r = 0;
        for (; r < rows; r++) dst[p++] = src[base + r * rs];
        for (; r < 3; r++) dst[p++] = 0;
      }
    }
  }
}

/**
 * Pack rows [k0, k0+kc) × cols [j0, j0+nc) of B into 4-column panels: panel q holds, for each k,
 * the 4 values B[k0 + k, j0 + 4q + c] consecutively, zero-padding a partial last panel.
 */
export function packB(b: StridedMatrix, k0: number, kc: number, j0: number, nc: number, dst: Float64Array): void {
  const src = b.data;
  const rs = b.rowStride;
  const cs = b.colStride;
  let p = 0;
  for (let j = 0; j < nc; j += 4) {
    const cols = Math.min(4, nc - j);
    let base = b.offset + k0 * rs + (j0 + j) * cs;
    if (cols === 4) {
      for (let k = 0; k < kc; k++, base += rs) {
        dst[p] = src[base];
        dst[p + 1] = src[base + cs];
        dst[p + 2] = src[base + 2 * cs];
        dst[p + 3] = src[base + 3 * cs];
        p += 4;
      }
    } else {
      for (let k = 0; k < kc; k++, base += rs) {
        let c = 0;
        for (; c < cols; c++) dst[p++] = src[base + c * cs];
        for (; c < 4; c++) dst[p++] = 0;
      }
    }
  }
}

/**
 * C[0..3, 0..4] += Apanel · Bpanel over `kc` steps, twelve accumulators in locals. `ap`/`bp` are
 * packed panels starting at `aAt`/`bAt`; C's tile starts at `cAt` with row stride `ldc` and
 * column stride `cs`. (In V8 on x86-64, 3×4 ran ahead of 2×4, 3×3 and 4×4 tiles and level with
 * float32 panels, see bench/micro_kernel.bench.ts; 4×4's sixteen accumulators plus operands spill
 * out of the 16 SSE registers.)
 */
export function microKernel(
  kc: number,
  ap: Float64Array, aAt: number,
  bp: Float64Array, bAt: number,
  c: TypedArray, cAt: number, ldc: number, cs: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  // the A cursor doubles as the loop counter: one compare and two adds per step
  const aEnd = aAt + kc * 3;
  for (; aAt < aEnd; aAt += 3, bAt += 4) {
    const a0 = ap[aAt], a1 = ap[aAt + 1], a2 = ap[aAt + 2];
    const b0 = bp[bAt], b1 = bp[bAt + 1], b2 = bp[bAt + 2], b3 = bp[bAt + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
  }
  const cs2 = cs + cs;
  const cs3 = cs2 + cs;
  let o = cAt;
  c[o] += c00; c[o + cs] += c01; c[o + cs2] += c02; c[o + cs3] += c03;
  o += ldc;
  c[o] += c10; c[o + cs] += c11; c[o + cs2] += c12; c[o + cs3] += c13;
  o += ldc;
  c[o] += c20; c[o + cs] += c21; c[o + cs2] += c22; c[o + cs3] += c23;
}
