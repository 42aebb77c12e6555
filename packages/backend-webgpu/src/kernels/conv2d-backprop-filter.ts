import type { Conv2dParams } from '@nabla/tensor-core';
import type { GPUInput } from '../gpu-data.js';
import type { GPURuntime } from '../gpu-runtime.js';
import { requireFloat32 } from '../storage-layout.js';
import { PRELUDE, bindings } from '../wgsl/prelude.js';
import { GEMM_PARAM_WORDS, gemmGrid, tiledGemm } from '../wgsl/tiled-gemm.js';
import { convGeometry, geometryLets, geometryParams } from './conv-geometry.js';

const LETS = geometryLets(GEMM_PARAM_WORDS);

/**
 * dx as an implicit GEMM: dX[c, (n, y, x)] = Σ_(o, kh, kw) W[o, c, kh, kw] · dŶ[(o, kh, kw), (n, y, x)],
 * where dŶ is the dy element whose window tap (kh, kw) landed on (y, x) — 0 when the stride skips
 * it or it falls outside dy. M = C, K = O·KH·KW, N = batch·H·W.
 */
export function conv2dBackpropInput(rt: GPURuntime, dy: GPUInput, w: GPUInput, xShape: readonly number[], params: Conv2dParams, out: GPUBuffer): void {
  requireFloat32(dy.dtype, 'conv2dBackpropInput', dy.shape);
  const g = convGeometry(xShape, w.shape, params);
  const M = g.C;
  const N = g.N * g.H * g.W;
  const K = g.O * g.KH * g.KW;
  if (M === 0 || N === 0) return;
  rt.dispatch({
    key: 'conv2dBackpropInput',
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['dys', 'f32'], ['ws', 'f32']], [['out', 'f32']])}
fn load_a(batch: u32, row: u32, k: u32) -> f32 {
  ${LETS}
  let kw = k % KW; let kh = (k / KW) % KH; let o = k / (KW * KH);
  return ws[((o * C + row) * KH + kh) * KW + kw];
}
fn load_b(batch: u32, k: u32, col: u32) -> f32 {
  ${LETS}
  let kw = k % KW; let kh = (k / KW) % KH; let o = k / (KW * KH);
  let x = col % W; let y = (col / W) % H; let n = col / (W * H);
  let th = i32(y) + pt - i32(kh * dh);
  let tw = i32(x) + pl - i32(kw * dw);
  if (th < 0 || tw < 0 || th % i32(sh) != 0 || tw % i32(sw) != 0) { return 0.0; }
  let oh = u32(th) / sh; let ow = u32(tw) / sw;
  if (oh >= OH || ow >= OW) { return 0.0; }
  return dys[((n * O + o) * OH + oh) * OW + ow];
}
fn store_c(batch: u32, row: u32, col: u32, v: f32) {
  ${LETS}
  let plane = H * W;
  out[((col / plane) * C + row) * plane + col % plane] = v;
}
${tiledGemm('f32')}`,
    params: geometryParams([M, N, K, 0], g),
    buffers: [dy.buffer, w.buffer, out],
    workgroups: gemmGrid(M, N, 1),
  });
}

/**
 * dw as an implicit GEMM: dW[o, (c, kh, kw)] = Σ_(n, oh, ow) dY[o, (n, oh, ow)] · X̂[(n, oh, ow), (c, kh, kw)].
 * M = O, K = batch·OH·OW, N = C·KH·KW; an empty batch gives zeros.
 */
export function conv2dBackpropFilter(rt: GPURuntime, x: GPUInput, dy: GPUInput, wShape: readonly number[], params: Conv2dParams, out: GPUBuffer): void {
  requireFloat32(x.dtype, 'conv2dBackpropFilter', x.shape);
  const g = convGeometry(x.shape, wShape, params);
  const M = g.O;
  const N = g.C * g.KH * g.KW;
  const K = g.N * g.OH * g.OW;
  if (M === 0 || N === 0) return;
  rt.dispatch({
    key: 'conv2dBackpropFilter',
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', 'f32'], ['dys', 'f32']], [['out', 'f32']])}
fn load_a(batch: u32, row: u32, k: u32) -> f32 {
  ${LETS}
  let plane = OH * OW;
  return dys[((k / plane) * O + row) * plane + k % plane];
}
fn load_b(batch: u32, k: u32, col: u32) -> f32 {
  ${LETS}
  let kw = col % KW; let kh = (col / KW) % KH; let c = col / (KW * KH);
  let ow = k % OW; let oh = (k / OW) % OH; let n = k / (OW * OH);
  let ih = i32(oh * sh + kh * dh) - pt;
  let iw = i32(ow * sw + kw * dw) - pl;
  if (ih < 0 || ih >= i32(H) || iw < 0 || iw >= i32(W)) { return 0.0; }
  return xs[((n * C + c) * H + u32(ih)) * W + u32(iw)];
}
fn store_c(batch: u32, row: u32, col: u32, v: f32) { out[row * p[1] + col] = v; }
${tiledGemm('f32')}`,
    params: geometryParams([M, N, K, 0], g),
    buffers: [x.buffer, dy.buffer, out],
    workgroups: gemmGrid(M, N, 1),
  });
}
