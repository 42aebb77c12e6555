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
 * Forward convolution by direct gathering: thread (output cell (n, oh, ow), filter group) sums
 * x[n, c, ih, iw] · W[o..o+3, c, kh, kw] over every channel and tap inside the image (padding
 * reads as 0). The filter group is the grid's z, so every thread of a workgroup reads the same
 * weights (scalar loads on CPU drivers such as lavapipe) while neighbouring threads read
 * neighbouring x words. Taps outside the image are masked with `if`, never `continue`: a
 * per-thread `continue` would make the loop counters, hence the weight reads, non-uniform. Parameters: output cell count, then the geometry words.
 */
export function conv2d(rt: GPURuntime, x: GPUInput, w: GPUInput, params: Conv2dParams, outShape: readonly number[], out: GPUBuffer): void {
  requireFloat32(x.dtype, 'conv2d', x.shape);
  const g = convGeometry(x.shape, w.shape, params, outShape);
  const cells = g.batch * g.outHeight * g.outWidth;
  if (cells === 0 || g.outChannels === 0) return;
  const lanes = channelLanes(g.outChannels, 'O', 'C * KH * KW');
  rt.dispatch({
    key: `conv2d:direct:c${lanes.count}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['xs', 'f32'], ['ws', 'f32']], [['out', 'f32']])}
@compute @workgroup_size(${CELLS_PER_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let cell = (wid.x + wid.y * nwg.x) * ${CELLS_PER_WORKGROUP}u + lid;
  if (cell >= p[0]) { return; }
  ${LETS}
  let c0 = wid.z * ${lanes.count}u;
  let ow = cell % OW; let oh = (cell / OW) % OH; let n = cell / (OW * OH);
  ${lanes.declare}
  for (var c = 0u; c < C; c = c + 1u) {
    let x_plane = (n * C + c) * H;
    for (var kh = 0u; kh < KH; kh = kh + 1u) {
      let ih = i32(oh * sh + kh * dh) - pt;
      let row_ok = ih >= 0 && ih < i32(H);
      let x_row = (x_plane + u32(max(ih, 0))) * W;
      var wo = (c * KH + kh) * KW;
      for (var kw = 0u; kw < KW; kw = kw + 1u) {
        let iw = i32(ow * sw + kw * dw) - pl;
        if (row_ok && iw >= 0 && iw < i32(W)) { ${lanes.accumulate('xs[x_row + u32(iw)]')} }
        wo = wo + 1u;
      }
    }
  }
  ${lanes.store('(n * O + c0) * (OH * OW) + oh * OW + ow', 'OH * OW', 'O')}
}`,
    params: geometryParams(cells, g),
    buffers: [x.buffer, w.buffer, out],
    workgroups: cellGrid(cells, g.outChannels, lanes.count),
  });
}
