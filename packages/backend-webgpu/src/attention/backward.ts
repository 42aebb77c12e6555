/**
 * The fused attention backward (FlashAttention-2 style), from the packed forward output and its
 * gradient: a row pass (D = Σ dO·O − dlse and lse per query row, and dO unpacked), a query pass
 * for dq and a key pass for dk|dv (written into one [B, S, E + Ev] buffer and split by two copies,
 * to stay within 8 storage bindings per stage). The weights are recomputed from the stored
 * logsumexp; no [L, S] matrix is ever stored.
 *
 * Both gradient passes are written for CPU drivers as well as GPUs. A thread owns one output row
 * and accumulates it in place in the output buffer, which only it writes; the other side's rows go
 * through workgroup memory STEP at a time, and the STEP scores, weights and score gradients of a
 * step are named scalars (unrolled here in TypeScript), never private arrays. Every inner loop
 * runs over the features with the same trip count for the whole workgroup. Features are read four
 * at a time (vec4) when both head sizes allow it: lavapipe turns each memory access inside a loop
 * into a per-lane loop, so the number of accesses, not the arithmetic, sets the pace there.
 */
import type { AttentionParams } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { requireFloat32 } from '../storage/storage-layout.js';
import { slice } from '../movement/strided-copy.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, workgroupsFor } from '../wgsl/prelude.js';
import { type Shape, biasBinding, common, params, shapeOf, variant } from './shared.js';

/** The three gradient outputs. */
export interface AttentionGradBuffers {
  readonly dq: GPUBuffer;
  readonly dk: GPUBuffer;
  readonly dv: GPUBuffer;
}

/** Rows owned per workgroup in the gradient passes (one per thread). */
const LANES = 64;
/** Rows of the other side staged in workgroup memory per step; their scores are named scalars. */
const STEP = 16;

const steps = Array.from({ length: STEP }, (_, n) => n);
const quads = Array.from({ length: STEP / 4 }, (_, m) => m);
/** One WGSL statement per step row, `n` substituted. */
const each = (line: (n: number) => string): string => steps.map(line).join('\n    ');
/** Σ over the step rows of `term(n)`. */
const sum = (term: (n: number) => string): string => steps.map(term).join(' + ');

/** How features are loaded: four at a time when both head sizes are multiples of 4. */
interface Lanes {
  /** Features per element: 4 or 1. */
  readonly width: 4 | 1;
  /** The element type. */
  readonly type: string;
  /** Σ a·b over one element's features. */
  readonly dot: (a: string, b: string) => string;
}

function lanesFor(s: Shape): Lanes {
  return s.E % 4 === 0 && s.Ev % 4 === 0
    ? { width: 4, type: 'vec4<f32>', dot: (a, b) => `dot(${a}, ${b})` }
    : { width: 1, type: 'f32', dot: (a, b) => `${a} * ${b}` };
}

/** WGSL shared by both gradient passes: element counts per row and the masked softmax weight. */
function gradientCommon(s: Shape, f: Lanes): string {
  return /* wgsl */ `
alias F = ${f.type};
const EN = ${s.E / f.width}u;
const EVN = ${s.Ev / f.width}u;
const LANES = ${LANES}u;
const STEP = ${STEP}u;
// exp(score − lse), or 0 where the pair is masked out or the row is fully masked (lse = −inf)
fn weight(score: f32, lse: f32, ok: bool) -> f32 {
  let neg_inf = -inf_f32();
  return select(0.0, exp(score - lse), ok && lse != neg_inf && score != neg_inf);
}`;
}

/** dq, dk, dv from the packed output and its gradient: a row pass, a query pass and a key pass. */
export function attentionBackward(
  rt: GPURuntime, q: GPUInput, k: GPUInput, v: GPUInput, bias: GPUInput | null, out: GPUInput, dOut: GPUInput, p: AttentionParams, grads: AttentionGradBuffers,
): void {
  for (const t of [q, k, v, out, dOut, ...(bias ? [bias] : [])]) requireFloat32(t.dtype, 'attentionBackward', t.shape);
  const s = shapeOf(q, k, v);
  const f = lanesFor(s);
  const hasBias = bias !== null;
  const key = variant(s, bias, p);
  const block = params(s, bias, p);
  const biasBuffers = bias ? [bias.buffer] : [];
  const rowsD = rt.storage.acquire(Math.max(1, s.B * s.L) * 8);
  const dos = rt.storage.acquire(Math.max(1, s.B * s.L * s.Ev) * 4);
  const dkv = rt.storage.acquire(Math.max(1, s.B * s.S * (s.E + s.Ev)) * 4);
  const inputs: [string, string][] = [['qs', 'F'], ['ks', 'F'], ['vs', 'F'], ['dos', 'F'], ['rows', 'f32'], ...biasBinding(hasBias)];

  // rows[2r] = D = Σ dO·O − dlse, rows[2r + 1] = lse and dos = dO without its lse column, a thread per query row
  rt.dispatch({
    key: `attentionRowDots:Ev${s.Ev}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['outs', 'f32'], ['douts', 'f32']], [['rows', 'f32'], ['dos', 'f32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  let r = (wid.x + wid.y * nwg.x) * ${ELEMENTWISE_WORKGROUP}u + lid;
  if (r >= p[0] * p[1]) { return; }
  let o = r * ${s.Ev + 1}u;
  var d = -douts[o + ${s.Ev}u];
  for (var x = 0u; x < ${s.Ev}u; x++) {
    let g = douts[o + x];
    d += g * outs[o + x];
    dos[r * ${s.Ev}u + x] = g;
  }
  rows[2u * r] = d;
  rows[2u * r + 1u] = outs[o + ${s.Ev}u];
}`,
    params: block,
    buffers: [out.buffer, dOut.buffer, rowsD, dos],
    workgroups: workgroupsFor(s.B * s.L),
  });

  // dq: a thread per query row, STEP key/value rows per step in workgroup memory
  rt.dispatch({
    key: `attentionBackwardQueries:${key}`,
    source: () => /* wgsl */ `${PRELUDE}
${gradientCommon(s, f)}
${bindings(inputs, [['dq', 'F']])}
${common(s, hasBias)}
var<workgroup> kt: array<F, ${STEP * (s.E / f.width)}>;
var<workgroup> vt: array<F, ${STEP * (s.Ev / f.width)}>;
${entryPoint(LANES)}
  let L = p[1]; let S = p[2]; let scale = pf(3);
  let tiles = (L + LANES - 1u) / LANES;
  let wg = wid.x + wid.y * nwg.x;
  let b = wg / tiles;
  let i_first = (wg % tiles) * LANES;
  let i = i_first + lid;
  let live = i < L;
  let ic = min(i, L - 1u);
  let r = b * L + ic;
  let qb = r * EN;
  let ob = r * EVN;
  let lse = rows[2u * r + 1u];
  let d_row = rows[2u * r];
  if (live) { for (var e = 0u; e < EN; e++) { dq[qb + e] = F(0.0); } }
  let step_end = ${p.causal ? 'min(S, i_first + LANES)' : 'S'};
  for (var j0 = 0u; j0 < step_end; j0 += STEP) {
    workgroupBarrier();
    for (var t = lid; t < STEP * EN; t += LANES) {
      let j = j0 + t / EN;
      kt[t] = select(F(0.0), ks[(b * S + min(j, S - 1u)) * EN + t % EN], j < S);
    }
    for (var t = lid; t < STEP * EVN; t += LANES) {
      let j = j0 + t / EVN;
      vt[t] = select(F(0.0), vs[(b * S + min(j, S - 1u)) * EVN + t % EVN], j < S);
    }
    workgroupBarrier();
    ${each((n) => `var s${n} = 0.0;`)}
    for (var e = 0u; e < EN; e++) {
      let qv = qs[qb + e];
      ${each((n) => `s${n} += ${f.dot('qv', `kt[${n}u * EN + e]`)};`)}
    }
    ${each((n) => `let w${n} = weight(s${n} * scale + bias_at(b, ic, min(j0 + ${n}u, S - 1u)), lse, j0 + ${n}u < S${p.causal ? ` && j0 + ${n}u <= i` : ''});`)}
    ${each((n) => `var dp${n} = 0.0;`)}
    for (var x = 0u; x < EVN; x++) {
      let dv = dos[ob + x];
      ${each((n) => `dp${n} += ${f.dot('dv', `vt[${n}u * EVN + x]`)};`)}
    }
    ${each((n) => `let g${n} = w${n} * (dp${n} - d_row) * scale;`)}
    if (live) {
      for (var e = 0u; e < EN; e++) { dq[qb + e] += ${sum((n) => `g${n} * kt[${n}u * EN + e]`)}; }
    }
  }
}`,
    params: block,
    buffers: [q.buffer, k.buffer, v.buffer, dos, rowsD, ...biasBuffers, grads.dq],
    workgroups: s.B * Math.ceil(s.L / LANES),
  });

  // dk, dv: a thread per key row, STEP query-side rows (q·scale, dO, lse, D) per step in workgroup memory
  rt.dispatch({
    key: `attentionBackwardKeys:${key}`,
    source: () => /* wgsl */ `${PRELUDE}
${gradientCommon(s, f)}
${bindings(inputs, [['dkv', 'F']])}
${common(s, hasBias)}
var<workgroup> qt: array<F, ${STEP * (s.E / f.width)}>;
var<workgroup> dot_t: array<F, ${STEP * (s.Ev / f.width)}>;
var<workgroup> lse4: array<vec4<f32>, ${STEP / 4}>;
var<workgroup> d4: array<vec4<f32>, ${STEP / 4}>;
// lse of query row i (−inf past the end) and D (0 past the end)
fn lse_at(b: u32, i: u32, L: u32) -> f32 { return select(-inf_f32(), rows[2u * (b * L + min(i, L - 1u)) + 1u], i < L); }
fn d_at(b: u32, i: u32, L: u32) -> f32 { return select(0.0, rows[2u * (b * L + min(i, L - 1u))], i < L); }
${entryPoint(LANES)}
  let L = p[1]; let S = p[2]; let scale = pf(3);
  let tiles = (S + LANES - 1u) / LANES;
  let wg = wid.x + wid.y * nwg.x;
  let b = wg / tiles;
  let j_first = (wg % tiles) * LANES;
  let j = j_first + lid;
  let live = j < S;
  let jc = min(j, S - 1u);
  let kb = (b * S + jc) * EN;
  let vb = (b * S + jc) * EVN;
  let o = (b * S + jc) * (EN + EVN);
  if (live) { for (var t = 0u; t < EN + EVN; t++) { dkv[o + t] = F(0.0); } }
  for (var i0 = ${p.causal ? 'j_first' : '0u'}; i0 < L; i0 += STEP) {
    workgroupBarrier();
    for (var t = lid; t < STEP * EN; t += LANES) {
      let i = i0 + t / EN;
      qt[t] = select(F(0.0), qs[(b * L + min(i, L - 1u)) * EN + t % EN] * scale, i < L);
    }
    for (var t = lid; t < STEP * EVN; t += LANES) {
      let i = i0 + t / EVN;
      dot_t[t] = select(F(0.0), dos[(b * L + min(i, L - 1u)) * EVN + t % EVN], i < L);
    }
    if (lid < STEP / 4u) {
      let i = i0 + 4u * lid;
      lse4[lid] = vec4(lse_at(b, i, L), lse_at(b, i + 1u, L), lse_at(b, i + 2u, L), lse_at(b, i + 3u, L));
      d4[lid] = vec4(d_at(b, i, L), d_at(b, i + 1u, L), d_at(b, i + 2u, L), d_at(b, i + 3u, L));
    }
    workgroupBarrier();
    ${quads.map((m) => `let lse_${m} = lse4[${m}]; let d_${m} = d4[${m}];`).join('\n    ')}
    ${each((n) => `var s${n} = 0.0;`)}
    for (var e = 0u; e < EN; e++) {
      let kv = ks[kb + e];
      ${each((n) => `s${n} += ${f.dot(`qt[${n}u * EN + e]`, 'kv')};`)}
    }
    ${each((n) => `let w${n} = weight(s${n} + bias_at(b, min(i0 + ${n}u, L - 1u), jc), lse_${n >> 2}[${n & 3}]${p.causal ? `, i0 + ${n}u >= j` : ', true'});`)}
    ${each((n) => `var dp${n} = 0.0;`)}
    for (var x = 0u; x < EVN; x++) {
      let vv = vs[vb + x];
      ${each((n) => `dp${n} += ${f.dot(`dot_t[${n}u * EVN + x]`, 'vv')};`)}
    }
    // qt holds q·scale, so Σ g·qt = scale·Σ dS·q
    ${each((n) => `let g${n} = w${n} * (dp${n} - d_${n >> 2}[${n & 3}]);`)}
    if (live) {
      for (var x = 0u; x < EVN; x++) { dkv[o + EN + x] += ${sum((n) => `w${n} * dot_t[${n}u * EVN + x]`)}; }
      for (var e = 0u; e < EN; e++) { dkv[o + e] += ${sum((n) => `g${n} * qt[${n}u * EN + e]`)}; }
    }
  }
}`,
    params: block,
    buffers: [q.buffer, k.buffer, v.buffer, dos, rowsD, ...biasBuffers, dkv],
    workgroups: s.B * Math.ceil(s.S / LANES),
  });
  // split the packed [B, S, E + Ev] key gradients into dk and dv
  const packed = { buffer: dkv, shape: [s.B, s.S, s.E + s.Ev], dtype: q.dtype };
  slice(rt, packed, [0, 0, 0], [s.B, s.S, s.E], grads.dk);
  slice(rt, packed, [0, 0, s.E], [s.B, s.S, s.Ev], grads.dv);
  rt.whenSubmitted(() => {
    rt.storage.release(rowsD);
    rt.storage.release(dos);
    rt.storage.release(dkv);
  });
}
