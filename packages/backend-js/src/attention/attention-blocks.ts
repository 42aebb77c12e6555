/**
 * The block arithmetic of the fused attention kernels (FlashAttention-2 blocking): BQ query rows
 * × BK keys per tile, tile products with 4 × 4 register blocking in float64, and the per-row
 * score masking. Operands are float64 copies, so every product runs on one array type.
 */

/** Query rows per block. */
export const BQ = 32;
/** Keys per block; score tiles are always BK wide. */
export const BK = 32;

/** No causal trimming in {@link product}. */
export const WHOLE = 0;
/** Row strip r … r + 3 computes only the columns j < diag + r + 4 (rounded up to 4): scores of a diagonal tile. */
export const TRIM_COLUMNS = 1;
/** Row strip r … r + 3 sums only k < diag + r + 4: weights past the diagonal are zero. */
export const TRIM_DEPTH = 2;

/** A row-major operand: element (r, c) at data[offset + r·rowStride + c·colStride]. */
export interface Strided {
  readonly data: Float64Array;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** An operand view. */
export function view(data: Float64Array, offset: number, rowStride: number, colStride = 1): Strided {
  return { data, offset, rowStride, colStride };
}

/**
 * C[m × n] (=|+=) A[m × kd] · B[kd × n]; B and C have unit column strides. Under a causal mask
 * (`trim` with `diag` = first query − first key) a diagonal tile skips what the mask zeroes;
 * columns left uncomputed keep whatever C held.
 */
export function product(m: number, n: number, kd: number, A: Strided, B: Strided, C: Strided, accumulate: boolean, trim = WHOLE, diag = 0): void {
  const a = A.data, b = B.data, c = C.data;
  const aRs = A.rowStride, aKs = A.colStride, bRs = B.rowStride, cRs = C.rowStride;
  let r = 0;
  for (; r < m; r += 4) {
    const rows = Math.min(4, m - r);
    const reach = diag + r + rows;
    const nn = trim === TRIM_COLUMNS ? Math.min(n, Math.max(0, (reach + 3) & ~3)) : n;
    const kk = trim === TRIM_DEPTH ? Math.min(kd, Math.max(0, reach)) : kd;
    const a0 = A.offset + r * aRs;
    const c0 = C.offset + r * cRs;
    let j = 0;
    if (rows === 4) {
      for (; j + 4 <= nn; j += 4) {
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        let pa = a0;
        let pb = B.offset + j;
        for (let k = 0; k < kk; k++) {
          const x0 = a[pa], x1 = a[pa + aRs], x2 = a[pa + 2 * aRs], x3 = a[pa + 3 * aRs];
          const y0 = b[pb], y1 = b[pb + 1], y2 = b[pb + 2], y3 = b[pb + 3];
          s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
          s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
          s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
          s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
          pa += aKs;
          pb += bRs;
        }
        const o0 = c0 + j, o1 = o0 + cRs, o2 = o1 + cRs, o3 = o2 + cRs;
        if (accumulate) {
          c[o0] += s00; c[o0 + 1] += s01; c[o0 + 2] += s02; c[o0 + 3] += s03;
          c[o1] += s10; c[o1 + 1] += s11; c[o1 + 2] += s12; c[o1 + 3] += s13;
          c[o2] += s20; c[o2 + 1] += s21; c[o2 + 2] += s22; c[o2 + 3] += s23;
          c[o3] += s30; c[o3 + 1] += s31; c[o3 + 2] += s32; c[o3 + 3] += s33;
        } else {
          c[o0] = s00; c[o0 + 1] = s01; c[o0 + 2] = s02; c[o0 + 3] = s03;
          c[o1] = s10; c[o1 + 1] = s11; c[o1 + 2] = s12; c[o1 + 3] = s13;
          c[o2] = s20; c[o2 + 1] = s21; c[o2 + 2] = s22; c[o2 + 3] = s23;
          c[o3] = s30; c[o3 + 1] = s31; c[o3 + 2] = s32; c[o3 + 3] = s33;
        }
      }
    }
    // the remaining columns (and every column of a short strip), one element at a time
    for (let rr = 0; rr < rows; rr++) {
      for (let jj = rows === 4 ? j : 0; jj < nn; jj++) {
        let s = 0;
        let pa = a0 + rr * aRs;
        let pb = B.offset + jj;
        for (let k = 0; k < kk; k++) {
          s += a[pa] * b[pb];
          pa += aKs;
          pb += bRs;
        }
        const o = c0 + rr * cRs + jj;
        c[o] = accumulate ? c[o] + s : s;
      }
    }
  }
}

/** Where a row's bias lives: bias[rowOffset + key · keyStride], or no bias. */
export interface RowBias {
  readonly data: Float32Array | Float64Array | null;
  readonly rowOffset: number;
  readonly keyStride: number;
}

/**
 * Turn row `row` of raw q·k products (BK wide, in `tile`) into scaled, biased, masked scores and
 * return their max: columns past `valid` keys and, when causal, keys after query `i` become −∞.
 */
export function scoreRow(tile: Float64Array, row: number, scale: number, valid: number, j0: number, i: number, causal: boolean, bias: RowBias): number {
  const visible = causal ? Math.min(valid, i - j0 + 1) : valid;
  const base = row * BK;
  let m = -Infinity;
  for (let jj = 0; jj < BK; jj++) {
    let s = -Infinity;
    if (jj < visible) {
      s = tile[base + jj] * scale;
      if (bias.data) s += bias.data[bias.rowOffset + (j0 + jj) * bias.keyStride];
    }
    tile[base + jj] = s;
    if (s > m) m = s;
  }
  return m;
}

/** tile[row, :] = e^(tile[row, :] − shift); returns the row's sum (e^−∞ = 0). */
export function expRow(tile: Float64Array, row: number, shift: number): number {
  const base = row * BK;
  let sum = 0;
  for (let jj = 0; jj < BK; jj++) {
    const e = Math.exp(tile[base + jj] - shift);
    tile[base + jj] = e;
    sum += e;
  }
  return sum;
}

/** `batch` [rows, cols] matrices as float64 [batch, cols, rows], padded by BK zeros at the end. */
export function transposedCopy(x: Float32Array | Float64Array, batch: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(batch * rows * cols + BK);
  for (let b = 0; b < batch; b++) {
    const src = b * rows * cols;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[src + c * rows + r] = x[src + r * cols + c];
  }
  return out;
}
