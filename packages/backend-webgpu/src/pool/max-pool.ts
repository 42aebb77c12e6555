import type { Pool2dParams } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { requireFloat32 } from '../storage/storage-layout.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';
import { poolGeometry } from '@nabla/tensor-core/kernel-kit';
import { COVERING_WINDOWS, GEOMETRY_LETS, geometryParams } from '../conv/conv-geometry.js';

/**
 * WGSL locating the winner of window (plane, oh, ow): the first maximal cell in row-major order,
 * a NaN beating any number; padded cells never win. Sets `best` and `best_at` (-1 if no cell).
 */
const WINDOW_ARGMAX = /* wgsl */ `
    var best = -inf_f32();
    var best_at = -1;
    for (var kh = 0u; kh < KH; kh = kh + 1u) {
      let ih = i32(oh * sh + kh) - pt;
      if (ih < 0 || ih >= i32(H)) { continue; }
      for (var kw = 0u; kw < KW; kw = kw + 1u) {
        let iw = i32(ow * sw + kw) - pl;
        if (iw < 0 || iw >= i32(W)) { continue; }
        let at = ih * i32(W) + iw;
        let v = xs[plane * H * W + u32(at)];
        if (best_at < 0 || (!is_nan(best) && (v > best || is_nan(v)))) { best = v; best_at = at; }
      }
    }`;

/** Max pooling into `outShape`, one thread per output element. An all-padding window yields -Infinity. */
export function maxPool2d(rt: GPURuntime, x: GPUInput, params: Pool2dParams, outShape: readonly number[], out: GPUBuffer): void {
  requireFloat32(x.dtype, 'maxPool2d', x.shape);
  const g = poolGeometry(x.shape, params, outShape);
  const size = g.batch * g.channels * g.outHeight * g.outWidth;
  if (size === 0) return;
  rt.dispatch({
    key: 'maxPool2d',
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', 'f32']], [['out', 'f32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${GEOMETRY_LETS}
  let ow = gid % OW; let oh = (gid / OW) % OH; let plane = gid / (OW * OH);
  {${WINDOW_ARGMAX}
    out[gid] = best;
  }
}`,
    params: geometryParams(size, g),
    buffers: [x.buffer, out],
    workgroups: workgroupsFor(size),
  });
}

/**
 * dx. Windows that cannot overlap (stride ≥ kernel, the usual 2×2/2) take one thread per window:
 * it finds the winner and writes its block of input cells — the rows and columns from its own
 * start to the next window's (the first block from 0, the last to the edge), so blocks tile the
 * input exactly once — dy at the winner and 0 elsewhere. Otherwise each input cell gathers dy from
 * every window whose winner it is. Both are deterministic, without atomics.
 */
export function maxPool2dBackprop(rt: GPURuntime, dy: GPUInput, x: GPUInput, params: Pool2dParams, out: GPUBuffer): void {
  requireFloat32(x.dtype, 'maxPool2dBackprop', x.shape);
  const g = poolGeometry(x.shape, params, dy.shape);
  const size = g.batch * g.channels * g.inHeight * g.inWidth;
  if (size === 0) return;
  const disjoint = g.strideH >= g.kernelHeight && g.strideW >= g.kernelWidth && g.outHeight > 0 && g.outWidth > 0;
  if (disjoint) {
    const windows = g.batch * g.channels * g.outHeight * g.outWidth;
    rt.dispatch({
      key: 'maxPool2dBackprop:blocks',
      source: () => /* wgsl */ `${PRELUDE}
${bindings([['dys', 'f32'], ['xs', 'f32']], [['out', 'f32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${GEOMETRY_LETS}
  let plane = udiv(gid, OH * OW);
  let cell = gid - plane * OH * OW;
  let oh = udiv(cell, OW); let ow = cell - oh * OW;
  {${WINDOW_ARGMAX}
    let d = dys[gid];
    let r0 = select(i32(oh * sh) - pt, 0, oh == 0u);
    let r1 = select(i32((oh + 1u) * sh) - pt, i32(H), oh + 1u == OH);
    let c0 = select(i32(ow * sw) - pl, 0, ow == 0u);
    let c1 = select(i32((ow + 1u) * sw) - pl, i32(W), ow + 1u == OW);
    for (var r = max(r0, 0); r < min(r1, i32(H)); r = r + 1) {
      for (var c = max(c0, 0); c < min(c1, i32(W)); c = c + 1) {
        let at = r * i32(W) + c;
        out[plane * H * W + u32(at)] = select(0.0, d, at == best_at);
      }
    }
  }
}`,
      params: geometryParams(windows, g),
      buffers: [dy.buffer, x.buffer, out],
      workgroups: workgroupsFor(windows),
    });
    return;
  }
  rt.dispatch({
    key: 'maxPool2dBackprop',
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['dys', 'f32'], ['xs', 'f32']], [['out', 'f32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${GEOMETRY_LETS}${COVERING_WINDOWS}
  var acc = 0.0;
  for (var ohi = lo_h; ohi <= hi_h; ohi = ohi + 1) {
    for (var owi = lo_w; owi <= hi_w; owi = owi + 1) {
      let oh = u32(ohi); let ow = u32(owi);
      ${WINDOW_ARGMAX}
      if (best_at == cell) { acc = acc + dys[(plane * OH + oh) * OW + ow]; }
    }
  }
  out[gid] = acc;
}`,
    params: geometryParams(size, g),
    buffers: [dy.buffer, x.buffer, out],
    workgroups: workgroupsFor(size),
  });
}
