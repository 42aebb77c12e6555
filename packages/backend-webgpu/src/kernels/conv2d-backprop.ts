import type { Conv2dParams } from '@nabla/tensor-core';
import type { GPUInput } from '../gpu-data.js';
import type { GPURuntime } from '../gpu-runtime.js';
import { requireFloat32 } from '../storage-layout.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';
import { GEOMETRY_LETS, convGeometry, geometryParams } from './conv-geometry.js';

/** dx [N, C, H, W]: one thread per input pixel gathers every (filter tap, output) pair that read it. */
export function conv2dBackpropInput(rt: GPURuntime, dy: GPUInput, w: GPUInput, xShape: readonly number[], params: Conv2dParams, out: GPUBuffer): void {
  requireFloat32(dy.dtype, 'conv2dBackpropInput', dy.shape);
  const g = convGeometry(xShape, w.shape, params);
  const size = g.N * g.C * g.H * g.W;
  if (size === 0) return;
  rt.dispatch({
    key: 'conv2dBackpropInput',
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['dys', 'f32'], ['ws', 'f32']], [['out', 'f32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${GEOMETRY_LETS}
  let x = gid % W; let y = (gid / W) % H; let c = (gid / (W * H)) % C; let n = gid / (W * H * C);
  var acc = 0.0;
  for (var oc = 0u; oc < O; oc = oc + 1u) {
    for (var kh = 0u; kh < KH; kh = kh + 1u) {
      let th = i32(y) + pt - i32(kh * dh);
      if (th < 0 || th % i32(sh) != 0) { continue; }
      let oh = u32(th) / sh;
      if (oh >= OH) { continue; }
      for (var kw = 0u; kw < KW; kw = kw + 1u) {
        let tw = i32(x) + pl - i32(kw * dw);
        if (tw < 0 || tw % i32(sw) != 0) { continue; }
        let ow = u32(tw) / sw;
        if (ow >= OW) { continue; }
        acc = acc + dys[((n * O + oc) * OH + oh) * OW + ow] * ws[((oc * C + c) * KH + kh) * KW + kw];
      }
    }
  }
  out[gid] = acc;
}`,
    params: geometryParams(size, g),
    buffers: [dy.buffer, w.buffer, out],
    workgroups: workgroupsFor(size),
  });
}

/** dw [O, C, KH, KW]: one thread per filter tap sums x · dy over batch and output positions. */
export function conv2dBackpropFilter(rt: GPURuntime, x: GPUInput, dy: GPUInput, wShape: readonly number[], params: Conv2dParams, out: GPUBuffer): void {
  requireFloat32(x.dtype, 'conv2dBackpropFilter', x.shape);
  const g = convGeometry(x.shape, wShape, params);
  const size = g.O * g.C * g.KH * g.KW;
  if (size === 0) return;
  rt.dispatch({
    key: 'conv2dBackpropFilter',
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', 'f32'], ['dys', 'f32']], [['out', 'f32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${GEOMETRY_LETS}
  let kw = gid % KW; let kh = (gid / KW) % KH; let c = (gid / (KW * KH)) % C; let oc = gid / (KW * KH * C);
  var acc = 0.0;
  for (var n = 0u; n < N; n = n + 1u) {
    for (var oh = 0u; oh < OH; oh = oh + 1u) {
      let ih = i32(oh * sh + kh * dh) - pt;
      if (ih < 0 || ih >= i32(H)) { continue; }
      for (var ow = 0u; ow < OW; ow = ow + 1u) {
        let iw = i32(ow * sw + kw * dw) - pl;
        if (iw < 0 || iw >= i32(W)) { continue; }
        acc = acc + xs[((n * C + c) * H + u32(ih)) * W + u32(iw)] * dys[((n * O + oc) * OH + oh) * OW + ow];
      }
    }
  }
  out[gid] = acc;
}`,
    params: geometryParams(size, g),
    buffers: [x.buffer, dy.buffer, out],
    workgroups: workgroupsFor(size),
  });
}
