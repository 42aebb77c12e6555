/**
 * Fused attention forward, FlashAttention-2 blocking: for each block of BQ query rows the keys
 * stream by in blocks of BK; a tile of scores is one register-blocked product, the softmax runs
 * online (running max m and sum l per row) and the weighted values accumulate per block. Extra
 * memory is float64 copies of q, kᵀ and v and O(BQ·(BK + Ev)) scratch: O(L + S), never L × S.
 */
import type { AttentionParams } from '@nabla/tensor-core';
import type { AttentionDims } from './attention-geometry.js';
import { BK, BQ, TRIM_COLUMNS, TRIM_DEPTH, WHOLE, expRow, product, scoreRow, transposedCopy, view } from './attention-blocks.js';

type Floats = Float32Array | Float64Array;

/** → packed [B, L, Ev + 1]: each row's output, then its logsumexp (−∞ and zeros when every key is blocked). */
export function attentionKernel(q: Floats, k: Floats, v: Floats, bias: Floats | null, d: AttentionDims, p: AttentionParams, out: Floats): void {
  const { B, L, S, E, Ev } = d;
  const [bsB, bsL, bsS] = d.biasStrides;
  const W = Ev + 1;
  const qd = Float64Array.from(q);
  const vd = Float64Array.from(v);
  const kT = transposedCopy(k, B, S, E);
  const tile = new Float64Array(BQ * BK);
  const acc = new Float64Array(BQ * Ev);
  const runMax = new Float64Array(BQ);
  const runSum = new Float64Array(BQ);
  const trimColumns = p.causal ? TRIM_COLUMNS : WHOLE;
  const trimDepth = p.causal ? TRIM_DEPTH : WHOLE;
  for (let b = 0; b < B; b++) {
    for (let i0 = 0; i0 < L; i0 += BQ) {
      const mq = Math.min(BQ, L - i0);
      acc.fill(0);
      runMax.fill(-Infinity);
      runSum.fill(0);
      const keyEnd = p.causal ? Math.min(S, i0 + mq) : S;
      for (let j0 = 0; j0 < keyEnd; j0 += BK) {
        const nk = Math.min(BK, keyEnd - j0);
        product(mq, BK, E, view(qd, (b * L + i0) * E, E), view(kT, b * E * S + j0, S), view(tile, 0, BK), false, trimColumns, i0 - j0);
        for (let r = 0; r < mq; r++) {
          const i = i0 + r;
          const blockMax = scoreRow(tile, r, p.scale, nk, j0, i, p.causal, { data: bias, rowOffset: b * bsB + i * bsL, keyStride: bsS });
          const mOld = runMax[r];
          const mNew = Math.max(mOld, blockMax);
          if (mNew === -Infinity) {
            tile.fill(0, r * BK, (r + 1) * BK);
            continue;
          }
          const alpha = mOld === -Infinity ? 0 : Math.exp(mOld - mNew);
          runSum[r] = runSum[r] * alpha + expRow(tile, r, mNew);
          runMax[r] = mNew;
          if (alpha !== 1) for (let c = r * Ev; c < (r + 1) * Ev; c++) acc[c] *= alpha;
        }
        product(mq, Ev, nk, view(tile, 0, BK), view(vd, (b * S + j0) * Ev, Ev), view(acc, 0, Ev), true, trimDepth, i0 - j0);
      }
      for (let r = 0; r < mq; r++) {
        const o = (b * L + i0 + r) * W;
        const l = runSum[r];
        const inv = l > 0 ? 1 / l : 0;
        for (let c = 0; c < Ev; c++) out[o + c] = acc[r * Ev + c] * inv;
        out[o + Ev] = l > 0 ? runMax[r] + Math.log(l) : -Infinity;
      }
    }
  }
}
