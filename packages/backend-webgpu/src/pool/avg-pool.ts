import type { Pool2dParams } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { requireFloat32 } from '../storage/storage-layout.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';
import { poolGeometry } from '@nabla/tensor-core/kernel-kit';
import { COVERING_WINDOWS, GEOMETRY_LETS, geometryParams } from '../conv/conv-geometry.js';

/**
 * WGSL divisor of window (oh, ow): KH·KW when padding counts (p[16] = 1), else the number of
 * real cells it covers. An empty window gets divisor 1 (its average is 0).
 */
const WINDOW_DIVISOR = /* wgsl */ `
fn window_divisor(oh: u32, ow: u32) -> f32 {
  let KH = p[6]; let KW = p[7]; let H = i32(p[3]); let W = i32(p[4]);
  if (p[16] == 1u) { return f32(KH * KW); }
  let h0 = i32(oh * p[10]) - pi(12u); let w0 = i32(ow * p[11]) - pi(13u);
  let rows = min(h0 + i32(KH), H) - max(h0, 0);
  let cols = min(w0 + i32(KW), W) - max(w0, 0);
  return f32(max(max(rows, 0) * max(cols, 0), 1));
}`;

/** Average pooling into `outShape`, one thread per output element. */
export function avgPool2d(rt: GPURuntime, x: GPUInput, params: Pool2dParams, outShape: readonly number[], out: GPUBuffer): void {
  requireFloat32(x.dtype, 'avgPool2d', x.shape);
  const g = poolGeometry(x.shape, params, outShape);
  const size = g.batch * g.channels * g.outHeight * g.outWidth;
  if (size === 0) return;
  rt.dispatch({
    key: 'avgPool2d',
    source: () => /* wgsl */ `${PRELUDE}${WINDOW_DIVISOR}
${bindings([['xs', 'f32']], [['out', 'f32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${GEOMETRY_LETS}
  let ow = gid % OW; let oh = (gid / OW) % OH; let plane = gid / (OW * OH);
  var acc = 0.0;
  for (var kh = 0u; kh < KH; kh = kh + 1u) {
    let ih = i32(oh * sh + kh) - pt;
    if (ih < 0 || ih >= i32(H)) { continue; }
    for (var kw = 0u; kw < KW; kw = kw + 1u) {
      let iw = i32(ow * sw + kw) - pl;
      if (iw < 0 || iw >= i32(W)) { continue; }
      acc = acc + xs[(plane * H + u32(ih)) * W + u32(iw)];
    }
  }
  out[gid] = acc / window_divisor(oh, ow);
}`,
    params: geometryParams(size, g, params.countIncludePad ? 1 : 0),
    buffers: [x.buffer, out],
    workgroups: workgroupsFor(size),
  });
}

/** dx of shape xShape: each input cell sums dy / divisor over the windows covering it. */
export function avgPool2dBackprop(rt: GPURuntime, dy: GPUInput, xShape: readonly number[], params: Pool2dParams, out: GPUBuffer): void {
  requireFloat32(dy.dtype, 'avgPool2dBackprop', dy.shape);
  const g = poolGeometry(xShape, params, dy.shape);
  const size = g.batch * g.channels * g.inHeight * g.inWidth;
  if (size === 0) return;
  rt.dispatch({
    key: 'avgPool2dBackprop',
    source: () => /* wgsl */ `${PRELUDE}${WINDOW_DIVISOR}
${bindings([['dys', 'f32']], [['out', 'f32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${GEOMETRY_LETS}${COVERING_WINDOWS}
  var acc = 0.0;
  for (var oh = lo_h; oh <= hi_h; oh = oh + 1) {
    for (var ow = lo_w; ow <= hi_w; ow = ow + 1) {
      acc = acc + dys[(plane * OH + u32(oh)) * OW + u32(ow)] / window_divisor(u32(oh), u32(ow));
    }
  }
  out[gid] = acc;
}`,
    params: geometryParams(size, g, params.countIncludePad ? 1 : 0),
    buffers: [dy.buffer, out],
    workgroups: workgroupsFor(size),
  });
}
