// Fused scaled dot-product attention and its backward in the FlashAttention-2 style: blocks of
// BQ query rows × BK keys, the block products done by register-blocked SIMD tiles (4 rows × 8
// columns of float32 per inner step), the softmax online in the forward (running max and sum per
// row) and recomputed from the saved logsumexp in the backward. Scratch is O(BQ·BK + BK·(E + Ev))
// per thread; nothing of size L × S is ever stored.
// Geometry block (i32): [B, L, S, E, Ev, biasStrideB, biasStrideL, biasStrideS, causal, hasBias].
// q [B, L, E], k [B, S, E], v [B, S, Ev]; packed output [B, L, Ev + 1] = output row, logsumexp.
// Work is dealt out round-robin (item = tid, tid + nt, ...) so causal blocks of unequal cost mix.
import { partStart, partEnd } from './partition';

/** Query rows per block. */
const BQ: i32 = 32;
/** Keys per block (a multiple of 8: score tiles are always computed BK columns wide). */
const BK: i32 = 32;

/** Bytes of per-thread scratch the forward and backward need for head sizes E and Ev (float64 worst case). */
export function attention_scratch_bytes(E: i32, Ev: i32): i32 {
  const forward = BQ * BK + BQ * Ev + 2 * BQ;
  const backward = 2 * BQ * BK;
  return max(forward, backward) * 8;
}

@inline function geo(g: usize, i: i32): i32 { return load<i32>(g + (<usize>i << 2)); }

// ---- float32 block products: C[m × n] (=|+=) A[m × kd] · B[kd × n] ---------------------------
// A is read through byte strides (aRs between rows, aKs between steps of k), so a transposed
// operand needs no copy; B and C are row-major with byte pitches bRs and cRs.

@inline
function tile4x8(kd: i32, a: usize, aRs: usize, aKs: usize, b: usize, bRs: usize, c: usize, cRs: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const a2 = aRs << 1, a3 = aRs * 3;
  for (let kk = 0; kk < kd; kk++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a + aRs);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a + a2);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a + a3);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    a += aKs;
    b += bRs;
  }
  const c1 = c + cRs, c2 = c + (cRs << 1), c3 = c + cRs * 3;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c1)); c11 = f32x4.add(c11, v128.load(c1, 16));
    c20 = f32x4.add(c20, v128.load(c2)); c21 = f32x4.add(c21, v128.load(c2, 16));
    c30 = f32x4.add(c30, v128.load(c3)); c31 = f32x4.add(c31, v128.load(c3, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c1, c10); v128.store(c1, c11, 16);
  v128.store(c2, c20); v128.store(c2, c21, 16);
  v128.store(c3, c30); v128.store(c3, c31, 16);
}

@inline
function tile4x4(kd: i32, a: usize, aRs: usize, aKs: usize, b: usize, bRs: usize, c: usize, cRs: usize, accumulate: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  const a2 = aRs << 1, a3 = aRs * 3;
  for (let kk = 0; kk < kd; kk++) {
    const b0 = v128.load(b);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a), b0));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(a + aRs), b0));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(a + a2), b0));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(a + a3), b0));
    a += aKs;
    b += bRs;
  }
  const r1 = c + cRs, r2 = c + (cRs << 1), r3 = c + cRs * 3;
  if (accumulate) {
    c0 = f32x4.add(c0, v128.load(c)); c1 = f32x4.add(c1, v128.load(r1));
    c2 = f32x4.add(c2, v128.load(r2)); c3 = f32x4.add(c3, v128.load(r3));
  }
  v128.store(c, c0); v128.store(r1, c1); v128.store(r2, c2); v128.store(r3, c3);
}

@inline
function tile1x8(kd: i32, a: usize, aKs: usize, b: usize, bRs: usize, c: usize, accumulate: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  for (let kk = 0; kk < kd; kk++) {
    const x = v128.load32_splat(a);
    c0 = f32x4.add(c0, f32x4.mul(x, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(x, v128.load(b, 16)));
    a += aKs;
    b += bRs;
  }
  if (accumulate) {
    c0 = f32x4.add(c0, v128.load(c));
    c1 = f32x4.add(c1, v128.load(c, 16));
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
}

@inline
function tile1x4(kd: i32, a: usize, aKs: usize, b: usize, bRs: usize, c: usize, accumulate: bool): void {
  let c0 = f32x4.splat(0);
  for (let kk = 0; kk < kd; kk++) {
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a), v128.load(b)));
    a += aKs;
    b += bRs;
  }
  if (accumulate) c0 = f32x4.add(c0, v128.load(c));
  v128.store(c, c0);
}

/** One element: C (=|+=) Σ_k A[k]·B[k] for a single row of A and column of B. */
@inline
function tile1x1(kd: i32, a: usize, aKs: usize, b: usize, bRs: usize, c: usize, accumulate: bool): void {
  let s: f32 = accumulate ? load<f32>(c) : 0;
  for (let kk = 0; kk < kd; kk++) {
    s += load<f32>(a) * load<f32>(b);
    a += aKs;
    b += bRs;
  }
  store<f32>(c, s);
}

/** No causal trimming in {@link product}. */
const WHOLE: i32 = 0;
/** Row strip r..r+3 computes only the columns j < diag + r + 4 (rounded up to 8): scores of a diagonal tile. */
const TRIM_COLUMNS: i32 = 1;
/** Row strip r..r+3 sums only k < diag + r + 4: weights past the diagonal are zero. */
const TRIM_DEPTH: i32 = 2;
/**
 * Row strip r..r+3 (keys) sums only k ≥ r − diag (rounded down to 4): the products Pᵀ·dO and
 * dSᵀ·q over a diagonal tile, where queries before the key have zero weight.
 */
const TRIM_DEPTH_FROM: i32 = 3;

function productF32(m: i32, n: i32, kd: i32, a: usize, aRs: usize, aKs: usize, b: usize, bRs: usize, c: usize, cRs: usize, accumulate: bool, trim: i32, diag: i32): void {
  let r = 0;
  for (; r + 4 <= m; r += 4) {
    const ar = a + <usize>r * aRs;
    const cr = c + <usize>r * cRs;
    const reach = diag + r + 4;
    const nn = trim == TRIM_COLUMNS ? min(n, max(0, (reach + 7) & ~7)) : n;
    let kk = trim == TRIM_DEPTH ? min(kd, max(0, reach)) : kd;
    let ak = ar;
    let bk = b;
    if (trim == TRIM_DEPTH_FROM) {
      const from = min(kd, max(0, (r - diag) & ~3));
      kk = kd - from;
      ak += <usize>from * aKs;
      bk += <usize>from * bRs;
    }
    let j = 0;
    for (; j + 8 <= nn; j += 8) tile4x8(kk, ak, aRs, aKs, bk + (<usize>j << 2), bRs, cr + (<usize>j << 2), cRs, accumulate);
    if (j + 4 <= nn) {
      tile4x4(kk, ak, aRs, aKs, bk + (<usize>j << 2), bRs, cr + (<usize>j << 2), cRs, accumulate);
      j += 4;
    }
    for (; j < nn; j++) {
      for (let rr = 0; rr < 4; rr++) tile1x1(kk, ak + <usize>rr * aRs, aKs, bk + (<usize>j << 2), bRs, cr + <usize>rr * cRs + (<usize>j << 2), accumulate);
    }
  }
  for (; r < m; r++) {
    const ar = a + <usize>r * aRs;
    const cr = c + <usize>r * cRs;
    const reach = diag + r + 1;
    const nn = trim == TRIM_COLUMNS ? min(n, max(0, (reach + 7) & ~7)) : n;
    let kk = trim == TRIM_DEPTH ? min(kd, max(0, reach)) : kd;
    let ak = ar;
    let bk = b;
    if (trim == TRIM_DEPTH_FROM) {
      const from = min(kd, max(0, r - diag));
      kk = kd - from;
      ak += <usize>from * aKs;
      bk += <usize>from * bRs;
    }
    let j = 0;
    for (; j + 8 <= nn; j += 8) tile1x8(kk, ak, aKs, bk + (<usize>j << 2), bRs, cr + (<usize>j << 2), accumulate);
    if (j + 4 <= nn) {
      tile1x4(kk, ak, aKs, bk + (<usize>j << 2), bRs, cr + (<usize>j << 2), accumulate);
      j += 4;
    }
    for (; j < nn; j++) tile1x1(kk, ak, aKs, bk + (<usize>j << 2), bRs, cr + (<usize>j << 2), accumulate);
  }
}

/** The same product in float64, plain loops (float64 attention is for checking, not speed). */
function productF64(m: i32, n: i32, kd: i32, a: usize, aRs: usize, aKs: usize, b: usize, bRs: usize, c: usize, cRs: usize, accumulate: bool): void {
  for (let r = 0; r < m; r++) {
    for (let j = 0; j < n; j++) {
      const cp = c + <usize>r * cRs + (<usize>j << 3);
      let s: f64 = accumulate ? load<f64>(cp) : 0;
      let pa = a + <usize>r * aRs;
      let pb = b + (<usize>j << 3);
      for (let kk = 0; kk < kd; kk++) {
        s += load<f64>(pa) * load<f64>(pb);
        pa += aKs;
        pb += bRs;
      }
      store<f64>(cp, s);
    }
  }
}

/**
 * C[m × n] (=|+=) A·B with A's byte strides (aRs per row, aKs per k) and row pitches bRs, cRs in
 * bytes. Under a causal mask, float32 products of a tile crossing the diagonal (`diag` = first
 * query − first key) skip what the mask zeroes (`trim`); columns left uncomputed hold garbage.
 */
@inline
function product<T>(m: i32, n: i32, kd: i32, a: usize, aRs: usize, aKs: usize, b: usize, bRs: usize, c: usize, cRs: usize, accumulate: bool, trim: i32 = WHOLE, diag: i32 = 0): void {
  if (sizeof<T>() == 4) productF32(m, n, kd, a, aRs, aKs, b, bRs, c, cRs, accumulate, trim, diag);
  else productF64(m, n, kd, a, aRs, aKs, b, bRs, c, cRs, accumulate);
}

// ---- row helpers --------------------------------------------------------------------------

/**
 * `batch` [rows, cols] matrices transposed into key-block panels: element (b, j, e) goes to
 * dst[b][j / BK][e][j % BK], so each block of BK keys is one contiguous [cols, BK] panel (row
 * pitch BK) and its products stream through memory without the cache-set conflicts of a long
 * power-of-two pitch; rows past `rows` in the last panel are zero. (batch, column) pairs split
 * between threads.
 */
function transpose(src: usize, dst: usize, size: i32, batch: i32, rows: i32, cols: i32, tid: i32, nt: i32): void {
  if (size == 4 && cols % 4 == 0) {
    transposeF32(src, dst, batch, rows, cols, tid, nt);
    return;
  }
  const panels = (rows + BK - 1) / BK;
  const lines = batch * cols;
  for (let x = partStart(lines, tid, nt); x < partEnd(lines, tid, nt); x++) {
    const b = x / cols, e = x % cols;
    const s = src + <usize>((b * rows * cols + e) * size);
    for (let j = 0; j < panels * BK; j++) {
      const d = dst + <usize>((((b * panels + j / BK) * cols + e) * BK + j % BK) * size);
      // elements moved as raw bits: 4 or 8 bytes
      const bits: u64 = j >= rows ? 0 : size == 8 ? load<u64>(s + <usize>(j * cols * size)) : <u64>load<u32>(s + <usize>(j * cols * size));
      if (size == 8) store<u64>(d, bits);
      else store<u32>(d, <u32>bits);
    }
  }
}

/**
 * The float32 panel transpose for `cols` a multiple of 4, in 4 × 4 blocks through SIMD shuffles;
 * (batch, group of 4 columns) pairs split between threads.
 */
function transposeF32(src: usize, dst: usize, batch: i32, rows: i32, cols: i32, tid: i32, nt: i32): void {
  const groups = cols >> 2;
  const lines = batch * groups;
  const panels = (rows + BK - 1) / BK;
  const sp = <usize>cols << 2;
  const dp = <usize>BK << 2;
  for (let x = partStart(lines, tid, nt); x < partEnd(lines, tid, nt); x++) {
    const b = x / groups, e = (x % groups) << 2;
    const s = src + (<usize>(b * rows * cols + e) << 2);
    const d = dst + (<usize>((b * panels * cols + e) * BK) << 2);
    let j = 0;
    for (; j + 4 <= rows; j += 4) {
      const r = s + <usize>j * sp;
      const r0 = v128.load(r), r1 = v128.load(r + sp), r2 = v128.load(r + 2 * sp), r3 = v128.load(r + 3 * sp);
      const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
      const t1 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
      const t2 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
      const t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
      const o = d + (<usize>((j / BK) * cols * BK + j % BK) << 2);
      v128.store(o, v128.shuffle<i32>(t0, t1, 0, 1, 4, 5));
      v128.store(o + dp, v128.shuffle<i32>(t0, t1, 2, 3, 6, 7));
      v128.store(o + 2 * dp, v128.shuffle<i32>(t2, t3, 0, 1, 4, 5));
      v128.store(o + 3 * dp, v128.shuffle<i32>(t2, t3, 2, 3, 6, 7));
    }
    for (; j < panels * BK; j++) {
      const r = s + <usize>j * sp;
      const o = d + (<usize>((j / BK) * cols * BK + j % BK) << 2);
      for (let u = 0; u < 4; u++) store<f32>(o + <usize>u * dp, j < rows ? load<f32>(r + (<usize>u << 2)) : 0);
    }
  }
}

/** Zero n elements. */
@inline
function clear<T>(p: usize, n: i32): void {
  memory.fill(p, 0, <usize>n * sizeof<T>());
}

/**
 * float32 scores are kept in base-2 units (s · log2 e), so their exponentials are powers of two
 * (one exact range reduction, no ln 2 splitting); float64 scores stay in natural units.
 */
@inline
function scoreUnit<T>(): f64 {
  return sizeof<T>() == 4 ? 1.4426950408889634 : 1;
}

/** e raised to a score difference `x` given in {@link scoreUnit} units. */
@inline
function expUnits<T>(x: f64): f64 {
  return sizeof<T>() == 4 ? Math.exp(x * Math.LN2) : Math.exp(x);
}

/** 1.5 · 2^23: adding it rounds a float of magnitude < 2^22 to an integer held in the low mantissa bits. */
const ROUNDER: f32 = 12582912.0;
/** Below this 2^x is subnormal in float32; the result is 0. */
const EXP2_MIN: f32 = -126;
/** Inputs are clamped to at most this, so that 2^n stays a normal float (softmax arguments are ≤ 0 anyway). */
const EXP2_MAX: f32 = 127;

/**
 * 2^x on four lanes for softmax arguments (x ≤ 0 up to rounding; clamped to [−126, 127]): x = n + f
 * with n an integer and |f| ≤ 1/2 (exact), 2^f by a degree-6 polynomial fitted on [−1/2, 1/2]
 * (relative error 2e-9 before float32 rounding) in Estrin's scheme, 2^n built in the exponent
 * field. −∞ gives 0, NaN stays NaN.
 */
@inline
function softmaxExp2F32x4(x: v128): v128 {
  const c = f32x4.pmax(f32x4.pmin(x, f32x4.splat(EXP2_MAX)), f32x4.splat(EXP2_MIN));
  const biased = f32x4.add(c, f32x4.splat(ROUNDER));
  const n = f32x4.sub(biased, f32x4.splat(ROUNDER));
  const f = f32x4.sub(c, n);
  const f2 = f32x4.mul(f, f);
  const f4 = f32x4.mul(f2, f2);
  const a0 = f32x4.add(f32x4.splat(1), f32x4.mul(f, f32x4.splat(0.693147182)));
  const a1 = f32x4.add(f32x4.splat(0.240226462), f32x4.mul(f, f32x4.splat(0.0555032901)));
  const a2 = f32x4.add(f32x4.splat(0.00961851980), f32x4.mul(f, f32x4.splat(0.00133998599)));
  const p = f32x4.add(f32x4.add(a0, f32x4.mul(f2, a1)), f32x4.mul(f4, f32x4.add(a2, f32x4.mul(f2, f32x4.splat(0.000153375775)))));
  const scale = i32x4.shl(i32x4.add(i32x4.sub(biased, f32x4.splat(ROUNDER)), i32x4.splat(127)), 23);
  return v128.andnot(f32x4.mul(p, scale), f32x4.lt(x, f32x4.splat(EXP2_MIN)));
}

/**
 * x[jj] = e^(x[jj]·scale − shift) (2^ for float32, see {@link scoreUnit}) over a row of BK values,
 * 0 from column `visible` on (float32 does not compute those: they may hold garbage); returns the sum.
 */
function expRow<T>(x: usize, scale: f64, shift: f64, visible: i32): f64 {
  if (sizeof<T>() == 4) {
    const vscale = f32x4.splat(<f32>scale);
    const vshift = f32x4.splat(<f32>shift);
    const limit = i32x4.splat(visible);
    const count = min(BK, (visible + 3) & ~3);
    let lane = i32x4(0, 1, 2, 3);
    let sum = f32x4.splat(0);
    let jj = 0;
    for (; jj < count; jj += 4) {
      const p = x + (<usize>jj << 2);
      const e = v128.and(softmaxExp2F32x4(f32x4.sub(f32x4.mul(v128.load(p), vscale), vshift)), i32x4.lt_s(lane, limit));
      v128.store(p, e);
      sum = f32x4.add(sum, e);
      lane = i32x4.add(lane, i32x4.splat(4));
    }
    for (; jj < BK; jj += 4) v128.store(x + (<usize>jj << 2), f32x4.splat(0));
    return <f64>f32x4.extract_lane(sum, 0) + <f64>f32x4.extract_lane(sum, 1) + <f64>f32x4.extract_lane(sum, 2) + <f64>f32x4.extract_lane(sum, 3);
  }
  let sum: f64 = 0;
  for (let jj = 0; jj < BK; jj++) {
    const p = x + (<usize>jj << 3);
    const e = jj < visible ? Math.exp(load<f64>(p) * scale - shift) : 0;
    store<f64>(p, e);
    sum += e;
  }
  return sum;
}

/**
 * Turn one row of raw q·k products (BK wide) into scaled, biased, masked scores in
 * {@link scoreUnit} units (`scale` already in them); returns their max. Columns from `visible`
 * on (masked, or past the keys; possibly never computed) become −∞.
 */
function scoreRow<T>(row: usize, scale: f64, visible: i32, j0: i32, bias: usize, biasRow: usize, biasCol: usize): f64 {
  const size = <usize>sizeof<T>();
  if (sizeof<T>() == 4 && bias == 0) {
    const vs = f32x4.splat(<f32>scale);
    const ninf = f32x4.splat(-Infinity);
    const limit = i32x4.splat(visible);
    let lane = i32x4(0, 1, 2, 3);
    let vm = ninf;
    let nan = f32x4.splat(0);
    for (let jj = 0; jj < BK; jj += 4) {
      const p = row + (<usize>jj << 2);
      const s = v128.bitselect(f32x4.mul(v128.load(p), vs), ninf, i32x4.lt_s(lane, limit));
      v128.store(p, s);
      // pmax is one instruction (V8's f32x4.max is a NaN-aware sequence) but may drop a NaN,
      // so NaN scores are flagged apart: a row of them must give a NaN row, not an empty one
      vm = f32x4.pmax(s, vm);
      nan = v128.or(nan, f32x4.ne(s, s));
      lane = i32x4.add(lane, i32x4.splat(4));
    }
    if (v128.any_true(nan)) return NaN;
    return <f64>max(max(f32x4.extract_lane(vm, 0), f32x4.extract_lane(vm, 1)), max(f32x4.extract_lane(vm, 2), f32x4.extract_lane(vm, 3)));
  }
  const unit = scoreUnit<T>();
  let m: f64 = -Infinity;
  for (let jj = 0; jj < BK; jj++) {
    const p = row + <usize>jj * size;
    let s: f64 = -Infinity;
    if (jj < visible) {
      s = <f64>load<T>(p) * scale;
      if (bias != 0) s += <f64>load<T>(bias + (biasRow + <usize>(j0 + jj) * biasCol) * size) * unit;
    }
    store<T>(p, <T>s);
    if (s > m) m = s;
  }
  return m;
}

/**
 * One row of the backward's probabilities P = e^(s − lse) from raw q·k products, `shift` = lse
 * in {@link scoreUnit} units; columns from `visible` on are 0. float32 without a bias in one pass.
 */
function probRow<T>(row: usize, scale: f64, shift: f64, visible: i32, j0: i32, bias: usize, biasRow: usize, biasCol: usize): void {
  let rowScale = scale;
  if (sizeof<T>() != 4 || bias != 0) {
    scoreRow<T>(row, scale, visible, j0, bias, biasRow, biasCol);
    rowScale = 1;
  }
  expRow<T>(row, rowScale, shift, visible);
}

/** y[c] *= f over n elements. */
function scaleRow<T>(y: usize, f: f64, n: i32): void {
  const size = <usize>sizeof<T>();
  let c = 0;
  if (sizeof<T>() == 4) {
    const vf = f32x4.splat(<f32>f);
    for (; c + 4 <= n; c += 4) v128.store(y + (<usize>c << 2), f32x4.mul(v128.load(y + (<usize>c << 2)), vf));
  }
  for (; c < n; c++) store<T>(y + <usize>c * size, <T>(<f64>load<T>(y + <usize>c * size) * f));
}

// ---- forward --------------------------------------------------------------------------------

/**
 * The i-th item a thread takes when `items` items, ordered from most to least work, are dealt
 * out in a boustrophedon (0 1 … nt−1, then nt−1 … 0, …) so the threads' totals stay even; −1 past the end.
 */
@inline
function dealt(round: i32, tid: i32, nt: i32, items: i32): i32 {
  const x = round * nt + ((round & 1) == 0 ? tid : nt - 1 - tid);
  return x < items ? x : -1;
}

/** Forward over query blocks; `kT` is k in key-block panels [B, ⌈S / BK⌉, E, BK] (see transpose). */
function forward<T>(q: usize, kT: usize, v: usize, bias: usize, out: usize, g: usize, scratch: usize, scale: f64, tid: i32, nt: i32): void {
  const B = geo(g, 0), L = geo(g, 1), S = geo(g, 2), E = geo(g, 3), Ev = geo(g, 4);
  const biasB = <usize>geo(g, 5), biasL = <usize>geo(g, 6), biasS = <usize>geo(g, 7);
  const causal = geo(g, 8) != 0;
  const size = <usize>sizeof<T>();
  const mine = scratch + <usize>tid * <usize>attention_scratch_bytes(E, Ev);
  const scores = mine;
  const acc = scores + <usize>(BQ * BK) * size;
  const runMax = acc + <usize>(BQ * Ev) * size;
  const runSum = runMax + (<usize>BQ << 3);
  const blocks = (L + BQ - 1) / BQ;
  const blocksS = (S + BK - 1) / BK;
  const scaleU = scale * scoreUnit<T>();
  const items = B * blocks;
  for (let round = 0; round * nt < items; round++) {
    const item = dealt(round, tid, nt, items);
    if (item < 0) break;
    // later query blocks see more keys under a causal mask: deal them out first
    const b = item % B;
    const i0 = (blocks - 1 - item / B) * BQ;
    const mq = min(BQ, L - i0);
    clear<T>(acc, mq * Ev);
    for (let r = 0; r < mq; r++) {
      store<f64>(runMax + (<usize>r << 3), -Infinity);
      store<f64>(runSum + (<usize>r << 3), 0);
    }
    const keyEnd = causal ? min(S, i0 + mq) : S;
    for (let j0 = 0; j0 < keyEnd; j0 += BK) {
      const nk = min(BK, keyEnd - j0);
      product<T>(mq, BK, E, q + <usize>((b * L + i0) * E) * size, <usize>E * size, size, kT + <usize>((b * blocksS * BK + j0) * E) * size, <usize>BK * size, scores, <usize>BK * size, false, causal ? TRIM_COLUMNS : WHOLE, i0 - j0);
      for (let r = 0; r < mq; r++) {
        const i = i0 + r;
        const row = scores + <usize>(r * BK) * size;
        const visible = causal ? min(nk, i - j0 + 1) : nk;
        const blockMax = scoreRow<T>(row, scaleU, visible, j0, bias, <usize>b * biasB + <usize>i * biasL, biasS);
        const mOld = load<f64>(runMax + (<usize>r << 3));
        const mNew = max(mOld, blockMax);
        if (mNew == -Infinity) {
          clear<T>(row, BK);
          continue;
        }
        const alpha = mOld == -Infinity ? 0 : (mOld == mNew ? 1 : expUnits<T>(mOld - mNew));
        const rowSum = expRow<T>(row, 1, mNew, visible);
        store<f64>(runSum + (<usize>r << 3), load<f64>(runSum + (<usize>r << 3)) * alpha + rowSum);
        store<f64>(runMax + (<usize>r << 3), mNew);
        if (alpha != 1) scaleRow<T>(acc + <usize>(r * Ev) * size, alpha, Ev);
      }
      product<T>(mq, Ev, nk, scores, <usize>BK * size, size, v + <usize>((b * S + j0) * Ev) * size, <usize>Ev * size, acc, <usize>Ev * size, true, causal ? TRIM_DEPTH : WHOLE, i0 - j0);
    }
    for (let r = 0; r < mq; r++) {
      const o = out + <usize>((b * L + i0 + r) * (Ev + 1)) * size;
      const l = load<f64>(runSum + (<usize>r << 3));
      const inv: f64 = l > 0 ? 1 / l : 0;
      const a = acc + <usize>(r * Ev) * size;
      for (let c = 0; c < Ev; c++) store<T>(o + <usize>c * size, <T>(<f64>load<T>(a + <usize>c * size) * inv));
      store<T>(o + <usize>Ev * size, <T>(l > 0 ? load<f64>(runMax + (<usize>r << 3)) / scoreUnit<T>() + Math.log(l) : -Infinity));
    }
  }
}

// ---- backward -------------------------------------------------------------------------------

/** Pass 1, split over query rows: D = Σ dO·O − dlse per row (float64, into `dRows`). */
function backwardRows<T>(out: usize, dOut: usize, g: usize, dRows: usize, tid: i32, nt: i32): void {
  const rows = geo(g, 0) * geo(g, 1), Ev = geo(g, 4);
  const size = <usize>sizeof<T>();
  for (let r = partStart(rows, tid, nt); r < partEnd(rows, tid, nt); r++) {
    const o = out + <usize>(r * (Ev + 1)) * size;
    const d = dOut + <usize>(r * (Ev + 1)) * size;
    let D = -<f64>load<T>(d + <usize>Ev * size);
    for (let c = 0; c < Ev; c++) D += <f64>load<T>(d + <usize>c * size) * <f64>load<T>(o + <usize>c * size);
    store<f64>(dRows + (<usize>r << 3), D);
  }
}

/**
 * Pass 2, split over key blocks: for each block of BK keys, every query block that can see it
 * rebuilds P = e^(s − lse), adds Pᵀ·dO to dv, forms dS = P ∘ (dO·vᵀ − D)·scale, adds dSᵀ·q to dk
 * (both owned by this block) and dS·k to this thread's dq partial (`dqPart`, zeroed here).
 */
function backwardKeys<T>(q: usize, k: usize, kT: usize, vT: usize, bias: usize, out: usize, dOut: usize, g: usize, dRows: usize, dqPart: usize, byHead: bool, dk: usize, dv: usize, scratch: usize, scale: f64, tid: i32, nt: i32): void {
  const B = geo(g, 0), L = geo(g, 1), S = geo(g, 2), E = geo(g, 3), Ev = geo(g, 4);
  const biasB = <usize>geo(g, 5), biasL = <usize>geo(g, 6), biasS = <usize>geo(g, 7);
  const causal = geo(g, 8) != 0;
  const size = <usize>sizeof<T>();
  const W = Ev + 1;
  const mine = scratch + <usize>tid * <usize>attention_scratch_bytes(E, Ev);
  const probs = mine;
  const dScores = probs + <usize>(BQ * BK) * size;
  const pitch = <usize>BK * size;
  const tPitch = <usize>BK * size;
  const trim = causal ? TRIM_COLUMNS : WHOLE;
  const scaleU = scale * scoreUnit<T>();
  const blocks = (S + BK - 1) / BK;
  const items = B * blocks;
  if (!byHead) clear<T>(dqPart, B * L * E);
  for (let round = 0; ; round++) {
    let b: i32, j0: i32;
    if (byHead) {
      // heads tid, tid + nt, …, each with all its key blocks: this thread alone writes their dq rows
      b = tid + round / blocks * nt;
      if (b >= B) break;
      j0 = round % blocks * BK;
      if (j0 == 0) clear<T>(dqPart + <usize>(b * L * E) * size, L * E);
    } else {
      // earlier key blocks are seen by more queries under a causal mask: deal them out first
      const item = dealt(round, tid, nt, items);
      if (item < 0) break;
      b = item % B;
      j0 = (item / B) * BK;
    }
    const nk = min(BK, S - j0);
    const kt = kT + <usize>((b * blocks * BK + j0) * E) * size;
    const vt = vT + <usize>((b * blocks * BK + j0) * Ev) * size;
    const kRows = k + <usize>((b * S + j0) * E) * size;
    const dkRows = dk + <usize>((b * S + j0) * E) * size;
    const dvRows = dv + <usize>((b * S + j0) * Ev) * size;
    clear<T>(dkRows, nk * E);
    clear<T>(dvRows, nk * Ev);
    for (let i0 = causal ? j0 / BQ * BQ : 0; i0 < L; i0 += BQ) {
      const mq = min(BQ, L - i0);
      const qRows = q + <usize>((b * L + i0) * E) * size;
      const dORows = dOut + <usize>((b * L + i0) * W) * size;
      product<T>(mq, BK, E, qRows, <usize>E * size, size, kt, tPitch, probs, pitch, false, trim, i0 - j0);
      for (let r = 0; r < mq; r++) {
        const i = i0 + r;
        const row = probs + <usize>(r * BK) * size;
        const lse = <f64>load<T>(out + <usize>((b * L + i) * W + Ev) * size);
        if (lse == -Infinity) {
          clear<T>(row, BK);
          continue;
        }
        const visible = causal ? min(nk, i - j0 + 1) : nk;
        probRow<T>(row, scaleU, lse * scoreUnit<T>(), visible, j0, bias, <usize>b * biasB + <usize>i * biasL, biasS);
      }
      // dv += Pᵀ·dO (under a causal mask, key j needs only queries i ≥ j)
      const from = causal ? TRIM_DEPTH_FROM : WHOLE;
      product<T>(nk, Ev, mq, probs, size, pitch, dORows, <usize>W * size, dvRows, <usize>Ev * size, true, from, i0 - j0);
      // dP = dO·vᵀ, then dS = P ∘ (dP − D)·scale in place
      product<T>(mq, BK, Ev, dORows, <usize>W * size, size, vt, tPitch, dScores, pitch, false, trim, i0 - j0);
      for (let r = 0; r < mq; r++) {
        const D = load<f64>(dRows + (<usize>(b * L + i0 + r) << 3));
        const pRow = probs + <usize>(r * BK) * size;
        const dRow = dScores + <usize>(r * BK) * size;
        if (sizeof<T>() == 4) {
          const vd = f32x4.splat(<f32>D);
          const vs = f32x4.splat(<f32>scale);
          for (let jj = 0; jj < BK; jj += 4) {
            const off = <usize>jj << 2;
            // where P = 0 the product dP may not have been computed (trimmed): keep dS exactly 0
            const pv = v128.load(pRow + off);
            v128.store(dRow + off, v128.and(f32x4.mul(f32x4.mul(pv, f32x4.sub(v128.load(dRow + off), vd)), vs), f32x4.ne(pv, f32x4.splat(0))));
          }
        } else {
          for (let jj = 0; jj < BK; jj++) {
            const off = <usize>jj << 3;
            store<f64>(dRow + off, load<f64>(pRow + off) * (load<f64>(dRow + off) - D) * scale);
          }
        }
      }
      // dk += dSᵀ·q, dq += dS·k
      product<T>(nk, E, mq, dScores, size, pitch, qRows, <usize>E * size, dkRows, <usize>E * size, true, from, i0 - j0);
      product<T>(mq, E, nk, dScores, pitch, size, kRows, <usize>E * size, dqPart + <usize>((b * L + i0) * E) * size, <usize>E * size, true, causal ? TRIM_DEPTH : WHOLE, i0 - j0);
    }
  }
}

/** Pass 3, split over elements: dq[x] += Σ over `parts` partial buffers of `count` elements each. */
function sumPartials<T>(dq: usize, partials: usize, parts: i32, count: i32, tid: i32, nt: i32): void {
  const size = <usize>sizeof<T>();
  const end = partEnd(count, tid, nt);
  for (let x = partStart(count, tid, nt); x < end; x++) {
    let s = load<T>(dq + <usize>x * size);
    for (let p = 0; p < parts; p++) s += load<T>(partials + (<usize>p * <usize>count + <usize>x) * size);
    store<T>(dq + <usize>x * size, s);
  }
}

/** Fused attention forward (dtype 0 float32, 3 float64); query blocks dealt out to threads. */
export function attention_forward(dtype: i32, q: usize, kT: usize, v: usize, bias: usize, out: usize, g: usize, scratch: usize, scale: f64, tid: i32, nt: i32): void {
  if (dtype == 3) forward<f64>(q, kT, v, bias, out, g, scratch, scale, tid, nt);
  else forward<f32>(q, kT, v, bias, out, g, scratch, scale, tid, nt);
}

/** `batch` [rows, cols] matrices transposed into key-block panels [⌈rows / BK⌉, cols, BK] (k and v for the kernels above); (batch, column) pairs split between threads. */
export function attention_transpose(dtype: i32, src: usize, dst: usize, batch: i32, rows: i32, cols: i32, tid: i32, nt: i32): void {
  transpose(src, dst, dtype == 3 ? 8 : 4, batch, rows, cols, tid, nt);
}

/** Backward pass 1: the per-row D; query rows split between threads. */
export function attention_backward_rows(dtype: i32, out: usize, dOut: usize, g: usize, dRows: usize, tid: i32, nt: i32): void {
  if (dtype == 3) backwardRows<f64>(out, dOut, g, dRows, tid, nt);
  else backwardRows<f32>(out, dOut, g, dRows, tid, nt);
}

/**
 * Backward pass 2: dk and dv, and dq. With `partials` 0 and several threads, each thread takes
 * whole heads (the host does so when the heads divide evenly) and writes dq directly; otherwise
 * key blocks are dealt out and dq is summed in per-thread parts (thread 0 writes `dq`, thread
 * t > 0 the (t − 1)-th [B, L, E] block of `partials`).
 */
export function attention_backward_keys(dtype: i32, q: usize, k: usize, kT: usize, vT: usize, bias: usize, out: usize, dOut: usize, g: usize, dRows: usize, dq: usize, partials: usize, dk: usize, dv: usize, scratch: usize, scale: f64, tid: i32, nt: i32): void {
  const size = <usize>(dtype == 3 ? 8 : 4);
  const byHead = nt > 1 && partials == 0;
  const part = tid == 0 || byHead ? dq : partials + <usize>(tid - 1) * <usize>(geo(g, 0) * geo(g, 1) * geo(g, 3)) * size;
  if (dtype == 3) backwardKeys<f64>(q, k, kT, vT, bias, out, dOut, g, dRows, part, byHead, dk, dv, scratch, scale, tid, nt);
  else backwardKeys<f32>(q, k, kT, vT, bias, out, dOut, g, dRows, part, byHead, dk, dv, scratch, scale, tid, nt);
}

/** Backward pass 3: dq += the `parts` partial dq blocks of `count` elements; elements split between threads. */
export function attention_backward_sum(dtype: i32, dq: usize, partials: usize, parts: i32, count: i32, tid: i32, nt: i32): void {
  if (dtype == 3) sumPartials<f64>(dq, partials, parts, count, tid, nt);
  else sumPartials<f32>(dq, partials, parts, count, tid, nt);
}
