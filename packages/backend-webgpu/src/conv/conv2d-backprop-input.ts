import type { Conv2dParams } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { requireFloat32 } from '../storage/storage-layout.js';
import { PRELUDE, bindings } from '../wgsl/prelude.js';
import { convGeometry } from '@nabla/tensor-core/kernel-kit';
import { geometryLets, geometryParams } from './conv-geometry.js';
import { CELLS_PER_WORKGROUP, cellGrid, channelLanes } from './conv-lanes.js';

const LETS = geometryLets(1);

/**
 * dx by direct gathering: thread (input cell (n, y, x), channel group) sums, over every tap
 * (kh, kw) that lands on its cell and every filter o, dy[n, o, oh, ow] · W[o, c..c+3, kh, kw].
 * Taps the stride skips or that fall outside dy are masked with `if` (a per-thread `continue`
 * would make the loop counters, hence the weight reads, non-uniform). The channel group is the
 * grid's z (uniform weight reads, see `conv-lanes.ts`); neighbouring threads read neighbouring
 * dy words. Parameters: input cell count, then the geometry words.
 */
export function conv2dBackpropInput(rt: GPURuntime, dy: GPUInput, w: GPUInput, xShape: readonly number[], params: Conv2dParams, out: GPUBuffer): void {
  requireFloat32(dy.dtype, 'conv2dBackpropInput', dy.shape);
  const g = convGeometry(xShape, w.shape, params, dy.shape);
  const cells = g.batch * g.inHeight * g.inWidth;
  if (cells === 0 || g.channels === 0) return;
  const lanes = channelLanes(g.channels, 'C', 'KH * KW');
  rt.dispatch({
    key: `conv2dBackpropInput:direct:c${lanes.count}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['dys', 'f32'], ['ws', 'f32']], [['out', 'f32']])}
@compute @workgroup_size(${CELLS_PER_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let cell = (wid.x + wid.y * nwg.x) * ${CELLS_PER_WORKGROUP}u + lid;
  if (cell >= p[0]) { return; }
  ${LETS}
  let c0 = wid.z * ${lanes.count}u;
  let x = cell % W; let y = (cell / W) % H; let n = cell / (W * H);
  let o_stride = C * KH * KW;
  ${lanes.declare}
  for (var kh = 0u; kh < KH; kh = kh + 1u) {
    let th = i32(y) + pt - i32(kh * dh);
    let oh = udiv(u32(max(th, 0)), sh);
    let row_ok = th >= 0 && oh * sh == u32(th) && oh < OH;
    for (var kw = 0u; kw < KW; kw = kw + 1u) {
      let tw = i32(x) + pl - i32(kw * dw);
      let ow = udiv(u32(max(tw, 0)), sw);
      if (row_ok && tw >= 0 && ow * sw == u32(tw) && ow < OW) {
        var d_at = (n * O * OH + oh) * OW + ow;
        var wo = kh * KW + kw;
        for (var o = 0u; o < O; o = o + 1u) {
          ${lanes.accumulate('dys[d_at]')}
          d_at = d_at + OH * OW;
          wo = wo + o_stride;
        }
      }
    }
  }
  ${lanes.store('(n * C + c0) * (H * W) + y * W + x', 'H * W', 'C')}
}`,
    params: geometryParams(cells, g),
    buffers: [dy.buffer, w.buffer, out],
    workgroups: cellGrid(cells, g.channels, lanes.count),
  });
}
