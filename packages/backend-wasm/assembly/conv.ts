// 2-D convolution (NCHW, OIHW) through im2col + GEMM, and both gradients (GEMM + col2im).
import { partStart, partEnd } from './partition';
import { gemmRows } from './matmul';

/**
 * Convolution geometry lives in an i32 block in memory (no managed objects: every thread's
 * instance shares the heap): [N, C, H, W, O, KH, KW, OH, OW, sh, sw, padTop, padLeft, dilH, dilW].
 */
@inline function g_n(g: usize): i32 { return load<i32>(g, 0); }
@inline function g_c(g: usize): i32 { return load<i32>(g, 4); }
@inline function g_h(g: usize): i32 { return load<i32>(g, 8); }
@inline function g_w(g: usize): i32 { return load<i32>(g, 12); }
@inline function g_o(g: usize): i32 { return load<i32>(g, 16); }
@inline function g_kh(g: usize): i32 { return load<i32>(g, 20); }
@inline function g_kw(g: usize): i32 { return load<i32>(g, 24); }
@inline function g_oh(g: usize): i32 { return load<i32>(g, 28); }
@inline function g_ow(g: usize): i32 { return load<i32>(g, 32); }
@inline function g_sh(g: usize): i32 { return load<i32>(g, 36); }
@inline function g_sw(g: usize): i32 { return load<i32>(g, 40); }
@inline function g_pt(g: usize): i32 { return load<i32>(g, 44); }
@inline function g_pl(g: usize): i32 { return load<i32>(g, 48); }
@inline function g_dh(g: usize): i32 { return load<i32>(g, 52); }
@inline function g_dw(g: usize): i32 { return load<i32>(g, 56); }

/** True when im2col is the identity (1x1 kernel, unit stride, no padding). */
@inline
function isPointwise(g: usize): bool {
  return g_kh(g) == 1 && g_kw(g) == 1 && g_sh(g) == 1 && g_sw(g) == 1 && g_pt(g) == 0 && g_pl(g) == 0 && g_oh(g) == g_h(g) && g_ow(g) == g_w(g);
}

/** col[(c*KH+kh)*KW+kw, oh*OW+ow] = x[c, oh*sh-pt+kh*dh, ow*sw-pl+kw*dw] (0 outside). */
function im2col<T>(x: usize, col: usize, g: usize): void {
  const size = <usize>sizeof<T>();
  const spatial = g_oh(g) * g_ow(g);
  for (let c = 0; c < g_c(g); c++) {
    for (let i = 0; i < g_kh(g); i++) {
      for (let j = 0; j < g_kw(g); j++) {
        const row = col + <usize>(((c * g_kh(g) + i) * g_kw(g) + j)) * <usize>spatial * size;
        for (let y = 0; y < g_oh(g); y++) {
          const iy = y * g_sh(g) - g_pt(g) + i * g_dh(g);
          const dst = row + <usize>(y * g_ow(g)) * size;
          if (iy < 0 || iy >= g_h(g)) {
            memory.fill(dst, 0, <usize>g_ow(g) * size);
            continue;
          }
          const src = x + <usize>((c * g_h(g) + iy) * g_w(g)) * size;
          const x0 = j * g_dw(g) - g_pl(g);
          if (g_sw(g) == 1) {
            // Unit stride: the in-range outputs form one run copied in bulk, zeros around it.
            const lo = min(max(-x0, 0), g_ow(g));
            const hi = max(min(g_w(g) - x0, g_ow(g)), lo);
            memory.fill(dst, 0, <usize>lo * size);
            memory.copy(dst + <usize>lo * size, src + <usize>(x0 + lo) * size, <usize>(hi - lo) * size);
            memory.fill(dst + <usize>hi * size, 0, <usize>(g_ow(g) - hi) * size);
            continue;
          }
          for (let xo = 0; xo < g_ow(g); xo++) {
            const ix = x0 + xo * g_sw(g);
            store<T>(dst + <usize>xo * size, ix >= 0 && ix < g_w(g) ? load<T>(src + <usize>ix * size) : <T>0);
          }
        }
      }
    }
  }
}

/** dx[c, iy, ix] += col[...] for the rows of channels [c0, c1) (inverse of im2col). */
function col2im<T>(col: usize, dx: usize, g: usize, c0: i32, c1: i32): void {
  const size = <usize>sizeof<T>();
  const spatial = g_oh(g) * g_ow(g);
  for (let c = c0; c < c1; c++) {
    for (let i = 0; i < g_kh(g); i++) {
      for (let j = 0; j < g_kw(g); j++) {
        const row = col + <usize>(((c * g_kh(g) + i) * g_kw(g) + j)) * <usize>spatial * size;
        for (let y = 0; y < g_oh(g); y++) {
          const iy = y * g_sh(g) - g_pt(g) + i * g_dh(g);
          if (iy < 0 || iy >= g_h(g)) continue;
          const src = row + <usize>(y * g_ow(g)) * size;
          const dst = dx + <usize>((c * g_h(g) + iy) * g_w(g)) * size;
          const x0 = j * g_dw(g) - g_pl(g);
          if (g_sw(g) == 1) {
            const lo = min(max(-x0, 0), g_ow(g));
            const hi = max(min(g_w(g) - x0, g_ow(g)), lo);
            let xo = lo;
            if (sizeof<T>() == 4) {
              for (; xo + 4 <= hi; xo += 4) {
                const at = dst + <usize>(x0 + xo) * size;
                v128.store(at, f32x4.add(v128.load(at), v128.load(src + <usize>xo * size)));
              }
            }
            for (; xo < hi; xo++) {
              const at = dst + <usize>(x0 + xo) * size;
              store<T>(at, load<T>(at) + load<T>(src + <usize>xo * size));
            }
            continue;
          }
          for (let xo = 0; xo < g_ow(g); xo++) {
            const ix = x0 + xo * g_sw(g);
            if (ix >= 0 && ix < g_w(g)) {
              const at = dst + <usize>ix * size;
              store<T>(at, load<T>(at) + load<T>(src + <usize>xo * size));
            }
          }
        }
      }
    }
  }
}

@inline
function forward<T>(x: usize, w: usize, out: usize, geometry: usize, col: usize, colStride: i32, scratch: usize, scratchStride: i32, tid: i32, nt: i32): void {
  const g = geometry;
  const size = <usize>sizeof<T>();
  const ckk = g_c(g) * g_kh(g) * g_kw(g);
  const spatial = g_oh(g) * g_ow(g);
  const myCol = col + <usize>tid * <usize>colStride;
  const myScratch = scratch + <usize>tid * <usize>scratchStride;
  const pointwise = isPointwise(g);
  const byBatch = g_n(g) >= nt;
  const n0 = byBatch ? partStart(g_n(g), tid, nt) : 0;
  const n1 = byBatch ? partEnd(g_n(g), tid, nt) : g_n(g);
  const o0 = byBatch ? 0 : partStart(g_o(g), tid, nt);
  const o1 = byBatch ? g_o(g) : partEnd(g_o(g), tid, nt);
  if (o0 >= o1) return;
  for (let b = n0; b < n1; b++) {
    const xb = x + <usize>b * <usize>(g_c(g) * g_h(g) * g_w(g)) * size;
    let cols = xb;
    if (!pointwise) {
      im2col<T>(xb, myCol, g);
      cols = myCol;
    }
    const ob = out + <usize>b * <usize>(g_o(g) * spatial) * size;
    gemmRows<T>(w, ckk, 1, cols, spatial, 1, ob, spatial, o0, o1, spatial, ckk, myScratch, false);
  }
}

@inline
function backpropInput<T>(dy: usize, w: usize, dx: usize, geometry: usize, col: usize, colStride: i32, scratch: usize, scratchStride: i32, tid: i32, nt: i32): void {
  const g = geometry;
  const size = <usize>sizeof<T>();
  const ckk = g_c(g) * g_kh(g) * g_kw(g);
  const kk = g_kh(g) * g_kw(g);
  const spatial = g_oh(g) * g_ow(g);
  const plane = g_c(g) * g_h(g) * g_w(g);
  const myCol = col + <usize>tid * <usize>colStride;
  const myScratch = scratch + <usize>tid * <usize>scratchStride;
  const pointwise = isPointwise(g);
  const byBatch = g_n(g) >= nt;
  const n0 = byBatch ? partStart(g_n(g), tid, nt) : 0;
  const n1 = byBatch ? partEnd(g_n(g), tid, nt) : g_n(g);
  const c0 = byBatch ? 0 : partStart(g_c(g), tid, nt);
  const c1 = byBatch ? g_c(g) : partEnd(g_c(g), tid, nt);
  if (c0 >= c1) return;
  for (let b = n0; b < n1; b++) {
    const dyb = dy + <usize>b * <usize>(g_o(g) * spatial) * size;
    const dxb = dx + <usize>b * <usize>plane * size;
    if (pointwise) {
      // dx[c, :] = sum_o w[o, c] * dy[o, :] written straight into dx.
      gemmRows<T>(w, 1, ckk, dyb, spatial, 1, dxb, spatial, c0, c1, spatial, g_o(g), myScratch, false);
      continue;
    }
    // Rows of channels [c0, c1) of colGrad = W^T x dy, stored at their natural row offsets.
    gemmRows<T>(w, 1, ckk, dyb, spatial, 1, myCol, spatial, c0 * kk, c1 * kk, spatial, g_o(g), myScratch, false);
    memory.fill(dxb + <usize>(c0 * g_h(g) * g_w(g)) * size, 0, <usize>((c1 - c0) * g_h(g) * g_w(g)) * size);
    col2im<T>(myCol, dxb, g, c0, c1);
  }
}

@inline
function backpropFilter<T>(x: usize, dy: usize, dw: usize, geometry: usize, col: usize, colStride: i32, scratch: usize, scratchStride: i32, tid: i32, nt: i32): void {
  const g = geometry;
  const size = <usize>sizeof<T>();
  const ckk = g_c(g) * g_kh(g) * g_kw(g);
  const spatial = g_oh(g) * g_ow(g);
  const myCol = col + <usize>tid * <usize>colStride;
  const myScratch = scratch + <usize>tid * <usize>scratchStride;
  const pointwise = isPointwise(g);
  // Output channels are split between threads; each thread builds its own im2col.
  const o0 = partStart(g_o(g), tid, nt);
  const o1 = partEnd(g_o(g), tid, nt);
  if (o0 >= o1) return;
  if (g_n(g) == 0) memory.fill(dw + <usize>(o0 * ckk) * size, 0, <usize>((o1 - o0) * ckk) * size);
  for (let b = 0; b < g_n(g); b++) {
    const xb = x + <usize>b * <usize>(g_c(g) * g_h(g) * g_w(g)) * size;
    let cols = xb;
    if (!pointwise) {
      im2col<T>(xb, myCol, g);
      cols = myCol;
    }
    const dyb = dy + <usize>b * <usize>(g_o(g) * spatial) * size;
    // dw[o, r] (+)= sum_s dy[o, s] * col[r, s]
    gemmRows<T>(dyb, spatial, 1, cols, 1, spatial, dw, ckk, o0, o1, ckk, spatial, myScratch, b > 0);
  }
}

/** Convolution forward; dtype code 0 (f32) or 3 (f64). */
export function conv2d_forward(dtype: i32, x: usize, w: usize, out: usize, geometry: usize, col: usize, colStride: i32, scratch: usize, scratchStride: i32, tid: i32, nt: i32): void {
  if (dtype == 0) forward<f32>(x, w, out, geometry, col, colStride, scratch, scratchStride, tid, nt);
  else forward<f64>(x, w, out, geometry, col, colStride, scratch, scratchStride, tid, nt);
}

/** Gradient with respect to the input. */
export function conv2d_backprop_input(dtype: i32, dy: usize, w: usize, dx: usize, geometry: usize, col: usize, colStride: i32, scratch: usize, scratchStride: i32, tid: i32, nt: i32): void {
  if (dtype == 0) backpropInput<f32>(dy, w, dx, geometry, col, colStride, scratch, scratchStride, tid, nt);
  else backpropInput<f64>(dy, w, dx, geometry, col, colStride, scratch, scratchStride, tid, nt);
}

/** Gradient with respect to the filter. */
export function conv2d_backprop_filter(dtype: i32, x: usize, dy: usize, dw: usize, geometry: usize, col: usize, colStride: i32, scratch: usize, scratchStride: i32, tid: i32, nt: i32): void {
  if (dtype == 0) backpropFilter<f32>(x, dy, dw, geometry, col, colStride, scratch, scratchStride, tid, nt);
  else backpropFilter<f64>(x, dy, dw, geometry, col, colStride, scratch, scratchStride, tid, nt);
}
