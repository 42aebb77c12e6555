/**
 * The fused attention forward (FlashAttention style): a workgroup owns LANES × ROWS_PER_LANE query
 * rows, and streams keys and values through workgroup memory STEP rows at a time, keeping a
 * running max, sum and weighted value sum per row (online softmax). Writes the packed
 * [B, L, Ev + 1] output (row, then logsumexp); no [L, S] matrix is ever stored.
 *
 * Written GEMM-style so that CPU drivers run it well, not only GPUs. Lavapipe runs a workgroup's
 * threads as the lanes of SIMD registers, and (Mesa 25) every workgroup- or storage-memory read
 * inside a loop costs it a scalar load per lane, even when all lanes read the same address, so what
 * counts is how many multiply-adds each read feeds:
 * - every read is a vec4 (rows are staged zero-padded to a multiple of 4 features);
 * - a thread owns ROWS_PER_LANE query rows (a register tile), so each key or value vec4 read from
 *   workgroup memory feeds ROWS_PER_LANE rows;
 * - the STEP scores and weights of each owned row are named scalars (unrolled here in TypeScript),
 *   never private arrays, and every loop has the same trip count for the whole workgroup — masked
 *   keys get zero weight through `select`.
 * The thread's query rows and accumulators are private arrays read once per vec4 per step. Few live
 * values keep the shader compile short on LLVM-based drivers.
 */
import type { AttentionParams } from '@nabla/tensor-core';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { requireFloat32 } from '../storage/storage-layout.js';
import { PRELUDE, bindings, entryPoint } from '../wgsl/prelude.js';
import { FEATURE_BOUNDS, biasBinding, common, params, range, shapeOf, variant } from './shared.js';

/** Threads per workgroup. */
const LANES = 16;
/** Query rows each thread owns (rows lane, lane + LANES, …). */
const ROWS_PER_LANE = 4;
/** Key/value rows staged in workgroup memory per step; their scores are named scalars. */
const STEP = 8;
/** Query rows per workgroup. */
const BLOCK = LANES * ROWS_PER_LANE;

const rows = range(ROWS_PER_LANE);
const steps = range(STEP);
/** One WGSL statement per owned row (`r`) or per step row (`n`), joined as lines. */
const lines = (xs: readonly number[], line: (x: number) => string): string => xs.map(line).join('\n    ');
/** One statement per (owned row, step row) pair. */
const pairs = (line: (r: number, n: number) => string): string => lines(rows, (r) => lines(steps, (n) => line(r, n)));

/**
 * WGSL `quad_<xs>(row, c)`: features 4c … 4c + 3 of row `row` of the [·, width] buffer `xs`, zero
 * past the row's end. A width that is a multiple of 4 reads the buffer as vec4s (one load).
 */
function quad(xs: string, width: number): string {
  if (width % 4 === 0) return `fn quad_${xs}(row: u32, c: u32) -> vec4<f32> { return ${xs}[row * ${width / 4}u + c]; }`;
  const at = (u: number): string => `select(0.0, ${xs}[o + ${u}u], c * 4u + ${u}u < ${width}u)`;
  return /* wgsl */ `fn quad_${xs}(row: u32, c: u32) -> vec4<f32> {
  let o = row * ${width}u + c * 4u;
  return vec4<f32>(${xs}[o], ${at(1)}, ${at(2)}, ${at(3)});
}`;
}

/** The storage element type of a [·, width] input read by `quad`. */
const quadType = (width: number): string => (width % 4 === 0 ? 'vec4<f32>' : 'f32');

/** → packed [B, L, Ev + 1]. */
export function attentionForward(rt: GPURuntime, q: GPUInput, k: GPUInput, v: GPUInput, bias: GPUInput | null, p: AttentionParams, out: GPUBuffer): void {
  for (const t of [q, k, v, ...(bias ? [bias] : [])]) requireFloat32(t.dtype, 'attention', t.shape);
  const s = shapeOf(q, k, v);
  const blocks = Math.ceil(s.L / BLOCK);
  const e4 = Math.ceil(s.E / 4);
  const ev4 = Math.ceil(s.Ev / 4);
  rt.dispatch({
    key: `attention:${variant(s, bias, p)}`,
    source: () => /* wgsl */ `${PRELUDE}
${bindings([['qs', 'f32'], ['ks', quadType(s.E)], ['vs', quadType(s.Ev)], ...biasBinding(bias !== null)], [['out', 'f32']])}
${common(s, bias !== null)}
const LANES = ${LANES}u;
const BLOCK = ${BLOCK}u;
const STEP = ${STEP}u;
const E4 = ${e4}u;
const EV4 = ${ev4}u;
var<workgroup> kt: array<vec4<f32>, ${STEP * e4}>;
var<workgroup> vt: array<vec4<f32>, ${STEP * ev4}>;
${quad('ks', s.E)}
${quad('vs', s.Ev)}
${entryPoint(LANES)}
  let L = p[1]; let S = p[2]; let scale = pf(3);
  let blocks = (L + BLOCK - 1u) / BLOCK;
  let wg = wid.x + wid.y * nwg.x;
  let b = wg / blocks;
  let i0 = (wg % blocks) * BLOCK;
  let neg_inf = -inf_f32();
  ${FEATURE_BOUNDS}
  let ne4 = (ne + 3u) / 4u;
  let nev4 = (nev + 3u) / 4u;
  ${lines(rows, (r) => `let row${r} = i0 + lid + ${r * LANES}u;
    let live${r} = row${r} < L;
    let row_end${r} = select(0u, ${p.causal ? `min(S, row${r} + 1u)` : 'S'}, live${r});
    let src${r} = min(b * L + row${r}, p[0] * L - 1u);
    var q${r}: array<f32, ${e4 * 4}>;
    var acc${r}: array<f32, ${ev4 * 4}>;
    for (var e = 0u; e < ne; e++) { q${r}[e] = qs[src${r} * E + e] * scale; }
    for (var e = ne; e < ne4 * 4u; e++) { q${r}[e] = 0.0; }
    for (var x = 0u; x < nev4 * 4u; x++) { acc${r}[x] = 0.0; }
    var m${r} = neg_inf;
    var l${r} = 0.0;`)}
  let key_end = ${p.causal ? 'min(S, i0 + BLOCK)' : 'S'};
  for (var j0 = 0u; j0 < key_end; j0 += STEP) {
    workgroupBarrier();
    for (var t = lid; t < STEP * ne4; t += LANES) {
      let j = j0 + t / E4;
      kt[t] = select(vec4<f32>(0.0), quad_ks(b * S + min(j, S - 1u), t % E4), j < S);
    }
    for (var t = lid; t < STEP * nev4; t += LANES) {
      let j = j0 + t / EV4;
      vt[t] = select(vec4<f32>(0.0), quad_vs(b * S + min(j, S - 1u), t % EV4), j < S);
    }
    workgroupBarrier();
    ${pairs((r, n) => `var s${r}_${n} = 0.0;`)}
    for (var c = 0u; c < ne4; c++) {
      ${lines(rows, (r) => `let qc${r} = vec4<f32>(q${r}[4u * c], q${r}[4u * c + 1u], q${r}[4u * c + 2u], q${r}[4u * c + 3u]);`)}
      ${lines(steps, (n) => `let k${n} = kt[${n}u * E4 + c];
      ${lines(rows, (r) => `s${r}_${n} += dot(qc${r}, k${n});`)}`)}
    }
    ${lines(rows, (r) => `${lines(steps, (n) => `let x${r}_${n} = select(neg_inf, s${r}_${n} + bias_at(b, row${r}, j0 + ${n}u), j0 + ${n}u < row_end${r});`)}
    let m_new${r} = max(m${r}, ${steps.map((n) => `x${r}_${n}`).reduce((a, x) => `max(${a}, ${x})`)});
    // a row with every key so far masked keeps m = −inf, zero weights and an untouched accumulator
    let dead${r} = m_new${r} == neg_inf;
    let rescale${r} = select(exp(m${r} - m_new${r}), 1.0, dead${r});
    ${lines(steps, (n) => `let w${r}_${n} = select(exp(x${r}_${n} - m_new${r}), 0.0, dead${r});`)}
    m${r} = m_new${r};
    l${r} = l${r} * rescale${r} + ${steps.map((n) => `w${r}_${n}`).join(' + ')};`)}
    for (var c = 0u; c < nev4; c++) {
      ${lines(rows, (r) => `var a${r} = vec4<f32>(acc${r}[4u * c], acc${r}[4u * c + 1u], acc${r}[4u * c + 2u], acc${r}[4u * c + 3u]) * rescale${r};`)}
      ${lines(steps, (n) => `let v${n} = vt[${n}u * EV4 + c];
      ${lines(rows, (r) => `a${r} += w${r}_${n} * v${n};`)}`)}
      ${lines(rows, (r) => `acc${r}[4u * c] = a${r}.x; acc${r}[4u * c + 1u] = a${r}.y; acc${r}[4u * c + 2u] = a${r}.z; acc${r}[4u * c + 3u] = a${r}.w;`)}
    }
  }
  ${lines(rows, (r) => `if (live${r}) {
    let o = (b * L + row${r}) * W;
    let inv = select(0.0, 1.0 / l${r}, l${r} > 0.0);
    for (var x = 0u; x < nev; x++) { out[o + x] = acc${r}[x] * inv; }
    out[o + EV] = select(neg_inf, m${r} + log(l${r}), l${r} > 0.0);
  }`)}
}`,
    params: params(s, bias, p),
    buffers: [q.buffer, k.buffer, v.buffer, ...(bias ? [bias.buffer] : []), out],
    workgroups: s.B * blocks,
  });
}
