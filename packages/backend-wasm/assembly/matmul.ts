// Matrix multiplication. float32: BLIS-style packing into MR x KC and KC x NR panels and a
// register-blocked 4x8 SIMD micro-kernel; float64: a plain row-streaming loop.
// Operands are addressed through (row, column) element strides, which covers every transpose.
import { partStart, partEnd } from './partition';
import { madd } from './lanes';

const MR = 4;
const NR = 8;
const KC = 256;
const MC = 128;
const NC = 512;
const PACK_A_BYTES: usize = MC * KC * 4;
const PACK_B_BYTES: usize = KC * NC * 4;
const TILE_BYTES: usize = MR * NR * 4;

/** Bytes of per-thread scratch that gemm needs (packed A, packed B, an edge tile). */
export function gemm_scratch_bytes(): i32 {
  return <i32>(PACK_A_BYTES + PACK_B_BYTES + TILE_BYTES);
}

/**
 * Store the 4x4 transpose of rows r0..r3 (4 consecutive k each) as 4 k-steps of a panel:
 * lane q of r_i goes to dst + q * pitch + i * 4.
 */
@inline
function storeTransposed4x4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, pitch: usize): void {
  const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<i32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + pitch, v128.shuffle<i32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * pitch, v128.shuffle<i32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * pitch, v128.shuffle<i32>(t2, t3, 2, 3, 6, 7));
}

/**
 * Copy a `lanes` x kc block whose rows are contiguous along k (element pitch `ld` between rows)
 * into a panel with `width` floats per k (lanes are 4 or 8): 4x4 SIMD transposes, scalar tail.
 */
@inline
function packRowsAlongK(src: usize, ld: i32, kc: i32, lanes: i32, width: usize, dst: usize): void {
  const pitch = width << 2;
  const rowBytes = <usize>ld << 2;
  let k = 0;
  for (; k + 4 <= kc; k += 4) {
    const at = src + (<usize>k << 2);
    const out = dst + <usize>k * pitch;
    for (let g = 0; g < lanes; g += 4) {
      const row = at + <usize>g * rowBytes;
      storeTransposed4x4(v128.load(row), v128.load(row + rowBytes), v128.load(row + 2 * rowBytes), v128.load(row + 3 * rowBytes), out + (<usize>g << 2), pitch);
    }
  }
  for (; k < kc; k++) {
    for (let r = 0; r < lanes; r++) store<f32>(dst + <usize>k * pitch + (<usize>r << 2), load<f32>(src + <usize>r * rowBytes + (<usize>k << 2)));
  }
}

/** Pack rows [i0, i0+mc) x cols [k0, k0+kc) of A into MR-row panels, zero-padding the last. */
function packA(a: usize, rsA: i32, csA: i32, i0: i32, k0: i32, mc: i32, kc: i32, dst: usize): void {
  for (let p = 0; p < mc; p += MR) {
    const rows = min(MR, mc - p);
    const panel = dst + <usize>p * <usize>kc * 4;
    if (rows == MR && rsA == 1) {
      // Transposed A: the MR rows of one k are contiguous.
      for (let k = 0; k < kc; k++) {
        v128.store(panel + (<usize>k << 4), v128.load(a + ((<usize>(k0 + k) * <usize>csA + <usize>(i0 + p)) << 2)));
      }
      continue;
    }
    if (rows == MR && csA == 1) {
      // Plain A: each row is contiguous along k.
      packRowsAlongK(a + ((<usize>(i0 + p) * <usize>rsA + <usize>k0) << 2), rsA, kc, MR, MR, panel);
      continue;
    }
    for (let r = 0; r < MR; r++) {
      if (r < rows) {
        const src = a + ((<usize>(i0 + p + r) * <usize>rsA + <usize>k0 * <usize>csA) << 2);
        const step = <usize>csA << 2;
        for (let k = 0; k < kc; k++) store<f32>(panel + ((<usize>(k * MR + r)) << 2), load<f32>(src + <usize>k * step));
      } else {
        for (let k = 0; k < kc; k++) store<f32>(panel + ((<usize>(k * MR + r)) << 2), 0);
      }
    }
  }
}

/** Pack rows [k0, k0+kc) x cols [j0, j0+nc) of B into NR-column panels, zero-padding the last. */
function packB(b: usize, rsB: i32, csB: i32, k0: i32, j0: i32, kc: i32, nc: i32, dst: usize): void {
  for (let q = 0; q < nc; q += NR) {
    const cols = min(NR, nc - q);
    const panel = dst + <usize>q * <usize>kc * 4;
    if (cols == NR && csB == 1) {
      for (let k = 0; k < kc; k++) {
        const src = b + ((<usize>(k0 + k) * <usize>rsB + <usize>(j0 + q)) << 2);
        v128.store(panel + (<usize>k << 5), v128.load(src));
        v128.store(panel + (<usize>k << 5), v128.load(src, 16), 16);
      }
      continue;
    }
    if (cols == NR && rsB == 1) {
      // Transposed B: each column is contiguous along k.
      packRowsAlongK(b + ((<usize>(j0 + q) * <usize>csB + <usize>k0) << 2), csB, kc, NR, NR, panel);
      continue;
    }
    for (let c = 0; c < NR; c++) {
      if (c < cols) {
        const src = b + ((<usize>k0 * <usize>rsB + <usize>(j0 + q + c) * <usize>csB) << 2);
        const step = <usize>rsB << 2;
        for (let k = 0; k < kc; k++) store<f32>(panel + ((<usize>(k * NR + c)) << 2), load<f32>(src + <usize>k * step));
      } else {
        for (let k = 0; k < kc; k++) store<f32>(panel + ((<usize>(k * NR + c)) << 2), 0);
      }
    }
  }
}

/**
 * C[4x8] (=|+=) packed A panel x B panel, where B's 8 floats of step k sit at pb + k * ldb
 * (32 for a packed panel, the row pitch when B is read in place); `ldc` is C's row pitch in bytes.
 */
@inline
function micro4x8(kc: i32, pa: usize, pb: usize, ldb: usize, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    pa += 16;
    pb += ldb;
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldc)); c11 = f32x4.add(c11, v128.load(c + ldc, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldc)); c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldc)); c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

/** Columns of B rounded up to whole NR-wide panels. */
@inline
function paddedColumns(n: i32): i32 {
  return (n + NR - 1) / NR * NR;
}

/** Byte offset, in a whole packed B (packAllB), of the KC x NC block at (pc, jc) that is nc wide. */
@inline
function packedBlockOffset(jc: i32, pc: i32, nc: i32, k: i32): usize {
  return (<usize>jc * <usize>k + <usize>pc * <usize>paddedColumns(nc)) << 2;
}

/** Row blocks up to this many rows read a row-major B in place instead of packing it. */
const DIRECT_B_MAX_ROWS = 64;

/**
 * float32 rows [m0, m1) of C (row pitch ldc elements) = (or +=) A x B over K. `prepackedB` is 0,
 * or B already packed by packAllB (then b, rsB and csB are not read).
 */
function gemmRowsF32(a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, m0: i32, m1: i32, n: i32, k: i32, scratch: usize, accumulate: bool, prepackedB: usize): void {
  const packedA = scratch;
  const packedB = scratch + PACK_A_BYTES;
  const tile = packedB + PACK_B_BYTES;
  const ldcBytes = <usize>ldc << 2;
  if (k == 0) {
    if (!accumulate) for (let i = m0; i < m1; i++) memory.fill(c + <usize>i * ldcBytes, 0, <usize>n << 2);
    return;
  }
  // With few rows each B panel is used only a few times, so packing it costs more than the
  // strided reads it saves; full 8-column panels of a row-major B are then read in place.
  const directB = prepackedB == 0 && csB == 1 && m1 - m0 <= DIRECT_B_MAX_ROWS;
  const rowPitchB = <usize>rsB << 2;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const acc = accumulate || pc > 0;
      const blockB = prepackedB != 0 ? prepackedB + packedBlockOffset(jc, pc, nc, k) : packedB;
      if (prepackedB == 0 && !directB) packB(b, rsB, csB, pc, jc, kc, nc, packedB);
      for (let ic = m0; ic < m1; ic += MC) {
        const mc = min(MC, m1 - ic);
        packA(a, rsA, csA, ic, pc, mc, kc, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          let pb = blockB + <usize>jr * <usize>kc * 4;
          let ldb: usize = NR * 4;
          if (directB) {
            if (nr == NR) {
              pb = b + (<usize>pc * <usize>rsB + <usize>(jc + jr)) * 4;
              ldb = rowPitchB;
            } else {
              // the ragged last panel is packed (zero-padded), never read past B's end
              packB(b, rsB, csB, pc, jc + jr, kc, nr, packedB);
              pb = packedB;
            }
          }
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const pa = packedA + <usize>ir * <usize>kc * 4;
            const cp = c + <usize>(ic + ir) * ldcBytes + (<usize>(jc + jr) << 2);
            if (mr == MR && nr == NR) {
              micro4x8(kc, pa, pb, ldb, cp, ldcBytes, acc);
            } else {
              micro4x8(kc, pa, pb, ldb, tile, NR * 4, false);
              for (let r = 0; r < mr; r++) {
                for (let q = 0; q < nr; q++) {
                  const at = cp + <usize>r * ldcBytes + (<usize>q << 2);
                  const v = load<f32>(tile + (<usize>(r * NR + q) << 2));
                  store<f32>(at, acc ? load<f32>(at) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}

/** float64 rows [m0, m1) of C = (or +=) A x B, streaming rows of B. */
function gemmRowsF64(a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, m0: i32, m1: i32, n: i32, k: i32, accumulate: bool): void {
  for (let i = m0; i < m1; i++) {
    const crow = c + (<usize>i * <usize>ldc << 3);
    if (!accumulate) memory.fill(crow, 0, <usize>n << 3);
    for (let p = 0; p < k; p++) {
      const aip = load<f64>(a + ((<usize>i * <usize>rsA + <usize>p * <usize>csA) << 3));
      const brow = b + (<usize>p * <usize>rsB << 3);
      for (let j = 0; j < n; j++) {
        const at = crow + (<usize>j << 3);
        store<f64>(at, load<f64>(at) + aip * load<f64>(brow + (<usize>j * <usize>csB << 3)));
      }
    }
  }
}

/** Rows [m0, m1) of a GEMM in element type T (f32 or f64). */
@inline
export function gemmRows<T>(a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, m0: i32, m1: i32, n: i32, k: i32, scratch: usize, accumulate: bool): void {
  if (sizeof<T>() == 4) gemmRowsF32(a, rsA, csA, b, rsB, csB, c, ldc, m0, m1, n, k, scratch, accumulate, 0);
  else gemmRowsF64(a, rsA, csA, b, rsB, csB, c, ldc, m0, m1, n, k, accumulate);
}

@inline
function matmulKernel<T>(a: usize, b: usize, c: usize, batchA: i32, batchB: i32, m: i32, n: i32, k: i32, transA: i32, transB: i32, scratch: usize, scratchStride: i32, tid: i32, nt: i32): void {
  const size = <usize>sizeof<T>();
  const batch = max(batchA, batchB);
  const rsA = transA != 0 ? 1 : k;
  const csA = transA != 0 ? m : 1;
  const rsB = transB != 0 ? 1 : n;
  const csB = transB != 0 ? k : 1;
  const myScratch = scratch + <usize>tid * <usize>scratchStride;
  if (batch == 1 && nt > 1 && m <= DIRECT_B_MAX_ROWS) {
    // Few rows: the threads split C's columns in whole NR panels, each reading all of A.
    const panelsN = (n + NR - 1) / NR;
    const j0 = partStart(panelsN, tid, nt) * NR;
    const j1 = min(partEnd(panelsN, tid, nt) * NR, n);
    if (j0 < j1) gemmRows<T>(a, rsA, csA, b + <usize>j0 * <usize>csB * size, rsB, csB, c + <usize>j0 * size, n, 0, m, j1 - j0, k, myScratch, false);
    return;
  }
  const panels = (m + MR - 1) / MR;
  const units = batch * panels;
  const u0 = partStart(units, tid, nt);
  const u1 = partEnd(units, tid, nt);
  for (let bi = u0 / max(panels, 1); bi < batch && bi * panels < u1; bi++) {
    const r0 = max(u0 - bi * panels, 0) * MR;
    const r1 = min(min(u1 - bi * panels, panels) * MR, m);
    if (r0 >= r1) continue;
    const pa = a + <usize>(batchA == 1 ? 0 : bi) * <usize>m * <usize>k * size;
    const pb = b + <usize>(batchB == 1 ? 0 : bi) * <usize>k * <usize>n * size;
    const pc = c + <usize>bi * <usize>m * <usize>n * size;
    gemmRows<T>(pa, rsA, csA, pb, rsB, csB, pc, n, r0, r1, n, k, myScratch, false);
  }
}

/** Bytes that pack_b_f32 needs for `batchB` packed [K, N] matrices. */
export function packed_b_bytes(batchB: i32, n: i32, k: i32): f64 {
  return <f64>batchB * <f64>paddedColumns(n) * <f64>k * 4;
}

/**
 * Pack all of B ([batchB, K, N], or [batchB, N, K] when transB) once, for matmul_f32_packed:
 * per matrix, per NC column block, per KC row block, NR-wide panels. Panels are split by thread.
 */
export function pack_b_f32(b: usize, packed: usize, batchB: i32, n: i32, k: i32, transB: i32, tid: i32, nt: i32): void {
  const rsB = transB != 0 ? 1 : n;
  const csB = transB != 0 ? k : 1;
  const panels = (n + NR - 1) / NR;
  const itemBytes = <usize>paddedColumns(n) * <usize>k * 4;
  const end = partEnd(batchB * panels, tid, nt);
  for (let u = partStart(batchB * panels, tid, nt); u < end; u++) {
    const bi = u / panels;
    const q = (u - bi * panels) * NR;
    const jc = q / NC * NC;
    const nc = min(NC, n - jc);
    const src = b + <usize>bi * <usize>n * <usize>k * 4;
    const item = packed + <usize>bi * itemBytes;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(src, rsB, csB, pc, q, kc, min(NR, n - q), item + packedBlockOffset(jc, pc, nc, k) + <usize>(q - jc) * <usize>kc * 4);
    }
  }
}

/**
 * Batched float32 matmul over a B packed by pack_b_f32. The work is blocks of `blockRows` rows
 * of C, which threads take one at a time from the counter at `counter` (set to 0 before the
 * call), so a thread that starts late or runs slowly simply takes fewer blocks.
 */
export function matmul_f32_packed(a: usize, packed: usize, c: usize, batchA: i32, batchB: i32, m: i32, n: i32, k: i32, transA: i32, blockRows: i32, counter: usize, scratch: usize, scratchStride: i32, tid: i32, nt: i32): void {
  const batch = max(batchA, batchB);
  const rsA = transA != 0 ? 1 : k;
  const csA = transA != 0 ? m : 1;
  const blocks = (m + blockRows - 1) / blockRows;
  const itemBytes = <usize>paddedColumns(n) * <usize>k * 4;
  const myScratch = scratch + <usize>tid * <usize>scratchStride;
  for (let u = atomic.add<i32>(counter, 1); u < batch * blocks; u = atomic.add<i32>(counter, 1)) {
    const bi = u / blocks;
    const r0 = (u - bi * blocks) * blockRows;
    const r1 = min(r0 + blockRows, m);
    const pa = a + <usize>(batchA == 1 ? 0 : bi) * <usize>m * <usize>k * 4;
    const pb = packed + <usize>(batchB == 1 ? 0 : bi) * itemBytes;
    const pc = c + <usize>bi * <usize>m * <usize>n * 4;
    gemmRowsF32(pa, rsA, csA, 0, 0, 0, pc, n, r0, r1, n, k, myScratch, false, pb);
  }
}

/** Batched float32 matmul: [batchA, M, K] x [batchB, K, N] (either transposed) -> [batch, M, N]. */
export function matmul_f32(a: usize, b: usize, c: usize, batchA: i32, batchB: i32, m: i32, n: i32, k: i32, transA: i32, transB: i32, scratch: usize, scratchStride: i32, tid: i32, nt: i32): void {
  matmulKernel<f32>(a, b, c, batchA, batchB, m, n, k, transA, transB, scratch, scratchStride, tid, nt);
}

/** Batched float64 matmul. */
export function matmul_f64(a: usize, b: usize, c: usize, batchA: i32, batchB: i32, m: i32, n: i32, k: i32, transA: i32, transB: i32, scratch: usize, scratchStride: i32, tid: i32, nt: i32): void {
  matmulKernel<f64>(a, b, c, batchA, batchB, m, n, k, transA, transB, scratch, scratchStride, tid, nt);
}
