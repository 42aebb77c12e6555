/**
 * The 4×4 register-blocked micro-kernel: sixteen accumulators in locals, one packed 4-row panel
 * of A times one packed 4-column panel of B, added into C.
 */

/** Rows of A handled per micro-kernel call. */
export const MR = 4;
/** Columns of B handled per micro-kernel call. */
export const NR = 4;

/**
 * C[0..4, 0..4] += Apanel · Bpanel over `kc` steps. `ap`/`bp` are packed panels starting at
 * `aAt`/`bAt`; C is row-major with row stride `ldc` starting at `cAt`.
 */
export function microKernel4x4(
  kc: number,
  ap: Float64Array, aAt: number,
  bp: Float64Array, bAt: number,
  c: Float32Array | Float64Array | Int32Array | Uint8Array, cAt: number, ldc: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < kc; k++) {
    const a0 = ap[aAt], a1 = ap[aAt + 1], a2 = ap[aAt + 2], a3 = ap[aAt + 3];
    const b0 = bp[bAt], b1 = bp[bAt + 1], b2 = bp[bAt + 2], b3 = bp[bAt + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    aAt += 4;
    bAt += 4;
  }
  let o = cAt;
  c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03;
  o += ldc;
  c[o] += c10; c[o + 1] += c11; c[o + 2] += c12; c[o + 3] += c13;
  o += ldc;
  c[o] += c20; c[o + 1] += c21; c[o + 2] += c22; c[o + 3] += c23;
  o += ldc;
  c[o] += c30; c[o + 1] += c31; c[o + 2] += c32; c[o + 3] += c33;
}
