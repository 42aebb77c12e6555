/**
 * The fused attention backward (FlashAttention-2 style), from the packed forward output and its
 * gradient: a row pass (D = Σ dO·O − dlse and lse per query row, and dO without its lse column), a
 * query pass for dq and a key pass for dk|dv (written into one [B, S, E + Ev] buffer and split by
 * two copies, to stay within 8 storage bindings per stage). The weights are recomputed from the
 * stored logsumexp; no [L, S] matrix is ever stored.
 *
 * Both gradient passes are written GEMM-style, for CPU drivers as well as GPUs:
 * - a thread owns ROWS output rows (rows lane, lane + LANES, …) and accumulates them in private
 *   arrays, written to the output once at the end (lavapipe makes every storage access inside a
 *   loop a per-lane sequence with a bounds branch; private arrays are cheaper);
 * - the other side's rows go through workgroup memory STEP at a time, transposed so that one vec4
 *   read gives a feature of four staged rows, and the ROWS × STEP scores,
 *   weights and score gradients of a step are named vec4s (four staged rows each, unrolled here in
 *   TypeScript), never private arrays — few variables, which SwiftShader needs to compile the
 *   shader in reasonable time (one variable per score made Chromium's GPU watchdog fire);
 * - every inner loop runs over the features with the same trip count for the whole workgroup, and
 *   each value it reads feeds ROWS or STEP multiply-adds.
 * Lavapipe (Mesa 25.0) turns every memory access inside a loop into a loop over the SIMD lanes,
 * uniform address or not, so accesses per multiply-add set its speed and the number of accesses
 * written in the shader sets its compile time; vec4 reads of the staged rows and scalar reads of
 * the owned rows, with a ROWS × STEP register tile, keep both low.
 */
import type { AttentionParams } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { requireFloat32 } from '../storage/storage-layout.js';
import { slice } from '../movement/strided-copy.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, workgroupsFor } from '../wgsl/prelude.js';
import { FEATURE_BOUNDS, biasBinding, common, params, range, shapeOf, variant } from './shared.js';

/** The three gradient outputs. */
export interface AttentionGradBuffers {
  readonly dq: GPUBuffer;
  readonly dk: GPUBuffer;
  readonly dv: GPUBuffer;
}

/**
 * Threads per workgroup in the gradient passes. 16 threads × 4 rows ran the T = 256 backward in
 * ≈ 70 CPU-ms on lavapipe against ≈ 100 for 32 × 2 (each staged read feeds 4 rows), for ≈ 1.3× the
 * cold compile.
 */
const LANES = 16;
/** Output rows each thread owns (rows lane, lane + LANES, …). */
const ROWS = 4;
/** Rows of the other side staged in workgroup memory per step (a multiple of 4). */
const STEP = 8;
/** Output rows per workgroup. */
const BLOCK = LANES * ROWS;

const owned = range(ROWS);
/** One WGSL statement per owned row `r`. */
const perRow = (line: (r: number) => string): string => owned.map(line).join('\n    ');
/** The staged rows in groups of four: their scores, weights and score gradients are vec4s. */
const quads = range(STEP / 4);
/** One WGSL statement per (owned row, quad of staged rows) pair. */
const perQuad = (line: (r: number, m: number) => string): string => owned.map((r) => quads.map((m) => line(r, m)).join('\n    ')).join('\n    ');
/** One WGSL statement per quad of staged rows. */
const eachQuad = (line: (m: number) => string): string => quads.map(line).join('\n    ');
/** `vec4(f(4m), f(4m + 1), f(4m + 2), f(4m + 3))`. */
const vec4Of = (m: number, f: (n: number) => string): string => `vec4<f32>(${range(4).map((u) => f(4 * m + u)).join(', ')})`;
/**
 * WGSL statements staging STEP rows (from `first`) of a [·, width] buffer into the workgroup array
 * `tile`, transposed to [feature][quad] vec4s (rows 4m … 4m + 3 of quad m), zero past `limit`:
 * each inner-loop read is then one vec4 for four staged rows.
 */
const stageQuads = (tile: string, src: string, width: string, base: string, first: string, limit: string, factor = ''): string => /* wgsl */ `
    for (var t = lid; t < QUADS * ${width}; t += LANES) {
      let f = t / QUADS;
      let r0 = ${first} + 4u * (t % QUADS);
      ${tile}[t] = vec4<f32>(${range(4).map((u) => `select(0.0, ${src}[(${base} + min(r0 + ${u}u, ${limit} - 1u)) * ${width} + f]${factor}, r0 + ${u}u < ${limit})`).join(', ')});
    }`;
/** Σ over the quads of `term(m)`. */
const sumQuads = (term: (m: number) => string): string => quads.map(term).join(' + ');

/** WGSL shared by both gradient passes: the sizes and the masked softmax weight. */
const GRADIENT_COMMON = /* wgsl */ `
const LANES = ${LANES}u;
const STEP = ${STEP}u;
const QUADS = ${STEP / 4}u;
const BLOCK = ${BLOCK}u;
// exp(score − lse), or 0 where the pair is masked out or the row is fully masked (lse = −inf)
fn weight(score: vec4<f32>, lse: vec4<f32>, ok: vec4<bool>) -> vec4<f32> {
  let neg_inf = vec4<f32>(-inf_f32());
  return select(vec4<f32>(0.0), exp(score - lse), ok & (lse != neg_inf) & (score != neg_inf));
}`;

/** dq, dk, dv from the packed output and its gradient: a row pass, a query pass and a key pass. */
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
  const dos = rt.storage.acquire(Math.max(1, s.B * s.L * s.Ev) * 4);
  const dkv = rt.storage.acquire(Math.max(1, s.B * s.S * (s.E + s.Ev)) * 4);
  const inputs: [string, string][] = [['qs', 'f32'], ['ks', 'f32'], ['vs', 'f32'], ['dos', 'f32'], ['rows', 'f32'], ...biasBinding(hasBias)];

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

  // dq: a thread per ROWS query rows, STEP key/value rows per step in workgroup memory
  rt.dispatch({
    key: `attentionBackwardQueries:${key}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings(inputs, [['dq', 'f32']])}
${common(s, hasBias)}
${GRADIENT_COMMON}
var<workgroup> kt: array<vec4<f32>, ${(STEP / 4) * s.E}>;
var<workgroup> vt: array<vec4<f32>, ${(STEP / 4) * s.Ev}>;
${entryPoint(LANES)}
  let L = p[1]; let S = p[2]; let scale = pf(3);
  ${FEATURE_BOUNDS}
  let tiles = (L + BLOCK - 1u) / BLOCK;
  let wg = wid.x + wid.y * nwg.x;
  let b = wg / tiles;
  let i_first = (wg % tiles) * BLOCK;
  ${perRow((r) => `let i${r} = i_first + lid + ${r * LANES}u;
    let live${r} = i${r} < L;
    let row${r} = b * L + min(i${r}, L - 1u);
    let lse${r} = rows[2u * row${r} + 1u];
    let d${r} = rows[2u * row${r}];
    var acc${r}: array<f32, ${s.E}>;
    for (var e = 0u; e < ne; e++) { acc${r}[e] = 0.0; }`)}
  let step_end = ${p.causal ? 'min(S, i_first + BLOCK)' : 'S'};
  for (var j0 = 0u; j0 < step_end; j0 += STEP) {
    workgroupBarrier();
${stageQuads('kt', 'ks', 'E', 'b * S', 'j0', 'S')}
${stageQuads('vt', 'vs', 'EV', 'b * S', 'j0', 'S')}
    workgroupBarrier();
    ${perQuad((r, m) => `var s${r}_${m} = vec4<f32>(0.0);`)}
    for (var e = 0u; e < ne; e++) {
      ${perRow((r) => `let q${r} = qs[row${r} * E + e];`)}
      ${eachQuad((m) => `let k${m} = kt[e * QUADS + ${m}u];`)}
      ${perQuad((r, m) => `s${r}_${m} += q${r} * k${m};`)}
    }
    ${eachQuad((m) => `let jq${m} = vec4<u32>(j0) + vec4<u32>(${4 * m}u, ${4 * m + 1}u, ${4 * m + 2}u, ${4 * m + 3}u);`)}
    ${perQuad((r, m) => `let w${r}_${m} = weight(s${r}_${m} * scale + ${vec4Of(m, (n) => `bias_at(b, min(i${r}, L - 1u), min(j0 + ${n}u, S - 1u))`)}, vec4<f32>(lse${r}), (jq${m} < vec4<u32>(S))${p.causal ? ` & (jq${m} <= vec4<u32>(i${r}))` : ''});`)}
    ${perQuad((r, m) => `var dp${r}_${m} = vec4<f32>(0.0);`)}
    for (var x = 0u; x < nev; x++) {
      ${perRow((r) => `let g${r} = dos[row${r} * EV + x];`)}
      ${eachQuad((m) => `let v${m} = vt[x * QUADS + ${m}u];`)}
      ${perQuad((r, m) => `dp${r}_${m} += g${r} * v${m};`)}
    }
    ${perQuad((r, m) => `let ds${r}_${m} = w${r}_${m} * (dp${r}_${m} - d${r}) * scale;`)}
    for (var e = 0u; e < ne; e++) {
      ${eachQuad((m) => `let k${m} = kt[e * QUADS + ${m}u];`)}
      ${perRow((r) => `acc${r}[e] += ${sumQuads((m) => `dot(ds${r}_${m}, k${m})`)};`)}
    }
  }
  ${perRow((r) => `if (live${r}) { for (var e = 0u; e < ne; e++) { dq[row${r} * E + e] = acc${r}[e]; } }`)}
}`,
    params: block,
    buffers: [q.buffer, k.buffer, v.buffer, dos, rowsD, ...biasBuffers, grads.dq],
    workgroups: s.B * Math.ceil(s.L / BLOCK),
  });

  // dk, dv: a thread per ROWS key rows, STEP query-side rows (q·scale, dO, lse, D) per step in workgroup memory
  rt.dispatch({
    key: `attentionBackwardKeys:${key}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings(inputs, [['dkv', 'f32']])}
${common(s, hasBias)}
${GRADIENT_COMMON}
var<workgroup> qt: array<vec4<f32>, ${(STEP / 4) * s.E}>;
var<workgroup> dot_t: array<vec4<f32>, ${(STEP / 4) * s.Ev}>;
var<workgroup> lset: array<f32, ${STEP}>;
var<workgroup> dt: array<f32, ${STEP}>;
${entryPoint(LANES)}
  let L = p[1]; let S = p[2]; let scale = pf(3);
  ${FEATURE_BOUNDS}
  let tiles = (S + BLOCK - 1u) / BLOCK;
  let wg = wid.x + wid.y * nwg.x;
  let b = wg / tiles;
  let j_first = (wg % tiles) * BLOCK;
  ${perRow((r) => `let j${r} = j_first + lid + ${r * LANES}u;
    let live${r} = j${r} < S;
    let row${r} = b * S + min(j${r}, S - 1u);
    var dk${r}: array<f32, ${s.E}>;
    var dv${r}: array<f32, ${s.Ev}>;
    for (var e = 0u; e < ne; e++) { dk${r}[e] = 0.0; }
    for (var x = 0u; x < nev; x++) { dv${r}[x] = 0.0; }`)}
  let neg_inf = -inf_f32();
  for (var i0 = ${p.causal ? 'j_first' : '0u'}; i0 < L; i0 += STEP) {
    workgroupBarrier();
${stageQuads('qt', 'qs', 'E', 'b * L', 'i0', 'L', ' * scale')}
${stageQuads('dot_t', 'dos', 'EV', 'b * L', 'i0', 'L')}
    if (lid < STEP) {
      let i = i0 + lid;
      let ir = 2u * (b * L + min(i, L - 1u));
      lset[lid] = select(neg_inf, rows[ir + 1u], i < L);
      dt[lid] = select(0.0, rows[ir], i < L);
    }
    workgroupBarrier();
    ${perQuad((r, m) => `var s${r}_${m} = vec4<f32>(0.0);`)}
    for (var e = 0u; e < ne; e++) {
      ${perRow((r) => `let k${r} = ks[row${r} * E + e];`)}
      ${eachQuad((m) => `let q${m} = qt[e * QUADS + ${m}u];`)}
      ${perQuad((r, m) => `s${r}_${m} += q${m} * k${r};`)}
    }
    ${eachQuad((m) => `let lse_${m} = ${vec4Of(m, (n) => `lset[${n}]`)};
    let iq${m} = vec4<u32>(i0) + vec4<u32>(${4 * m}u, ${4 * m + 1}u, ${4 * m + 2}u, ${4 * m + 3}u);`)}
    ${perQuad((r, m) => `let w${r}_${m} = weight(s${r}_${m} + ${vec4Of(m, (n) => `bias_at(b, min(i0 + ${n}u, L - 1u), min(j${r}, S - 1u))`)}, lse_${m}, ${p.causal ? `iq${m} >= vec4<u32>(j${r})` : 'vec4<bool>(true)'});`)}
    ${perQuad((r, m) => `var dp${r}_${m} = vec4<f32>(0.0);`)}
    for (var x = 0u; x < nev; x++) {
      ${perRow((r) => `let v${r} = vs[row${r} * EV + x];`)}
      ${eachQuad((m) => `let g${m} = dot_t[x * QUADS + ${m}u];`)}
      ${perQuad((r, m) => `dp${r}_${m} += g${m} * v${r};`)}
    }
    // qt holds q·scale, so Σ ds·qt = scale·Σ dS·q
    ${eachQuad((m) => `let d_${m} = ${vec4Of(m, (n) => `dt[${n}]`)};`)}
    ${perQuad((r, m) => `let ds${r}_${m} = w${r}_${m} * (dp${r}_${m} - d_${m});`)}
    for (var x = 0u; x < nev; x++) {
      ${eachQuad((m) => `let g${m} = dot_t[x * QUADS + ${m}u];`)}
      ${perRow((r) => `dv${r}[x] += ${sumQuads((m) => `dot(w${r}_${m}, g${m})`)};`)}
    }
    for (var e = 0u; e < ne; e++) {
      ${eachQuad((m) => `let q${m} = qt[e * QUADS + ${m}u];`)}
      ${perRow((r) => `dk${r}[e] += ${sumQuads((m) => `dot(ds${r}_${m}, q${m})`)};`)}
    }
  }
  ${perRow((r) => `if (live${r}) {
    for (var e = 0u; e < ne; e++) { dkv[row${r} * (E + EV) + e] = dk${r}[e]; }
    for (var x = 0u; x < nev; x++) { dkv[row${r} * (E + EV) + E + x] = dv${r}[x]; }
  }`)}
}`,
    params: block,
    buffers: [q.buffer, k.buffer, v.buffer, dos, rowsD, ...biasBuffers, dkv],
    workgroups: s.B * Math.ceil(s.S / BLOCK),
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
