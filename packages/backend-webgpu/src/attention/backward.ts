/**
 * The fused attention backward (FlashAttention-2 style), from the packed forward output and its
 * gradient: a pass for D = Σ dO·O − dlse per query row, a query pass for dq and a key pass for
 * dk|dv (written into one [B, S, E + Ev] buffer and split by two copies, to stay within 8 storage
 * bindings per stage). The weights are recomputed from the stored logsumexp; no [L, S] matrix is
 * ever stored.
 *
 * Both gradient passes are written GEMM-style for CPU drivers (lavapipe runs a workgroup's threads
 * as SIMD lanes): a thread owns one output row, the other side's rows go through workgroup memory
 * STEP at a time, and the STEP scores, weights and score gradients of a step are named scalars
 * (unrolled here in TypeScript), never private arrays. Every inner loop runs over the features
 * with the same trip count for the whole workgroup, so the workgroup-memory reads are broadcasts
 * and each thread's own row is read once per feature per step. The thread's gradient row is
 * accumulated in place in the output buffer, which only it writes.
 */
import type { AttentionParams } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { requireFloat32 } from '../storage/storage-layout.js';
import { slice } from '../movement/strided-copy.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, workgroupsFor } from '../wgsl/prelude.js';
import { biasBinding, common, params, shapeOf, variant } from './shared.js';

/** The three gradient outputs. */
export interface AttentionGradBuffers {
  readonly dq: GPUBuffer;
  readonly dk: GPUBuffer;
  readonly dv: GPUBuffer;
}

/** Rows owned per workgroup in the backward passes (one per thread). */
const LANES = 64;
/** Rows of the other side staged in workgroup memory per step; its scores are named scalars. */
const STEP = 16;

const steps = Array.from({ length: STEP }, (_, n) => n);
/** One WGSL statement per step row, `n` substituted. */
const each = (line: (n: number) => string): string => steps.map(line).join('\n    ');
/** Σ over the step rows of `term(n)`. */
const sum = (term: (n: number) => string): string => steps.map(term).join(' + ');

/** WGSL shared by both gradient passes: the masked softmax weight. */
const WEIGHT = /* wgsl */ `
// exp(score − lse), or 0 where the pair is masked out or the row is fully masked (lse = −inf)
fn weight(score: f32, lse: f32, ok: bool) -> f32 {
  let neg_inf = -inf_f32();
  return select(0.0, exp(score - lse), ok && lse != neg_inf && score != neg_inf);
}`;

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

  // dq: a thread per query row, STEP key/value rows per step in workgroup memory
  rt.dispatch({
    key: `attentionBackwardQueries:${key}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['qs', 'f32'], ['ks', 'f32'], ['vs', 'f32'], ['douts', 'f32'], ['rows', 'f32'], ...biasBinding(hasBias)], [['dq', 'f32']])}
${common(s, hasBias)}
${WEIGHT}
var<workgroup> kt: array<f32, ${STEP * s.E}>;
var<workgroup> vt: array<f32, ${STEP * s.Ev}>;
${entryPoint(LANES)}
  let L = p[1]; let S = p[2]; let scale = pf(3);
  let tiles = (L + ${LANES - 1}u) / ${LANES}u;
  let wg = wid.x + wid.y * nwg.x;
  let b = wg / tiles;
  let i_first = (wg % tiles) * ${LANES}u;
  let i = i_first + lid;
  let live = i < L;
  let ic = min(i, L - 1u);
  let r = b * L + ic;
  let qb = r * E;
  let ob = r * W;
  let lse = rows[2u * r + 1u];
  let d_row = rows[2u * r];
  if (live) { for (var e = 0u; e < E; e++) { dq[qb + e] = 0.0; } }
  let step_end = ${p.causal ? `min(S, i_first + ${LANES}u)` : 'S'};
  for (var j0 = 0u; j0 < step_end; j0 += ${STEP}u) {
    workgroupBarrier();
    for (var t = lid; t < ${STEP}u * E; t += ${LANES}u) {
      let j = j0 + t / E;
      kt[t] = select(0.0, ks[(b * S + min(j, S - 1u)) * E + t % E], j < S);
    }
    for (var t = lid; t < ${STEP}u * EV; t += ${LANES}u) {
      let j = j0 + t / EV;
      vt[t] = select(0.0, vs[(b * S + min(j, S - 1u)) * EV + t % EV], j < S);
    }
    workgroupBarrier();
    ${each((n) => `var s${n} = 0.0;`)}
    for (var e = 0u; e < E; e++) {
      let qv = qs[qb + e];
      ${each((n) => `s${n} += qv * kt[${n}u * E + e];`)}
    }
    ${each((n) => `let w${n} = weight(s${n} * scale + bias_at(b, ic, min(j0 + ${n}u, S - 1u)), lse, j0 + ${n}u < S${p.causal ? ` && j0 + ${n}u <= i` : ''});`)}
    ${each((n) => `var dp${n} = 0.0;`)}
    for (var x = 0u; x < EV; x++) {
      let dv = douts[ob + x];
      ${each((n) => `dp${n} += dv * vt[${n}u * EV + x];`)}
    }
    ${each((n) => `let g${n} = w${n} * (dp${n} - d_row) * scale;`)}
    if (live) {
      for (var e = 0u; e < E; e++) { dq[qb + e] += ${sum((n) => `g${n} * kt[${n}u * E + e]`)}; }
    }
  }
}`,
    params: block,
    buffers: [q.buffer, k.buffer, v.buffer, dOut.buffer, rowsD, ...biasBuffers, grads.dq],
    workgroups: s.B * Math.ceil(s.L / LANES),
  });

  // dk, dv: a thread per key row, STEP query-side rows (q·scale, dO, lse, D) per step in workgroup memory
  rt.dispatch({
    key: `attentionBackwardKeys:${key}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['qs', 'f32'], ['ks', 'f32'], ['vs', 'f32'], ['douts', 'f32'], ['rows', 'f32'], ...biasBinding(hasBias)], [['dkv', 'f32']])}
${common(s, hasBias)}
${WEIGHT}
var<workgroup> qt: array<f32, ${STEP * s.E}>;
var<workgroup> dot_t: array<f32, ${STEP * s.Ev}>;
var<workgroup> lset: array<f32, ${STEP}>;
var<workgroup> dt: array<f32, ${STEP}>;
${entryPoint(LANES)}
  let L = p[1]; let S = p[2]; let scale = pf(3);
  let tiles = (S + ${LANES - 1}u) / ${LANES}u;
  let wg = wid.x + wid.y * nwg.x;
  let b = wg / tiles;
  let j_first = (wg % tiles) * ${LANES}u;
  let j = j_first + lid;
  let live = j < S;
  let jc = min(j, S - 1u);
  let kb = (b * S + jc) * E;
  let vb = (b * S + jc) * EV;
  let o = (b * S + jc) * (E + EV);
  if (live) { for (var t = 0u; t < E + EV; t++) { dkv[o + t] = 0.0; } }
  let neg_inf = -inf_f32();
  for (var i0 = ${p.causal ? 'j_first' : '0u'}; i0 < L; i0 += ${STEP}u) {
    workgroupBarrier();
    for (var t = lid; t < ${STEP}u * E; t += ${LANES}u) {
      let i = i0 + t / E;
      qt[t] = select(0.0, qs[(b * L + min(i, L - 1u)) * E + t % E] * scale, i < L);
    }
    for (var t = lid; t < ${STEP}u * EV; t += ${LANES}u) {
      let i = i0 + t / EV;
      dot_t[t] = select(0.0, douts[(b * L + min(i, L - 1u)) * W + t % EV], i < L);
    }
    if (lid < ${STEP}u) {
      let i = i0 + lid;
      let ir = 2u * (b * L + min(i, L - 1u));
      lset[lid] = select(neg_inf, rows[ir + 1u], i < L);
      dt[lid] = select(0.0, rows[ir], i < L);
    }
    workgroupBarrier();
    ${each((n) => `var s${n} = 0.0;`)}
    for (var e = 0u; e < E; e++) {
      let kv = ks[kb + e];
      ${each((n) => `s${n} += qt[${n}u * E + e] * kv;`)}
    }
    ${each((n) => `let w${n} = weight(s${n} + bias_at(b, min(i0 + ${n}u, L - 1u), jc), lset[${n}]${p.causal ? `, i0 + ${n}u >= j` : ', true'});`)}
    ${each((n) => `var dp${n} = 0.0;`)}
    for (var x = 0u; x < EV; x++) {
      let vv = vs[vb + x];
      ${each((n) => `dp${n} += dot_t[${n}u * EV + x] * vv;`)}
    }
    // qt holds q·scale, so Σ g·qt = scale·Σ dS·q
    ${each((n) => `let g${n} = w${n} * (dp${n} - dt[${n}]);`)}
    if (live) {
      for (var x = 0u; x < EV; x++) { dkv[o + E + x] += ${sum((n) => `w${n} * dot_t[${n}u * EV + x]`)}; }
      for (var e = 0u; e < E; e++) { dkv[o + e] += ${sum((n) => `g${n} * qt[${n}u * E + e]`)}; }
    }
  }
}`,
    params: block,
    buffers: [q.buffer, k.buffer, v.buffer, dOut.buffer, rowsD, ...biasBuffers, dkv],
    workgroups: s.B * Math.ceil(s.S / LANES),
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
