import type { Conv2dParams } from '@nabla/tensor-core';
import type { GPUInput } from '../gpu-data.js';
import type { GPURuntime } from '../gpu-runtime.js';
import { requireFloat32 } from '../storage-layout.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';
import { GEOMETRY_LETS, convGeometry, geometryParams } from './conv-geometry.js';

/** Direct convolution, one thread per output element of [N, O, OH, OW]. */
export function conv2d(rt: GPURuntime, x: GPUInput, w: GPUInput, params: Conv2dParams, out: GPUBuffer): void {
  requireFloat32(x.dtype, 'conv2d', x.shape);
  const g = convGeometry(x.shape, w.shape, params);
  const size = g.N * g.O * g.OH * g.OW;
  if (size === 0) return;
  rt.dispatch({
    key: 'conv2d',
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', 'f32'], ['ws', 'f32']], [['out', 'f32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${GEOMETRY_LETS}
  let ow = gid % OW; let oh = (gid / OW) % OH; let oc = (gid / (OW * OH)) % O; let n = gid / (OW * OH * O);
  var acc = 0.0;
  for (var c = 0u; c < C; c = c + 1u) {
    for (var kh = 0u; kh < KH; kh = kh + 1u) {
      let ih = i32(oh * sh + kh * dh) - pt;
      if (ih < 0 || ih >= i32(H)) { continue; }
      for (var kw = 0u; kw < KW; kw = kw + 1u) {
        let iw = i32(ow * sw + kw * dw) - pl;
        if (iw < 0 || iw >= i32(W)) { continue; }
        acc = acc + xs[((n * C + c) * H + u32(ih)) * W + u32(iw)] * ws[((oc * C + c) * KH + kh) * KW + kw];
      }
    }
  }
  out[gid] = acc;
}`,
    params: geometryParams(size, g),
    buffers: [x.buffer, w.buffer, out],
    workgroups: workgroupsFor(size),
  });
}
