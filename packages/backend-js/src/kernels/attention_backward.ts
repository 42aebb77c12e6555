/**
 * Fused attention backward, scalar (FlashAttention's recomputation): the weights are rebuilt
 * from each row's logsumexp, p = exp(s − lse), so only the per-row D = Σ dO·O − dlse is stored.
 * dv_j += p·dO_i, ds = p·(dO_i·v_j − D_i), dq_i += scale·ds·k_j, dk_j += scale·ds·q_i.
 */
import type { AttentionParams } from '@nabla/tensor-core';
import type { AttentionDims } from './attention_geometry.js';

type Floats = Float32Array | Float64Array;

/** Accumulates dq [B, L, E], dk [B, S, E], dv [B, S, Ev] (zero-filled by the caller) from the packed output and its gradient. */
export function attentionBackwardKernel(
  q: Floats, k: Floats, v: Floats, bias: Floats | null, out: Floats, dOut: Floats, d: AttentionDims, p: AttentionParams,
  dq: Floats, dk: Floats, dv: Floats,
): void {
  const { B, L, S, E, Ev } = d;
  const [bsB, bsL, bsS] = d.biasStrides;
  const W = Ev + 1;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < L; i++) {
      const oo = (b * L + i) * W;
      const lse = out[oo + Ev];
      if (lse === -Infinity) continue;
      let D = -dOut[oo + Ev];
      for (let c = 0; c < Ev; c++) D += dOut[oo + c] * out[oo + c];
      const qo = (b * L + i) * E;
      const biasRow = b * bsB + i * bsL;
      const end = p.causal ? Math.min(S, i + 1) : S;
      for (let j = 0; j < end; j++) {
        const ko = (b * S + j) * E;
        const vo = (b * S + j) * Ev;
        let s = 0;
        for (let e = 0; e < E; e++) s += q[qo + e] * k[ko + e];
        s *= p.scale;
        if (bias) s += bias[biasRow + j * bsS];
        if (s === -Infinity) continue;
        const w = Math.exp(s - lse);
        let dp = 0;
        for (let c = 0; c < Ev; c++) {
          dp += dOut[oo + c] * v[vo + c];
          dv[vo + c] += w * dOut[oo + c];
        }
        const ds = w * (dp - D) * p.scale;
        for (let e = 0; e < E; e++) {
          dq[qo + e] += ds * k[ko + e];
          dk[ko + e] += ds * q[qo + e];
        }
      }
    }
  }
}
