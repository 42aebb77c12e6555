import { describe, expect, it } from 'vitest';
import type { AttentionParams, TensorInfo } from '@nabla/tensor-core';
import { createWasmBackend } from '../src/create-wasm-backend.js';
import { uniform } from './support/random.js';

// Causal fused attention big enough to be split between threads (B·L·S·(E + Ev) ≥ 4M multiply-adds),
// with a length that is not a multiple of the 32-key blocks and head sizes that are multiples of 4.
const [B, T, E, Ev] = [4, 161, 40, 36];
const P: AttentionParams = { scale: 0.3, causal: true };

interface Attention {
  readonly out: Float64Array;
  readonly dq: Float64Array;
  readonly dk: Float64Array;
  readonly dv: Float64Array;
}

const q = uniform(B * T * E, 11, -2, 2);
const k = uniform(B * T * E, 12, -2, 2);
const v = uniform(B * T * Ev, 13);
/** The packed output gradient [B, L, Ev + 1], a logsumexp gradient in the last column. */
const dOut = uniform(B * T * (Ev + 1), 14);

/** Float64 reference, written out from the definitions: softmax weights, then the chain rule through them and the logsumexp. */
function reference(): Attention {
  const W = Ev + 1;
  const out = new Float64Array(B * T * W);
  const dq = new Float64Array(B * T * E);
  const dk = new Float64Array(B * T * E);
  const dv = new Float64Array(B * T * Ev);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < T; i++) {
      const s = new Float64Array(i + 1);
      for (let j = 0; j <= i; j++) {
        let dot = 0;
        for (let e = 0; e < E; e++) dot += q[(b * T + i) * E + e] * k[(b * T + j) * E + e];
        s[j] = dot * P.scale;
      }
      const m = Math.max(...s);
      let sum = 0;
      for (let j = 0; j <= i; j++) sum += Math.exp(s[j] - m);
      const w = Array.from(s, (x) => Math.exp(x - m) / sum);
      const o = (b * T + i) * W;
      for (let c = 0; c < Ev; c++) for (let j = 0; j <= i; j++) out[o + c] += w[j] * v[(b * T + j) * Ev + c];
      out[o + Ev] = m + Math.log(sum);
      // d lse / d s_j = w_j, so the logsumexp's gradient enters as −dlse in D
      let D = -dOut[o + Ev];
      for (let c = 0; c < Ev; c++) D += dOut[o + c] * out[o + c];
      for (let j = 0; j <= i; j++) {
        let dP = 0;
        for (let c = 0; c < Ev; c++) {
          dP += dOut[o + c] * v[(b * T + j) * Ev + c];
          dv[(b * T + j) * Ev + c] += w[j] * dOut[o + c];
        }
        const dS = w[j] * (dP - D) * P.scale;
        for (let e = 0; e < E; e++) {
          dq[(b * T + i) * E + e] += dS * k[(b * T + j) * E + e];
          dk[(b * T + j) * E + e] += dS * q[(b * T + i) * E + e];
        }
      }
    }
  }
  return { out, dq, dk, dv };
}

async function fused(numThreads: number): Promise<Attention> {
  const backend = await createWasmBackend({ numThreads });
  try {
    const info = (values: number[], shape: number[]): TensorInfo => ({ dataId: backend.write(Float32Array.from(values), 'float32'), shape, dtype: 'float32' });
    const [qi, ki, vi, dOuti] = [info(q, [B, T, E]), info(k, [B, T, E]), info(v, [B, T, Ev]), info(dOut, [B, T, Ev + 1])];
    const outId = backend.attention(qi, ki, vi, null, P, [B, T, Ev + 1]);
    const grads = backend.attentionBackward(qi, ki, vi, null, { dataId: outId, shape: [B, T, Ev + 1], dtype: 'float32' }, dOuti, P);
    const read = (id: typeof outId): Float64Array => Float64Array.from(backend.readSync(id) as Float32Array);
    return { out: read(outId), dq: read(grads.dq), dk: read(grads.dk), dv: read(grads.dv) };
  } finally {
    backend.dispose();
  }
}

/** Largest |got − want| / (|want| + 1). */
function maxError(got: Float64Array, want: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (Math.abs(want[i]) + 1));
  return worst;
}

describe('fused attention kernels on several threads', () => {
  it('agree with a float64 reference on 1, 2 and 3 threads (split by head, by key block, or not at all)', async () => {
    const want = reference();
    for (const numThreads of [1, 2, 3]) {
      const got = await fused(numThreads);
      for (const name of ['out', 'dq', 'dk', 'dv'] as const) {
        expect(got[name].length, name).toBe(want[name].length);
        expect(maxError(got[name], want[name]), `${name} on ${numThreads} thread(s)`).toBeLessThan(2e-5);
      }
    }
  });

  it('give the same bits on 1 thread and on 2 threads, where each thread takes whole heads', async () => {
    const [one, two] = [await fused(1), await fused(2)];
    for (const name of ['out', 'dq', 'dk', 'dv'] as const) {
      const differing = one[name].reduce((count, x, i) => count + (Object.is(x, two[name][i]) ? 0 : 1), 0);
      expect(differing, name).toBe(0);
    }
  });
});

describe('fused attention and NaN', () => {
  it('turns a query row with a NaN into a NaN output row and leaves the other rows finite', async () => {
    const backend = await createWasmBackend({ numThreads: 1 });
    try {
      const [L, D] = [40, 8];
      const qv = Float32Array.from(uniform(L * D, 21));
      qv[5 * D + 3] = NaN;
      const kv = Float32Array.from(uniform(L * D, 22));
      const vv = Float32Array.from(uniform(L * D, 23));
      const info = (values: Float32Array): TensorInfo => ({ dataId: backend.write(values, 'float32'), shape: [1, L, D], dtype: 'float32' });
      const out = backend.readSync(backend.attention(info(qv), info(kv), info(vv), null, P, [1, L, D + 1])) as Float32Array;
      for (let i = 0; i < L; i++) {
        const row = Array.from(out.subarray(i * (D + 1), i * (D + 1) + D));
        expect(row.every((x) => (i === 5 ? Number.isNaN(x) : Number.isFinite(x))), `row ${i}: ${row.join(' ')}`).toBe(true);
      }
    } finally {
      backend.dispose();
    }
  });
});
