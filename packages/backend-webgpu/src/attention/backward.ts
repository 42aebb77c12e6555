/**
 * The fused attention backward, from the packed forward output and its gradient: a pass for
 * D = Σ dO·O − dlse per query row, a query pass for dq and a key pass for dk|dv (written into one
 * [B, S, E + Ev] buffer and split by two copies, to stay within 8 storage bindings per stage). The
 * weights are recomputed from the stored logsumexp; no [L, S] matrix is ever stored.
 */
import type { AttentionParams } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { requireFloat32 } from '../storage/storage-layout.js';
import { slice } from '../movement/strided-copy.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, workgroupsFor } from '../wgsl/prelude.js';
import { ROWS, TILE, biasBinding, common, params, shapeOf, variant } from './shared.js';

/** The three gradient outputs. */
export interface AttentionGradBuffers {
  readonly dq: GPUBuffer;
  readonly dk: GPUBuffer;
  readonly dv: GPUBuffer;
}

/** dq, dk, dv from the packed output and its gradient: a D pass, a query pass and a key pass. */
export function attentionBackward(
  rt: GPURuntime, q: GPUInput, k: GPUInput, v: GPUInput, bias: GPUInput | null, out: GPUInput, dOut: GPUInput, p: AttentionParams, grads: AttentionGradBuffers,
): void {
  for (const t of [q, k, v, out, dOut, ...(bias ? [bias] : [])]) requireFloat32(t.dtype, 'attentionBackward', t.shape);
  const s = shapeOf(q, k, v);
  const hasBias = bias !== null;
  const key = variant(s, bias, p);
  const block = params(s, bias, p);
  const biasBuffers = bias ? [bias.buffer] : [];
  const rowsD = rt.storage.acquire(Math.max(1, s.B * s.L) * 8);
  const dkv = rt.storage.acquire(Math.max(1, s.B * s.S * (s.E + s.Ev)) * 4);

  // rows[2r] = D = Σ dO·O − dlse and rows[2r + 1] = lse, one thread per query row
  rt.dispatch({
    key: `attentionRowDots:Ev${s.Ev}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['outs', 'f32'], ['douts', 'f32']], [['rows', 'f32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  let r = (wid.x + wid.y * nwg.x) * ${ELEMENTWISE_WORKGROUP}u + lid;
  if (r >= p[0] * p[1]) { return; }
  let o = r * ${s.Ev + 1}u;
  var d = -douts[o + ${s.Ev}u];
  for (var x = 0u; x < ${s.Ev}u; x++) { d += douts[o + x] * outs[o + x]; }
  rows[2u * r] = d;
  rows[2u * r + 1u] = outs[o + ${s.Ev}u];
}`,
    params: block,
    buffers: [out.buffer, dOut.buffer, rowsD],
    workgroups: workgroupsFor(s.B * s.L),
  });

  // dq: a workgroup per ROWS query rows, key/value tiles in workgroup memory
  const queryTiles = Math.ceil(s.L / ROWS);
  rt.dispatch({
    key: `attentionBackwardQueries:${key}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['qs', 'f32'], ['ks', 'f32'], ['vs', 'f32'], ['douts', 'f32'], ['rows', 'f32'], ...biasBinding(hasBias)], [['dq', 'f32']])}
${common(s, hasBias)}
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
  var dor: array<f32, ${s.Ev}>;
  var dqr: array<f32, ${s.E}>;
  for (var e = 0u; e < E; e++) { qr[e] = qs[r * E + e] * scale; dqr[e] = 0.0; }
  for (var x = 0u; x < EV; x++) { dor[x] = douts[r * W + x]; }
  let neg_inf = -inf_f32();
  let lse = rows[2u * r + 1u];
  let d_row = rows[2u * r];
  let row_end = select(0u, ${p.causal ? 'min(S, i + 1u)' : 'S'}, live && lse != neg_inf);
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
    for (var jj = 0u; jj < n; jj++) {
      var sv = 0.0;
      for (var e = 0u; e < E; e++) { sv += qr[e] * kt[jj * E + e]; }
      sv += bias_at(b, i, j0 + jj);
      if (sv == neg_inf) { continue; }
      let w = exp(sv - lse);
      var dp = 0.0;
      for (var x = 0u; x < EV; x++) { dp += dor[x] * vt[jj * EV + x]; }
      let ds = w * (dp - d_row) * scale;
      for (var e = 0u; e < E; e++) { dqr[e] += ds * kt[jj * E + e]; }
    }
  }
  if (live) {
    for (var e = 0u; e < E; e++) { dq[r * E + e] = dqr[e]; }
  }
}`,
    params: block,
    buffers: [q.buffer, k.buffer, v.buffer, dOut.buffer, rowsD, ...biasBuffers, grads.dq],
    workgroups: s.B * queryTiles,
  });

  // dk, dv: a workgroup per ROWS key rows, query-side tiles (q, dO, lse, D) in workgroup memory
  const keyTiles = Math.ceil(s.S / ROWS);
  rt.dispatch({
    key: `attentionBackwardKeys:${key}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['qs', 'f32'], ['ks', 'f32'], ['vs', 'f32'], ['douts', 'f32'], ['rows', 'f32'], ...biasBinding(hasBias)], [['dkv', 'f32']])}
${common(s, hasBias)}
var<workgroup> qt: array<f32, ${TILE * s.E}>;
var<workgroup> dot_t: array<f32, ${TILE * s.Ev}>;
var<workgroup> lset: array<f32, ${TILE}>;
var<workgroup> dt: array<f32, ${TILE}>;
${entryPoint(ROWS)}
  let L = p[1]; let S = p[2]; let scale = pf(3);
  let tiles = (S + ROWS - 1u) / ROWS;
  let wg = wid.x + wid.y * nwg.x;
  let b = wg / tiles;
  let j_first = (wg % tiles) * ROWS;
  let j = j_first + lid;
  let live = j < S;
  let r = min(b * S + j, p[0] * S - 1u);
  var kr: array<f32, ${s.E}>;
  var vr: array<f32, ${s.Ev}>;
  var dkr: array<f32, ${s.E}>;
  var dvr: array<f32, ${s.Ev}>;
  for (var e = 0u; e < E; e++) { kr[e] = ks[r * E + e]; dkr[e] = 0.0; }
  for (var x = 0u; x < EV; x++) { vr[x] = vs[r * EV + x]; dvr[x] = 0.0; }
  let neg_inf = -inf_f32();
  let start = ${p.causal ? '(j_first / TILE) * TILE' : '0u'};
  for (var i0 = start; i0 < L; i0 += TILE) {
    workgroupBarrier();
    for (var t = lid; t < TILE * E; t += ROWS) {
      let i = i0 + t / E;
      qt[t] = select(0.0, qs[(b * L + min(i, L - 1u)) * E + t % E] * scale, i < L);
    }
    for (var t = lid; t < TILE * EV; t += ROWS) {
      let i = i0 + t / EV;
      dot_t[t] = select(0.0, douts[(b * L + min(i, L - 1u)) * W + t % EV], i < L);
    }
    for (var t = lid; t < TILE; t += ROWS) {
      let i = min(i0 + t, L - 1u);
      lset[t] = select(neg_inf, rows[2u * (b * L + i) + 1u], i0 + t < L);
      dt[t] = rows[2u * (b * L + i)];
    }
    workgroupBarrier();
    for (var ii = 0u; ii < select(0u, TILE, live); ii++) {
      let i = i0 + ii;
      let lse = lset[ii];
      if (lse == neg_inf${p.causal ? ' || i < j' : ''}) { continue; }
      var sv = 0.0;
      for (var e = 0u; e < E; e++) { sv += qt[ii * E + e] * kr[e]; }
      sv += bias_at(b, i, j);
      if (sv == neg_inf) { continue; }
      let w = exp(sv - lse);
      var dp = 0.0;
      for (var x = 0u; x < EV; x++) { dp += dot_t[ii * EV + x] * vr[x]; }
      // qt holds q·scale, so ds·qt = scale·dS·q
      let ds = w * (dp - dt[ii]);
      for (var x = 0u; x < EV; x++) { dvr[x] += w * dot_t[ii * EV + x]; }
      for (var e = 0u; e < E; e++) { dkr[e] += ds * qt[ii * E + e]; }
    }
  }
  if (live) {
    for (var e = 0u; e < E; e++) { dkv[r * (E + EV) + e] = dkr[e]; }
    for (var x = 0u; x < EV; x++) { dkv[r * (E + EV) + E + x] = dvr[x]; }
  }
}`,
    params: block,
    buffers: [q.buffer, k.buffer, v.buffer, dOut.buffer, rowsD, ...biasBuffers, dkv],
    workgroups: s.B * keyTiles,
  });
  // split the packed [B, S, E + Ev] key gradients into dk and dv
  const packed = { buffer: dkv, shape: [s.B, s.S, s.E + s.Ev], dtype: q.dtype };
  slice(rt, packed, [0, 0, 0], [s.B, s.S, s.E], grads.dk);
  slice(rt, packed, [0, 0, s.E], [s.B, s.S, s.Ev], grads.dv);
  rt.whenSubmitted(() => {
    rt.storage.release(rowsD);
    rt.storage.release(dkv);
  });
}
