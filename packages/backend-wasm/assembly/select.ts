// where (3-operand select with broadcasting), clip, cast and fill.
import { partStart, partEnd } from './partition';
import { rowOffset, rowCount, innerSize, innerStride } from './strided';

/** out = cond ? a : b for elements of type T; strides of cond, a and b over the coalesced dims. */
@inline
function whereKernel<T>(cond: usize, a: usize, b: usize, out: usize, rank: i32, dims: usize, cStrides: usize, aStrides: usize, bStrides: usize, tid: i32, nt: i32): void {
  const rows = rowCount(rank, dims);
  const len = innerSize(rank, dims);
  const sc = innerStride(rank, cStrides);
  const sa = innerStride(rank, aStrides);
  const sb = innerStride(rank, bStrides);
  const size = sizeof<T>();
  const end = partEnd(rows, tid, nt);
  for (let r = partStart(rows, tid, nt); r < end; r++) {
    const pc = cond + <usize>rowOffset(r, rank, dims, cStrides);
    const pa = a + <usize>rowOffset(r, rank, dims, aStrides) * size;
    const pb = b + <usize>rowOffset(r, rank, dims, bStrides) * size;
    const po = out + <usize>r * <usize>len * size;
    let j = 0;
    if (size == 4 && sc == 1 && (sa | sb) <= 1) j = whereRow32(pc, pa, sa, pb, sb, po, len);
    for (; j < len; j++) {
      // both values are loaded and `select` picks one: no branch to mispredict on a random mask
      const take = load<u8>(pc + <usize>(j * sc)) != 0;
      store<T>(po + <usize>j * size, select<T>(load<T>(pa + <usize>(j * sa) * size), load<T>(pb + <usize>(j * sb) * size), take));
    }
  }
}

/**
 * SIMD where over a row of 4-byte elements with a contiguous condition and a, b each contiguous
 * (stride 1) or broadcast (stride 0); returns how many leading elements it wrote (a multiple of 4).
 */
@inline
function whereRow32(pc: usize, pa: usize, sa: i32, pb: usize, sb: i32, po: usize, len: i32): i32 {
  const zero = i32x4.splat(0);
  const splatA = v128.load32_splat(pa);
  const splatB = v128.load32_splat(pb);
  let j = 0;
  for (; j + 4 <= len; j += 4) {
    const off = <usize>j << 2;
    // four condition bytes widened to four 32-bit lanes, all ones where the byte is non-zero
    const bytes = v128.load32_zero(pc + <usize>j);
    const mask = i32x4.ne(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes)), zero);
    const va = sa == 1 ? v128.load(pa + off) : splatA;
    const vb = sb == 1 ? v128.load(pb + off) : splatB;
    v128.store(po + off, v128.bitselect(va, vb, mask));
  }
  return j;
}

/** where over elements of `elemBytes` bytes (1, 4 or 8). */
export function where_any(elemBytes: i32, cond: usize, a: usize, b: usize, out: usize, rank: i32, dims: usize, cStrides: usize, aStrides: usize, bStrides: usize, tid: i32, nt: i32): void {
  if (elemBytes == 1) whereKernel<u8>(cond, a, b, out, rank, dims, cStrides, aStrides, bStrides, tid, nt);
  else if (elemBytes == 4) whereKernel<u32>(cond, a, b, out, rank, dims, cStrides, aStrides, bStrides, tid, nt);
  else whereKernel<u64>(cond, a, b, out, rank, dims, cStrides, aStrides, bStrides, tid, nt);
}

@inline
function clipKernel<T>(x: usize, out: usize, n: i32, lo: f64, hi: f64, tid: i32, nt: i32): void {
  const size = sizeof<T>();
  const end = partEnd(n, tid, nt);
  for (let i = partStart(n, tid, nt); i < end; i++) {
    const v = <f64>load<T>(x + <usize>i * size);
    const c = v != v ? v : v < lo ? lo : v > hi ? hi : v;
    store<T>(out + <usize>i * size, <T>c);
  }
}

/** clip for float32 (SIMD; NaN stays NaN). */
export function clip_f32(x: usize, out: usize, n: i32, lo: f64, hi: f64, tid: i32, nt: i32): void {
  let i = partStart(n, tid, nt);
  const end = partEnd(n, tid, nt);
  const vlo = f32x4.splat(<f32>lo);
  const vhi = f32x4.splat(<f32>hi);
  for (; i + 4 <= end; i += 4) {
    const off = <usize>i << 2;
    const v = v128.load(x + off);
    // pmin/pmax return the first operand when the comparison fails, so NaN passes through.
    const c = f32x4.pmin(vhi, f32x4.pmax(vlo, v));
    v128.store(out + off, v128.bitselect(v, c, f32x4.ne(v, v)));
  }
  for (; i < end; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    store<f32>(out + (<usize>i << 2), <f32>(v != v ? v : v < lo ? lo : v > hi ? hi : v));
  }
}

/** clip for float64. */
export function clip_f64(x: usize, out: usize, n: i32, lo: f64, hi: f64, tid: i32, nt: i32): void {
  clipKernel<f64>(x, out, n, lo, hi, tid, nt);
}

/** clip for int32 (bounds are rounded toward the inside of [lo, hi]). */
export function clip_i32(x: usize, out: usize, n: i32, lo: f64, hi: f64, tid: i32, nt: i32): void {
  clipKernel<i32>(x, out, n, Math.ceil(lo), Math.floor(hi), tid, nt);
}

/** clip for bool (0/1 values; results stored as != 0). */
export function clip_u8(x: usize, out: usize, n: i32, lo: f64, hi: f64, tid: i32, nt: i32): void {
  const end = partEnd(n, tid, nt);
  for (let i = partStart(n, tid, nt); i < end; i++) {
    const v = <f64>load<u8>(x + <usize>i);
    const c = v < lo ? lo : v > hi ? hi : v;
    store<u8>(out + <usize>i, c != 0 ? 1 : 0);
  }
}

/** Convert one value of S to D: float to int truncates (saturating), anything to bool is != 0. */
@inline
function convert<S, D>(v: S): D {
  if (sizeof<D>() == 1) return <D>(v != 0 ? 1 : 0);
  return <D>v;
}

@inline
function castKernel<S, D>(x: usize, out: usize, n: i32, tid: i32, nt: i32): void {
  const end = partEnd(n, tid, nt);
  for (let i = partStart(n, tid, nt); i < end; i++) {
    store<D>(out + <usize>i * sizeof<D>(), convert<S, D>(load<S>(x + <usize>i * sizeof<S>())));
  }
}

@inline
function castFrom<S>(to: i32, x: usize, out: usize, n: i32, tid: i32, nt: i32): void {
  if (to == 0) castKernel<S, f32>(x, out, n, tid, nt);
  else if (to == 1) castKernel<S, i32>(x, out, n, tid, nt);
  else if (to == 2) castKernel<S, u8>(x, out, n, tid, nt);
  else castKernel<S, f64>(x, out, n, tid, nt);
}

/** Cast between dtype codes (0 float32, 1 int32, 2 bool, 3 float64). */
export function cast_any(from: i32, to: i32, x: usize, out: usize, n: i32, tid: i32, nt: i32): void {
  if (from == 0) castFrom<f32>(to, x, out, n, tid, nt);
  else if (from == 1) castFrom<i32>(to, x, out, n, tid, nt);
  else if (from == 2) castFrom<u8>(to, x, out, n, tid, nt);
  else castFrom<f64>(to, x, out, n, tid, nt);
}

/** Fill n elements of dtype code `dtype` with `value`. */
export function fill_any(dtype: i32, out: usize, n: i32, value: f64, tid: i32, nt: i32): void {
  const start = partStart(n, tid, nt);
  const end = partEnd(n, tid, nt);
  if (dtype == 0) {
    const v = <f32>value;
    for (let i = start; i < end; i++) store<f32>(out + (<usize>i << 2), v);
  } else if (dtype == 1) {
    const v = <i32>value;
    for (let i = start; i < end; i++) store<i32>(out + (<usize>i << 2), v);
  } else if (dtype == 2) {
    memory.fill(out + <usize>start, value != 0 ? 1 : 0, <usize>(end - start));
  } else {
    for (let i = start; i < end; i++) store<f64>(out + (<usize>i << 3), value);
  }
}
