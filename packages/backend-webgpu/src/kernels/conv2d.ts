import type { Conv2dParams } from '@nabla/tensor-core';
import type { GPUInput } from '../gpu-data.js';
import type { GPURuntime } from '../gpu-runtime.js';
import { requireFloat32 } from '../storage-layout.js';
import { PRELUDE, bindings } from '../wgsl/prelude.js';
import { GEMM_PARAM_WORDS, gemmGrid, tiledGemm } from '../wgsl/tiled-gemm.js';
import { convGeometry, geometryLets, geometryParams } from './conv-geometry.js';

const LETS = geometryLets(GEMM_PARAM_WORDS);

/**
 * Forward convolution as an implicit GEMM (no im2col buffer): C[o, (n, oh, ow)] =
 * Σ_(c, kh, kw) W[o, (c, kh, kw)] · X̂[(c, kh, kw), (n, oh, ow)], where X̂ is read from x on the fly
 * (0 in the padding). M = O, K = C·KH·KW, N = batch·OH·OW.
 */
export function conv2d(rt: GPURuntime, x: GPUInput, w: GPUInput, params: Conv2dParams, out: GPUBuffer): void {
  requireFloat32(x.dtype, 'conv2d', x.shape);
  const g = convGeometry(x.shape, w.shape, params);
  const M = g.O;
  const N = g.N * g.OH * g.OW;
  const K = g.C * g.KH * g.KW;
  if (M === 0 || N === 0) return;
  rt.dispatch({
    key: 'conv2d',
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', 'f32'], ['ws', 'f32']], [['out', 'f32']])}
fn load_a(batch: u32, row: u32, k: u32) -> f32 { return ws[row * p[2] + k]; }
fn load_b(batch: u32, k: u32, col: u32) -> f32 {
  ${LETS}
  let kw = k % KW; let kh = (k / KW) % KH; let c = k / (KW * KH);
  let ow = col % OW; let oh = (col / OW) % OH; let n = col / (OW * OH);
  let ih = i32(oh * sh + kh * dh) - pt;
  let iw = i32(ow * sw + kw * dw) - pl;
  if (ih < 0 || ih >= i32(H) || iw < 0 || iw >= i32(W)) { return 0.0; }
  return xs[((n * C + c) * H + u32(ih)) * W + u32(iw)];
}
fn store_c(batch: u32, row: u32, col: u32, v: f32) {
  ${LETS}
  let plane = OH * OW;
  out[((col / plane) * O + row) * plane + col % plane] = v;
}
${tiledGemm('f32')}`,
    params: geometryParams([M, N, K, 0], g),
    buffers: [x.buffer, w.buffer, out],
    workgroups: gemmGrid(M, N, 1),
  });
}
