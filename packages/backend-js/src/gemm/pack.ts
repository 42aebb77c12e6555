/**
 * Packing: copies a cache-sized block of an operand into a contiguous Float64Array laid out in
 * the exact order the micro-kernel reads it, zero-padding partial panels.
 */
import type { StridedMatrix } from './strided_matrix.js';

/**
 * Pack rows [i0, i0+mc) × cols [k0, k0+kc) of A into `mr`-row panels: panel p holds, for each
 * k, the `mr` values A[i0 + p*mr + r, k0 + k] (r = 0..mr-1) consecutively.
 */
export function packA(a: StridedMatrix, i0: number, mc: number, k0: number, kc: number, mr: number, dst: Float64Array): void {
  const src = a.data;
  const rs = a.rowStride;
  const cs = a.colStride;
  let p = 0;
  for (let i = 0; i < mc; i += mr) {
    const rows = Math.min(mr, mc - i);
    let base = a.offset + (i0 + i) * rs + k0 * cs;
    if (rows === mr && mr === 3) {
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
        for (; r < mr; r++) dst[p++] = 0;
      }
    }
  }
}

/**
 * Pack rows [k0, k0+kc) × cols [j0, j0+nc) of B into `nr`-column panels: panel q holds, for each
 * k, the `nr` values B[k0 + k, j0 + q*nr + c] (c = 0..nr-1) consecutively.
 */
export function packB(b: StridedMatrix, k0: number, kc: number, j0: number, nc: number, nr: number, dst: Float64Array): void {
  const src = b.data;
  const rs = b.rowStride;
  const cs = b.colStride;
  let p = 0;
  for (let j = 0; j < nc; j += nr) {
    const cols = Math.min(nr, nc - j);
    let base = b.offset + k0 * rs + (j0 + j) * cs;
    if (cols === nr && nr === 4) {
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
        for (; c < nr; c++) dst[p++] = 0;
      }
    }
  }
}
