/**
 * Fused attention backward, FlashAttention-2 blocking: per block of BK keys, every block of BQ
 * queries that can see it rebuilds P = e^(s − lse) from the saved logsumexp, then
 * dv += Pᵀ·dO, dS = P ∘ (dO·vᵀ − D)·scale, dk += dSᵀ·q and dq += dS·k, each a register-blocked
 * tile product. Only the per-row D = Σ dO·O − dlse and float64 copies of the operands are stored.
 */
import type { AttentionParams } from '@nabla/tensor-core';
import type { AttentionDims } from './attention-geometry.js';
import { BK, BQ, TRIM_COLUMNS, TRIM_DEPTH, WHOLE, expRow, product, scoreRow, transposedCopy, view } from './attention-blocks.js';

type Floats = Float32Array | Float64Array;

/** Writes dq [B, L, E], dk [B, S, E], dv [B, S, Ev] from the packed output and its gradient. */
export function attentionBackwardKernel(
  q: Floats, k: Floats, v: Floats, bias: Floats | null, out: Floats, dOut: Floats, d: AttentionDims, p: AttentionParams,
  dq: Floats, dk: Floats, dv: Floats,
): void {
  const { B, L, S, E, Ev } = d;
  const [bsB, bsL, bsS] = d.biasStrides;
  const W = Ev + 1;
  const qd = Float64Array.from(q);
  const kd = Float64Array.from(k);
  const dOd = Float64Array.from(dOut);
  const kT = transposedCopy(k, B, S, E);
  const vT = transposedCopy(v, B, S, Ev);
  const dqAcc = new Float64Array(B * L * E);
  const dkAcc = new Float64Array(BK * E);
  const dvAcc = new Float64Array(BK * Ev);
  const probs = new Float64Array(BQ * BK);
  const dScores = new Float64Array(BQ * BK);
  const D = new Float64Array(B * L);
  for (let r = 0; r < B * L; r++) {
    let s = -dOd[r * W + Ev];
    for (let c = 0; c < Ev; c++) s += dOd[r * W + c] * out[r * W + c];
    D[r] = s;
  }
  const trimColumns = p.causal ? TRIM_COLUMNS : WHOLE;
  const trimDepth = p.causal ? TRIM_DEPTH : WHOLE;
  for (let b = 0; b < B; b++) {
    for (let j0 = 0; j0 < S; j0 += BK) {
      const nk = Math.min(BK, S - j0);
      dkAcc.fill(0);
      dvAcc.fill(0);
      for (let i0 = p.causal ? Math.floor(j0 / BQ) * BQ : 0; i0 < L; i0 += BQ) {
        const mq = Math.min(BQ, L - i0);
        const qRows = view(qd, (b * L + i0) * E, E);
        const dORows = view(dOd, (b * L + i0) * W, W);
        product(mq, BK, E, qRows, view(kT, b * E * S + j0, S), view(probs, 0, BK), false, trimColumns, i0 - j0);
        for (let r = 0; r < mq; r++) {
          const i = i0 + r;
          const lse = out[(b * L + i) * W + Ev];
          if (lse === -Infinity) {
            probs.fill(0, r * BK, (r + 1) * BK);
            continue;
          }
          scoreRow(probs, r, p.scale, nk, j0, i, p.causal, { data: bias, rowOffset: b * bsB + i * bsL, keyStride: bsS });
          expRow(probs, r, lse);
        }
        // dv += Pᵀ·dO; dP = dO·vᵀ, then dS = P ∘ (dP − D)·scale in place
        product(nk, Ev, mq, view(probs, 0, 1, BK), dORows, view(dvAcc, 0, Ev), true);
        product(mq, BK, Ev, dORows, view(vT, b * Ev * S + j0, S), view(dScores, 0, BK), false, trimColumns, i0 - j0);
        for (let r = 0; r < mq; r++) {
          const Dr = D[b * L + i0 + r];
          for (let x = r * BK; x < (r + 1) * BK; x++) dScores[x] = probs[x] === 0 ? 0 : probs[x] * (dScores[x] - Dr) * p.scale;
        }
        // dk += dSᵀ·q, dq += dS·k
        product(nk, E, mq, view(dScores, 0, 1, BK), qRows, view(dkAcc, 0, E), true);
        product(mq, E, nk, view(dScores, 0, BK), view(kd, (b * S + j0) * E, E), view(dqAcc, (b * L + i0) * E, E), true, trimDepth, i0 - j0);
      }
      for (let x = 0; x < nk * E; x++) dk[(b * S + j0) * E + x] = dkAcc[x];
      for (let x = 0; x < nk * Ev; x++) dv[(b * S + j0) * Ev + x] = dvAcc[x];
    }
  }
  dq.set(dqAcc);
}
