// Max and average pooling (NCHW) and their gradients; planes (n, c) are split between threads.
// Geometry block (i32): [planes, H, W, OH, OW, KH, KW, sh, sw, padTop, padLeft, countIncludePad].
import { partStart, partEnd } from './partition';

@inline function p_planes(g: usize): i32 { return load<i32>(g, 0); }
@inline function p_h(g: usize): i32 { return load<i32>(g, 4); }
@inline function p_w(g: usize): i32 { return load<i32>(g, 8); }
@inline function p_oh(g: usize): i32 { return load<i32>(g, 12); }
@inline function p_ow(g: usize): i32 { return load<i32>(g, 16); }
@inline function p_kh(g: usize): i32 { return load<i32>(g, 20); }
@inline function p_kw(g: usize): i32 { return load<i32>(g, 24); }
@inline function p_sh(g: usize): i32 { return load<i32>(g, 28); }
@inline function p_sw(g: usize): i32 { return load<i32>(g, 32); }
@inline function p_pt(g: usize): i32 { return load<i32>(g, 36); }
@inline function p_pl(g: usize): i32 { return load<i32>(g, 40); }
@inline function p_includePad(g: usize): bool { return load<i32>(g, 44) != 0; }

/** Larger-than test in which NaN wins and ties keep the earlier value. */
@inline
function beats<T>(v: T, best: T): bool {
  if (isFloat<T>()) return v > best || (v != v && best == best);
  return v > best;
}

/** Flat offset (iy * W + ix) of the window's first maximal valid cell, or -1 if none is valid. */
@inline
function argmaxWindow<T>(src: usize, g: usize, y: i32, xo: i32): i32 {
  const size = <usize>sizeof<T>();
  const h = p_h(g), w = p_w(g);
  const y0 = y * p_sh(g) - p_pt(g);
  const x0 = xo * p_sw(g) - p_pl(g);
  let bestAt = -1;
  let best: T = <T>0;
  for (let i = max(y0, 0); i < min(y0 + p_kh(g), h); i++) {
    for (let j = max(x0, 0); j < min(x0 + p_kw(g), w); j++) {
      const at = i * w + j;
      const v = load<T>(src + <usize>at * size);
      if (bestAt < 0 || beats<T>(v, best)) {
        best = v;
        bestAt = at;
      }
    }
  }
  return bestAt;
}

/** Load 4 float32 values spaced `stride` (1 or 2) elements apart. */
@inline
function load4(p: usize, stride: i32): v128 {
  if (stride == 1) return v128.load(p);
  return i8x16.shuffle(v128.load(p), v128.load(p, 16), 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27);
}

/**
 * SIMD float32 forward for the output columns whose windows lie inside the row (no left/right
 * padding) when the column stride is 1 or 2; returns the first column it did not handle.
 */
@inline
function poolRowF32(src: usize, dst: usize, g: usize, y: i32, isMax: bool): i32 {
  const sw = p_sw(g), kw = p_kw(g), pl = p_pl(g), w = p_w(g), ow = p_ow(g);
  const first = (pl + sw - 1) / sw;
  if ((sw != 1 && sw != 2) || first != 0) return 0;
  const y0 = y * p_sh(g) - p_pt(g);
  const i0 = max(y0, 0), i1 = min(y0 + p_kh(g), p_h(g));
  // A column group xo..xo+3 reads up to element (xo+3)*sw + kw - 1 (+ sw - 1 for the shuffle load).
  let xo = 0;
  const count = <f32>(p_includePad(g) ? p_kh(g) * kw : (i1 - i0) * kw);
  if (i1 <= i0) return 0;
  for (; xo + 4 <= ow && (xo + 3) * sw - pl + kw - 1 + sw - 1 < w; xo += 4) {
    let acc = isMax ? f32x4.splat(-Infinity) : f32x4.splat(0);
    let nan = f32x4.splat(0);
    for (let i = i0; i < i1; i++) {
      const row = src + (<usize>(i * w + xo * sw - pl) << 2);
      for (let j = 0; j < kw; j++) {
        const v = load4(row + (<usize>j << 2), sw);
        if (isMax) {
          acc = f32x4.pmax(acc, v);
          nan = v128.or(nan, f32x4.ne(v, v));
        } else {
          acc = f32x4.add(acc, v);
        }
      }
    }
    if (isMax) acc = v128.bitselect(f32x4.splat(NaN), acc, nan);
    else acc = f32x4.div(acc, f32x4.splat(count));
    v128.store(dst + (<usize>xo << 2), acc);
  }
  return xo;
}

@inline
function maxPoolKernel<T>(x: usize, out: usize, g: usize, tid: i32, nt: i32): void {
  const size = <usize>sizeof<T>();
  const hw = p_h(g) * p_w(g);
  const ohw = p_oh(g) * p_ow(g);
  const end = partEnd(p_planes(g), tid, nt);
  for (let p = partStart(p_planes(g), tid, nt); p < end; p++) {
    const src = x + <usize>p * <usize>hw * size;
    const dst = out + <usize>p * <usize>ohw * size;
    for (let y = 0; y < p_oh(g); y++) {
      const row = dst + <usize>(y * p_ow(g)) * size;
      let xo = 0;
      if (isFloat<T>() && sizeof<T>() == 4) xo = poolRowF32(src, row, g, y, true);
      for (; xo < p_ow(g); xo++) {
        const at = argmaxWindow<T>(src, g, y, xo);
        store<T>(row + <usize>xo * size, at < 0 ? (isFloat<T>() ? <T>-Infinity : <T>0) : load<T>(src + <usize>at * size));
      }
    }
  }
}

@inline
function maxPoolBackpropKernel<T>(dy: usize, x: usize, dx: usize, g: usize, tid: i32, nt: i32): void {
  const size = <usize>sizeof<T>();
  const hw = p_h(g) * p_w(g);
  const ohw = p_oh(g) * p_ow(g);
  const end = partEnd(p_planes(g), tid, nt);
  for (let p = partStart(p_planes(g), tid, nt); p < end; p++) {
    const src = x + <usize>p * <usize>hw * size;
    const grad = dy + <usize>p * <usize>ohw * size;
    const dst = dx + <usize>p * <usize>hw * size;
    memory.fill(dst, 0, <usize>hw * size);
    for (let y = 0; y < p_oh(g); y++) {
      for (let xo = 0; xo < p_ow(g); xo++) {
        const at = argmaxWindow<T>(src, g, y, xo);
        if (at < 0) continue;
        const d = dst + <usize>at * size;
        store<T>(d, load<T>(d) + load<T>(grad + <usize>(y * p_ow(g) + xo) * size));
      }
    }
  }
}

/** Valid-cell bounds and divisor of one average window: returns divisor, writes nothing. */
@inline
function avgDivisor(g: usize, y: i32, xo: i32): i32 {
  if (p_includePad(g)) return p_kh(g) * p_kw(g);
  const y0 = y * p_sh(g) - p_pt(g);
  const x0 = xo * p_sw(g) - p_pl(g);
  const rows = min(y0 + p_kh(g), p_h(g)) - max(y0, 0);
  const cols = min(x0 + p_kw(g), p_w(g)) - max(x0, 0);
  return rows > 0 && cols > 0 ? rows * cols : 0;
}

@inline
function avgPoolKernel<T>(x: usize, out: usize, g: usize, tid: i32, nt: i32): void {
  const size = <usize>sizeof<T>();
  const h = p_h(g), w = p_w(g);
  const hw = h * w;
  const ohw = p_oh(g) * p_ow(g);
  const end = partEnd(p_planes(g), tid, nt);
  for (let p = partStart(p_planes(g), tid, nt); p < end; p++) {
    const src = x + <usize>p * <usize>hw * size;
    const dst = out + <usize>p * <usize>ohw * size;
    for (let y = 0; y < p_oh(g); y++) {
      const row = dst + <usize>(y * p_ow(g)) * size;
      let xo = 0;
      if (isFloat<T>() && sizeof<T>() == 4) xo = poolRowF32(src, row, g, y, false);
      const y0 = y * p_sh(g) - p_pt(g);
      for (; xo < p_ow(g); xo++) {
        const x0 = xo * p_sw(g) - p_pl(g);
        let sum: f64 = 0;
        for (let i = max(y0, 0); i < min(y0 + p_kh(g), h); i++) {
          for (let j = max(x0, 0); j < min(x0 + p_kw(g), w); j++) sum += <f64>load<T>(src + <usize>(i * w + j) * size);
        }
        const div = avgDivisor(g, y, xo);
        store<T>(row + <usize>xo * size, <T>(div > 0 ? sum / <f64>div : 0));
      }
    }
  }
}

@inline
function avgPoolBackpropKernel<T>(dy: usize, dx: usize, g: usize, tid: i32, nt: i32): void {
  const size = <usize>sizeof<T>();
  const h = p_h(g), w = p_w(g);
  const hw = h * w;
  const ohw = p_oh(g) * p_ow(g);
  const end = partEnd(p_planes(g), tid, nt);
  for (let p = partStart(p_planes(g), tid, nt); p < end; p++) {
    const grad = dy + <usize>p * <usize>ohw * size;
    const dst = dx + <usize>p * <usize>hw * size;
    memory.fill(dst, 0, <usize>hw * size);
    for (let y = 0; y < p_oh(g); y++) {
      const y0 = y * p_sh(g) - p_pt(g);
      for (let xo = 0; xo < p_ow(g); xo++) {
        const div = avgDivisor(g, y, xo);
        if (div == 0) continue;
        const share = <T>(<f64>load<T>(grad + <usize>(y * p_ow(g) + xo) * size) / <f64>div);
        const x0 = xo * p_sw(g) - p_pl(g);
        for (let i = max(y0, 0); i < min(y0 + p_kh(g), h); i++) {
          for (let j = max(x0, 0); j < min(x0 + p_kw(g), w); j++) {
            const d = dst + <usize>(i * w + j) * size;
            store<T>(d, load<T>(d) + share);
          }
        }
      }
    }
  }
}

/** Max pooling; dtype code 0 f32, 1 i32, 3 f64. */
export function max_pool(dtype: i32, x: usize, out: usize, g: usize, tid: i32, nt: i32): void {
  if (dtype == 0) maxPoolKernel<f32>(x, out, g, tid, nt);
  else if (dtype == 1) maxPoolKernel<i32>(x, out, g, tid, nt);
  else maxPoolKernel<f64>(x, out, g, tid, nt);
}

/** Max pooling gradient: dy goes to the first maximal cell of each window. */
export function max_pool_backprop(dtype: i32, dy: usize, x: usize, dx: usize, g: usize, tid: i32, nt: i32): void {
  if (dtype == 0) maxPoolBackpropKernel<f32>(dy, x, dx, g, tid, nt);
  else if (dtype == 1) maxPoolBackpropKernel<i32>(dy, x, dx, g, tid, nt);
  else maxPoolBackpropKernel<f64>(dy, x, dx, g, tid, nt);
}

/** Average pooling. */
export function avg_pool(dtype: i32, x: usize, out: usize, g: usize, tid: i32, nt: i32): void {
  if (dtype == 0) avgPoolKernel<f32>(x, out, g, tid, nt);
  else if (dtype == 1) avgPoolKernel<i32>(x, out, g, tid, nt);
  else avgPoolKernel<f64>(x, out, g, tid, nt);
}

/** Average pooling gradient. */
export function avg_pool_backprop(dtype: i32, dy: usize, dx: usize, g: usize, tid: i32, nt: i32): void {
  if (dtype == 0) avgPoolBackpropKernel<f32>(dy, dx, g, tid, nt);
  else if (dtype == 1) avgPoolBackpropKernel<i32>(dy, dx, g, tid, nt);
  else avgPoolBackpropKernel<f64>(dy, dx, g, tid, nt);
}
