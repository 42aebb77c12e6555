// Reductions over the middle axis of an [outer, r, inner] view, and index reductions.
import { partStart, partEnd } from './partition';

const SUM = 0, PROD = 1, MAX = 2, MIN = 3, ANY = 4, ALL = 5;

/** Identity of the op in type T. */
@inline
function identity<T>(op: i32): T {
  if (op == SUM) return <T>0;
  if (op == PROD) return <T>1;
  if (op == MAX) {
    if (isFloat<T>()) return <T>-Infinity;
    return sizeof<T>() == 1 ? <T>0 : <T>i32.MIN_VALUE;
  }
  if (isFloat<T>()) return <T>Infinity;
  return sizeof<T>() == 1 ? <T>1 : <T>i32.MAX_VALUE;
}

/** Combine for max/min, propagating NaN. */
@inline
function extreme<T>(op: i32, acc: T, v: T): T {
  if (isFloat<T>()) {
    if (acc != acc) return acc;
    if (v != v) return v;
  }
  if (op == MAX) return v > acc ? v : acc;
  return v < acc ? v : acc;
}

/** Sum of `len` contiguous float32 values, accumulated in float64 lanes. */
function sumF32(p: usize, len: i32): f64 {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= len; j += 4) {
    const v = v128.load(p + (<usize>j << 2));
    a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
    a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)));
  }
  const s = f64x2.add(a0, a1);
  let acc = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; j < len; j++) acc += <f64>load<f32>(p + (<usize>j << 2));
  return acc;
}

/** Reduce `len` elements spaced `stride` apart (op is sum/prod/max/min). */
@inline
function reduceLine<T>(op: i32, p: usize, len: i32, stride: i32): T {
  const step = <usize>stride * sizeof<T>();
  if (op == SUM || op == PROD) {
    if (isFloat<T>()) {
      let acc: f64 = op == SUM ? 0 : 1;
      if (sizeof<T>() == 4 && op == SUM && stride == 1) return <T>sumF32(p, len);
      for (let j = 0; j < len; j++) {
        const v = <f64>load<T>(p + <usize>j * step);
        acc = op == SUM ? acc + v : acc * v;
      }
      return <T>acc;
    }
    let iacc: i32 = op == SUM ? 0 : 1;
    for (let j = 0; j < len; j++) {
      const v = <i32>load<T>(p + <usize>j * step);
      iacc = op == SUM ? iacc + v : iacc * v;
    }
    return <T>iacc;
  }
  let acc = identity<T>(op);
  let j = 0;
  if (isFloat<T>() && sizeof<T>() == 4 && stride == 1 && len >= 8) {
    let va = v128.load(p);
    for (j = 4; j + 4 <= len; j += 4) {
      const v = v128.load(p + (<usize>j << 2));
      va = op == MAX ? f32x4.max(va, v) : f32x4.min(va, v);
    }
    for (let l = 0; l < 4; l++) {
      acc = extreme<T>(op, acc, <T>f32x4.extract_lane(va, 0));
      va = i8x16.shuffle(va, va, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3);
    }
  }
  for (; j < len; j++) acc = extreme<T>(op, acc, load<T>(p + <usize>j * step));
  return acc;
}

/** any/all over `len` elements spaced `stride` apart. */
@inline
function truthLine<T>(op: i32, p: usize, len: i32, stride: i32): u8 {
  const step = <usize>stride * sizeof<T>();
  for (let j = 0; j < len; j++) {
    const truthy = load<T>(p + <usize>j * step) != 0;
    if (op == ANY && truthy) return 1;
    if (op == ALL && !truthy) return 0;
  }
  return op == ALL ? 1 : 0;
}

/** Accumulate rows into a float32 output row with SIMD (sum/max/min along a non-inner axis). */
@inline
function columnsF32(op: i32, x: usize, out: usize, r: i32, inner: i32, c0: i32, c1: i32): void {
  const rowBytes = <usize>inner << 2;
  let c = c0;
  // 16 columns at a time: each row contributes one whole 64-byte cache line instead of a quarter
  // of one per pass (a pass over the rows per 4 columns reloaded every line 4 times once the
  // rows outgrow the cache). Each column still accumulates its rows in order, as below.
  for (; c + 16 <= c1; c += 16) {
    const off = <usize>c << 2;
    let a0 = v128.load(x + off), a1 = v128.load(x + off, 16), a2 = v128.load(x + off, 32), a3 = v128.load(x + off, 48);
    for (let j = 1; j < r; j++) {
      const row = x + <usize>j * rowBytes + off;
      const v0 = v128.load(row), v1 = v128.load(row, 16), v2 = v128.load(row, 32), v3 = v128.load(row, 48);
      if (op == SUM) {
        a0 = f32x4.add(a0, v0); a1 = f32x4.add(a1, v1); a2 = f32x4.add(a2, v2); a3 = f32x4.add(a3, v3);
      } else if (op == MAX) {
        a0 = f32x4.max(a0, v0); a1 = f32x4.max(a1, v1); a2 = f32x4.max(a2, v2); a3 = f32x4.max(a3, v3);
      } else {
        a0 = f32x4.min(a0, v0); a1 = f32x4.min(a1, v1); a2 = f32x4.min(a2, v2); a3 = f32x4.min(a3, v3);
      }
    }
    v128.store(out + off, a0); v128.store(out + off, a1, 16); v128.store(out + off, a2, 32); v128.store(out + off, a3, 48);
  }
  for (; c + 4 <= c1; c += 4) {
    const off = <usize>c << 2;
    let acc = v128.load(x + off);
    for (let j = 1; j < r; j++) {
      const v = v128.load(x + <usize>j * rowBytes + off);
      acc = op == SUM ? f32x4.add(acc, v) : op == MAX ? f32x4.max(acc, v) : f32x4.min(acc, v);
    }
    v128.store(out + off, acc);
  }
  // Remaining columns accumulate in float32 in the same order as the SIMD lanes, so results do not
  // depend on where the thread partition falls.
  for (; c < c1; c++) {
    const off = <usize>c << 2;
    let acc = load<f32>(x + off);
    for (let j = 1; j < r; j++) {
      const v = load<f32>(x + <usize>j * rowBytes + off);
      acc = op == SUM ? acc + v : op == MAX ? max<f32>(acc, v) : min<f32>(acc, v);
    }
    store<f32>(out + off, acc);
  }
}

@inline
function reduceKernel<T>(op: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, tid: i32, nt: i32): void {
  const size = sizeof<T>();
  const outSize: usize = op >= ANY ? 1 : size;
  const splitOuter = outer >= nt || inner < 64;
  const o0 = splitOuter ? partStart(outer, tid, nt) : 0;
  const o1 = splitOuter ? partEnd(outer, tid, nt) : outer;
  const c0 = splitOuter ? 0 : partStart(inner, tid, nt);
  const c1 = splitOuter ? inner : partEnd(inner, tid, nt);
  for (let o = o0; o < o1; o++) {
    const base = x + <usize>o * <usize>r * <usize>inner * size;
    const obase = out + <usize>o * <usize>inner * outSize;
    if (op >= ANY) {
      for (let c = c0; c < c1; c++) store<u8>(obase + <usize>c, truthLine<T>(op, base + <usize>c * size, r, inner));
    } else if (isFloat<T>() && size == 4 && op != PROD && inner >= 4 && r > 0) {
      columnsF32(op, base, obase, r, inner, c0, c1);
    } else {
      for (let c = c0; c < c1; c++) store<T>(obase + <usize>c * size, reduceLine<T>(op, base + <usize>c * size, r, inner));
    }
  }
}

/** float32 reduction of x viewed as [outer, r, inner] over the r axis. */
export function reduce_f32(op: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, tid: i32, nt: i32): void {
  reduceKernel<f32>(op, x, out, outer, r, inner, tid, nt);
}

/** float64 reduction. */
export function reduce_f64(op: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, tid: i32, nt: i32): void {
  reduceKernel<f64>(op, x, out, outer, r, inner, tid, nt);
}

/** int32 reduction (sum and prod wrap around). */
export function reduce_i32(op: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, tid: i32, nt: i32): void {
  reduceKernel<i32>(op, x, out, outer, r, inner, tid, nt);
}

/** bool reduction. */
export function reduce_u8(op: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, tid: i32, nt: i32): void {
  reduceKernel<u8>(op, x, out, outer, r, inner, tid, nt);
}

@inline
function argKernel<T>(op: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, tid: i32, nt: i32): void {
  const size = sizeof<T>();
  const total = outer * inner;
  const end = partEnd(total, tid, nt);
  for (let k = partStart(total, tid, nt); k < end; k++) {
    const o = k / inner;
    const c = k - o * inner;
    const p = x + (<usize>o * <usize>r * <usize>inner + <usize>c) * size;
    const step = <usize>inner * size;
    let best = load<T>(p);
    let bestIndex = 0;
    if (!(isFloat<T>() && best != best)) {
      for (let j = 1; j < r; j++) {
        const v = load<T>(p + <usize>j * step);
        if (isFloat<T>() && v != v) {
          bestIndex = j;
          break;
        }
        if (op == 0 ? v > best : v < best) {
          best = v;
          bestIndex = j;
        }
      }
    }
    store<i32>(out + (<usize>k << 2), bestIndex);
  }
}

/** argmax (op 0) / argmin (op 1) along the middle axis of [outer, r, inner]; dtype code picks T. */
export function arg_reduce(dtype: i32, op: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, tid: i32, nt: i32): void {
  if (dtype == 0) argKernel<f32>(op, x, out, outer, r, inner, tid, nt);
  else if (dtype == 1) argKernel<i32>(op, x, out, outer, r, inner, tid, nt);
  else if (dtype == 2) argKernel<u8>(op, x, out, outer, r, inner, tid, nt);
  else argKernel<f64>(op, x, out, outer, r, inner, tid, nt);
}

/** Partial result, as a double, of `len` contiguous elements (float sums and products stay in f64). */
@inline
function partialLine<T>(op: i32, p: usize, len: i32): f64 {
  if (op >= ANY) return <f64>truthLine<T>(op, p, len, 1);
  if (isFloat<T>() && op == SUM) {
    if (sizeof<T>() == 4) return sumF32(p, len);
    let acc: f64 = 0;
    for (let j = 0; j < len; j++) acc += <f64>load<T>(p + <usize>j * sizeof<T>());
    return acc;
  }
  if (isFloat<T>() && op == PROD) {
    let acc: f64 = 1;
    for (let j = 0; j < len; j++) acc *= <f64>load<T>(p + <usize>j * sizeof<T>());
    return acc;
  }
  return <f64>reduceLine<T>(op, p, len, 1);
}

/** Combine per-thread partials of one row into the final value of type T (u8 for any/all). */
@inline
function combineRow<T>(op: i32, partials: usize, count: i32, out: usize): void {
  if (op >= ANY) {
    let r: bool = op == ALL;
    for (let t = 0; t < count; t++) {
      const v = load<f64>(partials + (<usize>t << 3)) != 0;
      r = op == ANY ? r || v : r && v;
    }
    store<u8>(out, r ? 1 : 0);
    return;
  }
  if (isFloat<T>() && (op == SUM || op == PROD)) {
    let acc: f64 = op == SUM ? 0 : 1;
    for (let t = 0; t < count; t++) {
      const v = load<f64>(partials + (<usize>t << 3));
      acc = op == SUM ? acc + v : acc * v;
    }
    store<T>(out, <T>acc);
    return;
  }
  if (!isFloat<T>() && (op == SUM || op == PROD)) {
    let acc: i32 = op == SUM ? 0 : 1;
    for (let t = 0; t < count; t++) {
      const v = <i32>load<f64>(partials + (<usize>t << 3));
      acc = op == SUM ? acc + v : acc * v;
    }
    store<T>(out, <T>acc);
    return;
  }
  let acc = identity<T>(op);
  for (let t = 0; t < count; t++) acc = extreme<T>(op, acc, <T>load<f64>(partials + (<usize>t << 3)));
  store<T>(out, acc);
}

@inline
function splitKernel<T>(op: i32, x: usize, partials: usize, outer: i32, r: i32, tid: i32, nt: i32): void {
  const j0 = partStart(r, tid, nt);
  const j1 = partEnd(r, tid, nt);
  for (let o = 0; o < outer; o++) {
    const p = x + (<usize>o * <usize>r + <usize>j0) * sizeof<T>();
    store<f64>(partials + (<usize>(o * nt + tid) << 3), partialLine<T>(op, p, j1 - j0));
  }
}

/**
 * Phase 1 of a reduction of [outer, r] rows when there are fewer rows than threads: thread tid
 * reduces its slice of every row into partials[o * nt + tid] (float64).
 */
export function reduce_split(dtype: i32, op: i32, x: usize, partials: usize, outer: i32, r: i32, tid: i32, nt: i32): void {
  if (dtype == 0) splitKernel<f32>(op, x, partials, outer, r, tid, nt);
  else if (dtype == 1) splitKernel<i32>(op, x, partials, outer, r, tid, nt);
  else if (dtype == 2) splitKernel<u8>(op, x, partials, outer, r, tid, nt);
  else splitKernel<f64>(op, x, partials, outer, r, tid, nt);
}

/** Phase 2: combine the `count` partials of each of `outer` rows into out. */
export function reduce_combine(dtype: i32, op: i32, partials: usize, out: usize, outer: i32, count: i32): void {
  const outSize: usize = op >= ANY ? 1 : dtype == 3 ? 8 : dtype == 2 ? 1 : 4;
  for (let o = 0; o < outer; o++) {
    const row = partials + (<usize>(o * count) << 3);
    const at = out + <usize>o * outSize;
    if (dtype == 0) combineRow<f32>(op, row, count, at);
    else if (dtype == 1) combineRow<i32>(op, row, count, at);
    else if (dtype == 2) combineRow<u8>(op, row, count, at);
    else combineRow<f64>(op, row, count, at);
  }
}
