/**
 * The fused attention forward: a workgroup owns ROWS query rows, one per thread, and streams keys
 * and values through workgroup memory in tiles of TILE rows, keeping a running max, sum and
 * weighted value sum per row (online softmax). Writes the packed [B, L, Ev + 1] output (row, then
 * logsumexp); no [L, S] matrix is ever stored.
 */
import type { AttentionParams } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { requireFloat32 } from '../storage/storage-layout.js';
import { PRELUDE, bindings, entryPoint } from '../wgsl/prelude.js';
import { ROWS, TILE, biasBinding, common, params, shapeOf, variant } from './shared.js';

/** → packed [B, L, Ev + 1]. */
export function attentionForward(rt: GPURuntime, q: GPUInput, k: GPUInput, v: GPUInput, bias: GPUInput | null, p: AttentionParams, out: GPUBuffer): void {
  for (const t of [q, k, v, ...(bias ? [bias] : [])]) requireFloat32(t.dtype, 'attention', t.shape);
  const s = shapeOf(q, k, v);
  const tiles = Math.ceil(s.L / ROWS);
  rt.dispatch({
    key: `attention:${variant(s, bias, p)}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['qs', 'f32'], ['ks', 'f32'], ['vs', 'f32'], ...biasBinding(bias !== null)], [['out', 'f32']])}
${common(s, bias !== null)}
var<workgroup> kt: array<f32, ${TILE * s.E}>;
var<workgroup> vt: array<f32, ${TILE * s.Ev}>;
${entryPoint(ROWS)}
  let L = p[1]; let S = p[2]; let scale = pf(3);
  let tiles = (L + ROWS - 1u) / ROWS;
  let wg = wid.x + wid.y * nwg.x;
  let b = wg / tiles;
  let i0 = (wg % tiles) * ROWS;
  let i = i0 + lid;
  let live = i < L;
  let r = min(b * L + i, p[0] * L - 1u);
  var qr: array<f32, ${s.E}>;
  var acc: array<f32, ${s.Ev}>;
  for (var e = 0u; e < E; e++) { qr[e] = qs[r * E + e] * scale; }
  for (var c = 0u; c < EV; c++) { acc[c] = 0.0; }
  let neg_inf = -inf_f32();
  var m = neg_inf;
  var l = 0.0;
  let row_end = select(0u, ${p.causal ? 'min(S, i + 1u)' : 'S'}, live);
  let tile_end = ${p.causal ? 'min(S, i0 + ROWS)' : 'S'};
  for (var j0 = 0u; j0 < tile_end; j0 += TILE) {
    workgroupBarrier();
    for (var t = lid; t < TILE * E; t += ROWS) {
      let j = j0 + t / E;
      kt[t] = select(0.0, ks[(b * S + min(j, S - 1u)) * E + t % E], j < S);
    }
    for (var t = lid; t < TILE * EV; t += ROWS) {
      let j = j0 + t / EV;
      vt[t] = select(0.0, vs[(b * S + min(j, S - 1u)) * EV + t % EV], j < S);
    }
    workgroupBarrier();
    let n = select(0u, min(TILE, row_end - j0), row_end > j0);
    var sc: array<f32, ${TILE}>;
    var block_max = neg_inf;
    for (var jj = 0u; jj < n; jj++) {
      var d = 0.0;
      for (var e = 0u; e < E; e++) { d += qr[e] * kt[jj * E + e]; }
      d += bias_at(b, i, j0 + jj);
      sc[jj] = d;
      block_max = max(block_max, d);
    }
    if (block_max > m) {
      let c = select(exp(m - block_max), 0.0, m == neg_inf);
      l *= c;
      for (var x = 0u; x < EV; x++) { acc[x] *= c; }
      m = block_max;
    }
    for (var jj = 0u; jj < n; jj++) {
      if (sc[jj] == neg_inf) { continue; }
      let w = exp(sc[jj] - m);
      l += w;
      for (var x = 0u; x < EV; x++) { acc[x] += w * vt[jj * EV + x]; }
    }
  }
  if (live) {
    let o = (b * L + i) * W;
    let inv = select(0.0, 1.0 / l, l > 0.0);
    for (var x = 0u; x < EV; x++) { out[o + x] = acc[x] * inv; }
    out[o + EV] = select(neg_inf, m + log(l), l > 0.0);
  }
}`,
    params: params(s, bias, p),
    buffers: [q.buffer, k.buffer, v.buffer, ...(bias ? [bias.buffer] : []), out],
    workgroups: s.B * tiles,
  });
}
