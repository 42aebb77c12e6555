/**
 * Fused attention forward, scalar: for each query row an online softmax over the keys (running
 * max m, running sum l, running weighted sum of values), so only O(Ev) scratch per row is live.
 */
import type { AttentionParams } from '@nabla/tensor-core';
import type { AttentionDims } from './attention_geometry.js';

type Floats = Float32Array | Float64Array;

/** → packed [B, L, Ev + 1]: each row's output, then its logsumexp (−∞ and zeros when every key is blocked). */
export function attentionKernel(q: Floats, k: Floats, v: Floats, bias: Floats | null, d: AttentionDims, p: AttentionParams, out: Floats): void {
  const { B, L, S, E, Ev } = d;
  const [bsB, bsL, bsS] = d.biasStrides;
  const W = Ev + 1;
  const acc = new Float64Array(Ev);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < L; i++) {
      const qo = (b * L + i) * E;
      const biasRow = b * bsB + i * bsL;
      const end = p.causal ? Math.min(S, i + 1) : S;
      let m = -Infinity;
      let l = 0;
      acc.fill(0);
      for (let j = 0; j < end; j++) {
        const ko = (b * S + j) * E;
        let s = 0;
        for (let e = 0; e < E; e++) s += q[qo + e] * k[ko + e];
        s *= p.scale;
        if (bias) s += bias[biasRow + j * bsS];
        if (s === -Infinity) continue;
        if (s > m) {
          const c = Math.exp(m - s);
          l *= c;
          for (let c2 = 0; c2 < Ev; c2++) acc[c2] *= c;
          m = s;
        }
        const w = Math.exp(s - m);
        l += w;
        const vo = (b * S + j) * Ev;
        for (let c2 = 0; c2 < Ev; c2++) acc[c2] += w * v[vo + c2];
      }
      const oo = (b * L + i) * W;
      for (let c2 = 0; c2 < Ev; c2++) out[oo + c2] = l > 0 ? acc[c2] / l : 0;
      out[oo + Ev] = l > 0 ? m + Math.log(l) : -Infinity;
    }
  }
}
