import type { Conv2dParams } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { requireFloat32 } from '../storage/storage-layout.js';
import { PRELUDE, bindings } from '../wgsl/prelude.js';
import { convGeometry } from '@nabla/tensor-core/kernel-kit';
import { geometryLets, geometryParams } from './conv-geometry.js';

/** Threads per workgroup, each summing a share of the output rows. */
const THREADS = 64;
/** Filters (o) per workgroup. */
const FILTERS = 4;
/** At most this many horizontal taps (kw) per workgroup; the block of dW in registers is FILTERS × taps. */
const MAX_TAPS = 8;
const LETS = geometryLets(0);
const MAX_WORKGROUPS = 65535;

/**
 * dw as a direct reduction: dW[o, c, kh, kw] = Σ_(n, oh, ow) dY[n, o, oh, ow] · x[n, c, ih, iw].
 * A workgroup owns one (c, kh), four filters (grid z) and min(KW, 8) taps kw (grid y with kh; one
 * pipeline per tap count, so a 5-wide kernel wastes no lanes); its
 * threads split the N·OH output rows, each accumulating the 4×taps block over whole rows (one
 * division per row, none per element), and a tree in workgroup memory sums the threads' blocks —
 * deterministic, no atomics. Filters and taps past O and KW are computed from clamped (in-bounds)
 * reads and not stored. An empty batch gives zeros. Parameters: the geometry words, then the
 * dispatch's first input channel.
 */
export function conv2dBackpropFilter(rt: GPURuntime, x: GPUInput, dy: GPUInput, wShape: readonly number[], params: Conv2dParams, out: GPUBuffer): void {
  requireFloat32(x.dtype, 'conv2dBackpropFilter', x.shape);
  const g = convGeometry(x.shape, wShape, params, dy.shape);
  if (g.outChannels * g.channels * g.kernelHeight * g.kernelWidth === 0) return;
  const taps = Math.min(g.kernelWidth, MAX_TAPS);
  const TAPS = Array.from({ length: taps }, (_, k) => k);
  const tapGroups = Math.ceil(g.kernelWidth / taps);
  const acc = (k: number): string => `acc${k}`;
  const source = (): string => /* wgsl */ `${PRELUDE}
${bindings([['xs', 'f32'], ['dys', 'f32']], [['out', 'f32']])}
var<workgroup> partial: array<array<vec4<f32>, ${taps}>, ${THREADS}>;
@compute @workgroup_size(${THREADS})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  ${LETS}
  let tap_groups = (KW + ${taps - 1}u) / ${taps}u;
  let c = wid.x + p[15]; let kh = wid.y / tap_groups; let kw0 = (wid.y % tap_groups) * ${taps}u;
  let o0 = wid.z * ${FILTERS}u;
  let plane = OH * OW;
  let d0 = min(o0, O - 1u) * plane; let d1 = min(o0 + 1u, O - 1u) * plane;
  let d2 = min(o0 + 2u, O - 1u) * plane; let d3 = min(o0 + 3u, O - 1u) * plane;
  ${TAPS.map((k) => `var ${acc(k)} = vec4<f32>();`).join(' ')}
  ${TAPS.map((k) => `let tap${k} = kw0 + ${k}u < KW; let off${k} = i32((kw0 + ${k}u) * dw) - pl;`).join('\n  ')}
  for (var q = lid; q < N * OH; q = q + ${THREADS}u) {
    let n = q / OH; let oh = q % OH;
    let ih = i32(oh * sh + kh * dh) - pt;
    if (ih < 0 || ih >= i32(H)) { continue; }
    let x_row = ((n * C + c) * H + u32(ih)) * W;
    let dy_row = n * O * plane + oh * OW;
    for (var ow = 0u; ow < OW; ow = ow + 1u) {
      let at = dy_row + ow;
      let d = vec4<f32>(dys[at + d0], dys[at + d1], dys[at + d2], dys[at + d3]);
      let iw = i32(ow * sw);
      ${TAPS.map((k) => `{ let i = iw + off${k}; if (tap${k} && i >= 0 && i < i32(W)) { ${acc(k)} = ${acc(k)} + d * xs[x_row + u32(i)]; } }`).join('\n      ')}
    }
  }
  ${TAPS.map((k) => `partial[lid][${k}] = ${acc(k)};`).join(' ')}
  for (var s = ${THREADS / 2}u; s > 0u; s = s >> 1u) {
    workgroupBarrier();
    if (lid < s) {
      ${TAPS.map((k) => `partial[lid][${k}] = partial[lid][${k}] + partial[lid + s][${k}];`).join(' ')}
    }
  }
  workgroupBarrier();
  if (lid < ${FILTERS * taps}u) {
    let k = lid % ${taps}u; let j = lid / ${taps}u;
    if (kw0 + k < KW && o0 + j < O) {
      out[(((o0 + j) * C + c) * KH + kh) * KW + kw0 + k] = partial[0][k][j];
    }
  }
}`;
  // One dispatch per 65535 input channels (the grid's x limit); parameter word 15 is the first.
  for (let c0 = 0; c0 < g.channels; c0 += MAX_WORKGROUPS) {
    rt.dispatch({
      key: `conv2dBackpropFilter:direct:${taps}`,
      source,
      params: geometryParams([], g, c0),
      buffers: [x.buffer, dy.buffer, out],
      workgroups: [Math.min(g.channels - c0, MAX_WORKGROUPS), g.kernelHeight * tapGroups, Math.ceil(g.outChannels / FILTERS)],
    });
  }
}
